"use strict";
// node-postgres: `password` may be a function returning a promise; pg calls it once per physical
// connection, and since 8.19 passes the connection parameters (host, user, ssl, …).
const { AsyncLocalStorage } = require("node:async_hooks");
const { createRequire } = require("node:module");
const {
  sharedTokenSource,
  sourceForHost,
  checkConnectionOptions,
  checkCredential,
  isCredential,
} = require("../core/source.cjs");
const { scopeForHost, assertTlsOrLoopback } = require("../core/hosts.cjs");
const { describe, check, checkObject, checkKnownOptions, entraError } = require("../core/errors.cjs");
const { missingPeer } = require("../core/peer.cjs");

const PASSWORD_OPTIONS = ["credential", "scope", "allowInsecure"];

/**
 * A token to use as the password, from a shared refresh-ahead cache. Use it as pg's `password`
 * directly (pg passes its connection parameters: the scope follows the host's cloud, and a
 * connection off loopback without verified TLS is refused), or with a credential:
 * `password: (connection) => getEntraTokenPassword(connection, { credential, scope })`. The older
 * form `getEntraTokenPassword(credential, { scope })` still works, and checks nothing: it does not
 * know where the token goes.
 * @returns {Promise<string>}
 */
function getEntraTokenPassword(credentialOrConnection, options = {}) {
  try {
    checkConnectionOptions(options);
    checkKnownOptions(options, PASSWORD_OPTIONS);
    checkCredential(options.credential);
    // pg before 8.19 calls `client.password()` with no arguments: its parameters are on the client.
    const arg = credentialOrConnection ?? this?.connectionParameters ?? undefined;
    check(
      arg === undefined || (typeof arg === "object" && !Array.isArray(arg)),
      () => `the first argument must be a TokenCredential or pg's connection parameters, got ${describe(arg)}`,
    );
    const given = isCredential(arg);
    // pg's connection parameters have no getToken: this is a broken credential, not a connection.
    check(
      given || arg?.getToken === undefined,
      () => `the credential's getToken must be a function, got ${describe(arg?.getToken)}`,
    );
    const credential = given ? arg : options.credential;
    const connection = given ? undefined : arg;
    if (connection) assertTlsOrLoopback(connection.host, connection.ssl, options.allowInsecure, connection.sslmode);
    return sharedTokenSource(credential, options.scope ?? scopeForHost(connection?.host)).getPassword();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** pg, an optional peer (see core/peer.cjs). */
function loadPg(feature) {
  try {
    return require("pg");
  } catch (cause) {
    throw missingPeer("pg", feature, cause);
  }
}

const DEFAULT_MAX_LIFETIME_SECONDS = 30 * 60;
/**
 * The login a createPool connect() has under way: pg's password function records the token it
 * sent. The store is reachable from async resources that util.inspect may print, so the token is
 * kept in a private field.
 */
const loginUnderWay = new AsyncLocalStorage();
class Login {
  #token;
  constructor(token) {
    this.#token = token;
  }
  get token() {
    return this.#token;
  }
  set token(token) {
    this.#token = token;
  }
}
/** Refused logins: invalid_password, invalid_authorization_specification. */
const REJECTED_LOGIN = new Set(["28P01", "28000"]);
/**
 * A 28000 from pg_hba.conf, before any password is asked for: PostgreSQL's `no pg_hba.conf entry for
 * host "…", user "…", database "…", <no encryption | SSL encryption | GSS encryption>`.
 */
const NO_HBA_ENTRY = /^no pg_hba\.conf entry for /;

/** Whether the server refused the token (so a fresh one may help), not the connection itself. */
function isTokenRejection(error) {
  return REJECTED_LOGIN.has(error?.code) && !NO_HBA_ENTRY.test(error.message);
}

/** A server that takes only encrypted connections refused a plain one: say so, not "check the token". */
function withTlsHint(error, { host }) {
  if (error?.code === "28000" && NO_HBA_ENTRY.test(error.message) && /, no encryption$/.test(error.message)) {
    error.hint ??= `${host ?? "the server"} accepts only encrypted connections (Azure: require_secure_transport): connect with TLS (pg: \`ssl: true\`, or sslmode=require or verify-full); the token was not checked`;
  }
  return error;
}

/**
 * A pg.Pool that logs in with Entra ID tokens:
 * - the password from the shared token source for (credential, the host's scope);
 * - `user`: the `username` option, else the config's (or its connection string's), else the role
 *   from the token's claims (managed identity name, upn, …), else `fallbackUsername`, else PGUSER;
 * - `maxLifetimeSeconds` by default 30 min ± 10%, so that a revoked principal loses its connections
 *   and a fleet's pools do not recycle in step;
 * - a connect the server rejects for the token (28P01/28000) is retried once with a fresh token, and
 *   a rejection that remains carries a `hint` that says what to check; a 28000 from pg_hba.conf
 *   (no TLS, or no entry for this client) is not the token's fault and costs no new token.
 * @param {import("pg").PoolConfig} [config]
 * @param {{ credential?: import("@azure/core-auth").TokenCredential, scope?: string, allowInsecure?: boolean, username?: string, fallbackUsername?: string, allowAppId?: boolean }} [options]
 * @returns {import("pg").Pool}
 */
function createPool(config = {}, options = {}) {
  checkObject(config, "config");
  const pg = loadPg("createPool");
  for (const name of ["host", "connectionString"]) {
    const value = config[name];
    check(value == null || typeof value === "string", () => `config.${name} must be a string, got ${describe(value)}`);
  }
  const target = pgTarget(config);
  const source = sourceForHost(target, options);
  const { username, fallbackUsername, allowAppId } = options;
  if (username) target.config.user = username;

  class EntraPool extends pg.Pool {
    connect(callback) {
      const connected = this.#connect();
      if (!callback) return connected;
      connected.then((client) => callback(undefined, client, client.release), callback);
    }

    async #connect() {
      this.options.user ??= await source.getUsername({ fallbackUsername, allowAppId });
      const login = new Login(await source.getPassword());
      try {
        return await loginUnderWay.run(login, () => super.connect());
      } catch (error) {
        if (!isTokenRejection(error)) throw withTlsHint(error, this.options);
        // The token the server refused is the one pg sent, which a refresh landing during the login
        // may have made newer than the one fetched above. Retried even when that token was already
        // dropped (by another refused login): the retry gets the source's newer token.
        source.invalidate(login.token);
        try {
          return await super.connect();
        } catch (again) {
          throw await withHint(again, this.options);
        }
      }
    }
  }

  async function withHint(error, { user, host }) {
    if (!isTokenRejection(error) || error.hint) return withTlsHint(error, { host });
    const fromToken = await source.describeUsername({ fallbackUsername, allowAppId }).catch(() => undefined);
    error.hint =
      fromToken && fromToken.name !== user
        ? `the Entra ID token is for role "${fromToken.name}" (from ${fromToken.source}), but the connection logs in as "${user}": set user to "${fromToken.name}", or to a group the principal belongs to`
        : `check that role "${user}" exists on ${host ?? "the server"} and was created for this principal (pgaadauth_create_principal), and that the token's tenant and audience are the server's; \`npx entra-db-auth doctor --host ${host ?? "<host>"}\` checks each step`;
    return error;
  }

  const maxLifetimeSeconds =
    config.maxLifetimeSeconds ?? Math.round(DEFAULT_MAX_LIFETIME_SECONDS * (0.9 + 0.2 * Math.random()));
  // pg calls this for each new client; the login under way (when this pool's connect started it)
  // learns which token went to the server.
  const password = async () => {
    const token = await source.getPassword();
    const login = loginUnderWay.getStore();
    if (login) login.token = token;
    return token;
  };
  return new EntraPool({ ...target.config, maxLifetimeSeconds, password });
}

/** PGSSLMODE values for which pg turns TLS on when nothing else sets `ssl`. */
const PG_ENV_TLS_MODES = new Set(["prefer", "require", "verify-ca", "verify-full", "no-verify"]);

/**
 * Where a pg Client given `config` connects, and how, worked out as pg does it: a connection
 * string's fields (read by pg's own pg-connection-string) over the config, then PGHOST and
 * PGSSLMODE, then pg.defaults. `config` comes back with the string's fields spread in (as each
 * Client spreads them), so that a `user` set later is not replaced by the string's empty one.
 * @returns {{ config: object, host: string, ssl: unknown, sslmode: string | undefined }}
 */
function pgTarget(config) {
  const pg = loadPg("a pg connection config");
  const { connectionString, ...rest } = config;
  let fromString = {};
  if (connectionString != null) {
    try {
      // Resolved from pg's folder: the copy pg uses, wherever npm put it.
      fromString = createRequire(require.resolve("pg"))("pg-connection-string").parse(connectionString);
    } catch (cause) {
      throw entraError("INVALID_ARGUMENT", "config.connectionString is not a connection string pg can read", cause);
    }
  }
  const merged = { ...rest, ...fromString };
  if (!merged.user) delete merged.user;
  const sslmode = merged.sslmode ?? (merged.ssl === undefined ? process.env.PGSSLMODE : undefined);
  let ssl = merged.ssl;
  if (ssl === undefined) ssl = PG_ENV_TLS_MODES.has(sslmode) || pg.defaults.ssl;
  return { config: merged, host: merged.host || process.env.PGHOST || pg.defaults.host, ssl, sslmode };
}

module.exports = { getEntraTokenPassword, createPool, pgTarget, loadPg };
