"use strict";
// tedious: `authentication: { type: "token-credential", options: { credential } }`. tedious calls
// the credential's getToken once per login, after the server's FEDAUTHINFO, for the scope the
// server's SPN names (`https://database.windows.net/.default` on Azure). The credential given here
// answers from the shared token source for that scope, so every connection on a credential shares
// one cached token. The scope comes from the server, so only Azure SQL's scopes are served unless
// the app names its own: a server must not be able to ask for a token for another resource.
const { sharedTokenSource, checkConnectionOptions, checkCredential } = require("../source.cjs");
const { isLoopback, isSqlScope } = require("../hosts.cjs");
const { entraError, describe, check, checkObject } = require("../errors.cjs");

/** tedious' and mssql's `encrypt`: true unless the config says false (both default to true). */
function encrypts(config) {
  const encrypt = config.options?.encrypt ?? config.encrypt;
  return encrypt !== false;
}

/**
 * Refuses to send a token to a server off this machine over an unencrypted connection. The rule is
 * hosts.cjs' isLoopback; the words are SQL Server's.
 */
function assertEncryptedOrLoopback(config, allowInsecure) {
  const server = config.server;
  check(
    server === undefined || typeof server === "string",
    () => `config.server must be a string, got ${describe(server)}`,
  );
  if (encrypts(config) || allowInsecure === true || isLoopback(server)) return;
  throw entraError(
    "INSECURE_CONNECTION",
    `refusing to send an Entra ID token to ${server} without encryption: set \`options.encrypt\` to "strict" (TDS 8) or true (the default), or pass \`allowInsecure: true\` to send it in clear text anyway`,
  );
}

/**
 * tedious with `encrypt: true` carries on in clear text when the server's PRELOGIN answers that it
 * does not support encryption (tedious 19, performTlsNegotiation): a man in the middle can say so.
 * Checked just before the token would be sent on `connection` (a tedious Connection); `"strict"`
 * is always encrypted (TLS before the first byte).
 */
function assertSessionEncrypted(connection, server, allowInsecure) {
  const encrypted =
    connection.config?.options?.encrypt === "strict" || connection.messageIo?.tlsNegotiationComplete !== false;
  if (encrypted || allowInsecure === true || isLoopback(server)) return;
  throw entraError(
    "INSECURE_CONNECTION",
    `refusing to send an Entra ID token to ${server}: its PRELOGIN answer left the connection unencrypted although \`encrypt\` is on; use \`encrypt: "strict"\` (TDS 8), which encrypts before the first byte`,
  );
}

/**
 * A TokenCredential for tedious: each getToken(scope) answers from the shared token source of
 * (options.credential, options.scope ?? scope). `onToken(accessToken, source)` sees each answer.
 */
function sqlTokenCredential(options, onToken) {
  return {
    getToken: async (scopes) => {
      const list = Array.isArray(scopes) ? scopes : [scopes];
      check(list.length === 1, () => `getToken takes exactly one scope, got ${list.length}`);
      const scope = options.scope ?? list[0];
      check(
        options.scope !== undefined || isSqlScope(scope),
        () =>
          `the server asked for a token for ${JSON.stringify(list[0])}, which is not Azure SQL's (https://database.windows.net/.default, or a sovereign cloud's): pass option \`scope\` to send that server a token for it anyway`,
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
  return { type: "token-credential", options: { credential: sqlTokenCredential(options) } };
}

module.exports = {
  tediousAuthentication,
  sqlTokenCredential,
  assertEncryptedOrLoopback,
  assertSessionEncrypted,
  checkSqlOptions,
};
