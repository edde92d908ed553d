"use strict";
// tedious: `authentication: { type: "token-credential", options: { credential } }`. tedious calls
// the credential's getToken once per login, after the server's FEDAUTHINFO, for the scope the
// server's SPN names (`https://database.windows.net/.default` on Azure). The credential given here
// answers from the shared token source for that scope, so every connection on a credential shares
// one cached token. The scope comes from the server, so a server is served only its own cloud's
// Azure SQL scope unless the app names another: a server must not be able to ask for a token for
// another resource, or another cloud. And the token goes only over an encrypted session with a
// verified certificate (or to this machine), which only the connection itself can tell.
const { AsyncLocalStorage } = require("node:async_hooks");
const { sharedTokenSource, checkConnectionOptions, checkCredential } = require("../core/source.cjs");
const { isLoopback, sqlScopeForHost, SQL_PUBLIC_SCOPE } = require("../core/hosts.cjs");
const { EntraDbAuthError, entraError, describe, check, checkObject, checkKnownOptions } = require("../core/errors.cjs");

/** The tedious Connection whose login is asking for a token, while its login step runs. */
const loginUnderWay = new AsyncLocalStorage();
const GUARDED = Symbol("entra-db-auth: tedious login guarded");
/** The server a tedious Connection was routed to (Azure's Redirect policy), set as it reroutes. */
const ROUTED_TO = Symbol("entra-db-auth: routed to");
/** tedious' main module, by path: each copy npm installed that the process has loaded. */
const TEDIOUS_MAIN = /[\\/]node_modules[\\/]tedious[\\/]lib[\\/]tedious\.js$/;

/**
 * tedious calls a credential's getToken with a scope and nothing else. Its federated login step
 * (`performSentLogin7WithFedAuth`, tedious 19.1 and later) runs here inside an AsyncLocalStorage,
 * so that our getToken learns which connection asks: the server it really reached (after a
 * redirect too), and whether the session is encrypted. Every copy of tedious the process has loaded
 * is guarded, and the one this package resolves.
 */
function guardTedious() {
  let copies = [];
  try {
    copies = Object.keys(require.cache)
      .filter((path) => TEDIOUS_MAIN.test(path))
      .map((path) => require.cache[path].exports);
  } catch {
    // A bundle (Rollup's ESM output) has no require.cache: the tedious bundled in is required below.
  }
  try {
    copies.push(require("tedious"));
  } catch {
    // Not installed beside this package: the copies the app loaded are all there is.
  }
  for (const tedious of copies) {
    const prototype = tedious?.Connection?.prototype;
    const login = prototype?.performSentLogin7WithFedAuth;
    const reroute = prototype?.performReRouting;
    if (typeof login !== "function" || login[GUARDED]) continue;
    // tedious forgets the routing target once it sends the second LOGIN7: remember it here.
    if (typeof reroute === "function") {
      prototype.performReRouting = function performReRouting(...args) {
        this[ROUTED_TO] = this.routingData?.server;
        return reroute.apply(this, args);
      };
    }
    prototype.performSentLogin7WithFedAuth = Object.assign(
      function performSentLogin7WithFedAuth(...args) {
        return loginUnderWay
          .run(this, () => login.apply(this, args))
          .catch((error) => {
            // tedious wraps a failed getToken in an AggregateError behind "Security token could not
            // be authenticated": our refusal is the error the app should see.
            throw error?.errors?.find((inner) => inner instanceof EntraDbAuthError) ?? error;
          });
      },
      { [GUARDED]: true },
    );
  }
}

/** The server a tedious or mssql config names: tedious' and mssql's `server`, knex's and TypeORM's `host`. */
function serverOf(config) {
  const server = config.server ?? config.host;
  check(
    server === undefined || typeof server === "string",
    () => `config.server must be a string, got ${describe(server)}`,
  );
  return server;
}

/** tedious' `encrypt` and `trustServerCertificate` in a config, at either level tedious' users put them. */
function tlsOf(config) {
  const options = config.options ?? {};
  return {
    encrypt: options.encrypt ?? config.encrypt ?? true,
    trustServerCertificate: options.trustServerCertificate ?? config.trustServerCertificate ?? false,
  };
}

const ENCRYPT_FIX = `set \`options.encrypt\` to "strict" (TDS 8) or true (tedious' default; knex defaults to false)`;
const VERIFY_FIX = `leave \`trustServerCertificate\` false (Sequelize v6 sets it to true unless told otherwise)`;
const OPT_IN = "or pass `allowInsecure: true` to send it anyway";

/**
 * Refuses, before a login starts, a config that would send a token to a server off this machine
 * without encryption or to a certificate nobody verifies.
 */
function assertEncryptedOrLoopback(config, allowInsecure) {
  const server = serverOf(config);
  if (allowInsecure === true || isLoopback(server)) return;
  const { encrypt, trustServerCertificate } = tlsOf(config);
  if (encrypt === false)
    throw entraError(
      "INSECURE_CONNECTION",
      `refusing to send an Entra ID token to ${server} without encryption: ${ENCRYPT_FIX}, ${OPT_IN}`,
    );
  if (trustServerCertificate === true)
    throw entraError(
      "INSECURE_CONNECTION",
      `refusing to send an Entra ID token to ${server} with trustServerCertificate: true, which accepts any certificate: ${VERIFY_FIX}, ${OPT_IN}`,
    );
}

/** The server a tedious login under way talks to: the routed one after a redirect. */
function serverOfLogin(connection) {
  return connection[ROUTED_TO] ?? connection.routingData?.server ?? connection.config.server;
}

/**
 * Refuses to hand a token to the tedious login under way unless its session is encrypted with a
 * verified certificate, or it is to this machine. tedious with `encrypt: true` carries on in clear
 * text when the server's PRELOGIN answers that it does not support encryption (a man in the middle
 * can say so), and knex defaults `encrypt` to false: only the connection itself can tell. Outside a
 * guarded login (a tedious older than 19.1, or a call that is not tedious') nothing can be checked,
 * so only `encrypt: "strict"` with a verified certificate, or loopback, is trusted.
 */
function assertSessionEncrypted(connection, config, allowInsecure) {
  if (allowInsecure === true) return;
  if (!connection) {
    const server = serverOf(config);
    if (isLoopback(server)) return;
    assertEncryptedOrLoopback(config, allowInsecure);
    if (tlsOf(config).encrypt === "strict") return;
    throw entraError(
      "INSECURE_CONNECTION",
      `refusing to send an Entra ID token to ${server}: this tedious cannot show whether its session is encrypted (tedious 19.1 or later can); use \`encrypt: "strict"\` (TDS 8), ${OPT_IN}`,
    );
  }
  const { options } = connection.config;
  const server = serverOfLogin(connection);
  if (isLoopback(server)) return;
  const encrypted = options.encrypt === "strict" || connection.messageIo?.tlsNegotiationComplete === true;
  if (!encrypted)
    throw entraError(
      "INSECURE_CONNECTION",
      `refusing to send an Entra ID token to ${server}: the connection is not encrypted (${options.encrypt === false ? "encrypt is false" : "the server's PRELOGIN answer declined encryption"}): ${ENCRYPT_FIX.replace("or true", "which encrypts before the first byte, or true")}, ${OPT_IN}`,
    );
  if (options.trustServerCertificate === true)
    throw entraError(
      "INSECURE_CONNECTION",
      `refusing to send an Entra ID token to ${server} with trustServerCertificate: true, which accepts any certificate: ${VERIFY_FIX}, ${OPT_IN}`,
    );
}

/**
 * The scope a server may be given a token for: the app's `scope`, else the Azure SQL scope of the
 * server's cloud (the public cloud's for a name that is not Azure's: loopback, a private DNS name).
 * A server in one cloud never gets another cloud's token, nor one for any other resource.
 */
function allowedScope(server, options) {
  return options.scope ?? sqlScopeForHost(server) ?? SQL_PUBLIC_SCOPE;
}

/**
 * A TokenCredential for tedious: each getToken(scope) checks the login under way (encryption, the
 * server's cloud), then answers from the shared token source of (options.credential, the allowed
 * scope). `config` is the tedious, mssql, knex or TypeORM config it serves. `onToken(accessToken,
 * source)` sees each answer.
 */
function sqlTokenCredential(config, options, onToken) {
  return {
    getToken: async (scopes) => {
      const list = Array.isArray(scopes) ? scopes : [scopes];
      check(list.length === 1, () => `getToken takes exactly one scope, got ${list.length}`);
      const connection = loginUnderWay.getStore();
      assertSessionEncrypted(connection, config, options.allowInsecure);
      const server = connection ? serverOfLogin(connection) : serverOf(config);
      const scope = allowedScope(server, options);
      if (options.scope === undefined && list[0] !== scope)
        throw entraError(
          "SCOPE_NOT_ALLOWED",
          `the server ${server ?? "(unnamed)"} asked for a token for ${JSON.stringify(list[0])}, but a server there may only be given one for ${scope}: pass option \`scope\` to send that server a token for another resource anyway`,
        );
      const source = sharedTokenSource(options.credential ?? undefined, scope);
      const accessToken = await source.getToken();
      onToken?.(accessToken, source);
      return accessToken;
    },
  };
}

/** Checks the options the SQL Server integrations take: credential, scope and allowInsecure. */
function checkSqlOptions(options) {
  checkConnectionOptions(options);
  checkKnownOptions(options, ["credential", "scope", "allowInsecure"]);
  checkCredential(options.credential);
}

/**
 * tedious' `authentication` for Entra ID tokens from the shared cache. `config` is the tedious (or
 * mssql) config it goes into: a server off this machine must be reached with encryption on.
 * ```js
 * const config = { server: "orders.database.windows.net", options: { database: "orders", encrypt: "strict" } };
 * new tedious.Connection({ ...config, authentication: tediousAuthentication(config) });
 * ```
 * @param {{ server?: string, encrypt?: boolean | "strict", options?: { encrypt?: boolean | "strict" } }} [config]
 * @param {{ credential?: import("@azure/core-auth").TokenCredential, scope?: string, allowInsecure?: boolean }} [options]
 * @returns {{ type: "token-credential", options: { credential: import("@azure/core-auth").TokenCredential } }}
 */
function tediousAuthentication(config = {}, options = {}) {
  checkObject(config, "config");
  checkSqlOptions(options);
  assertEncryptedOrLoopback(config, options.allowInsecure);
  guardTedious();
  return { type: "token-credential", options: { credential: sqlTokenCredential(config, options) } };
}

module.exports = {
  tediousAuthentication,
  sqlTokenCredential,
  guardTedious,
  assertEncryptedOrLoopback,
  checkSqlOptions,
};
