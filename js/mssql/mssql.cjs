"use strict";
// mssql: a ConnectionPool (tarn underneath) that logs in with Entra ID tokens and follows
// Microsoft.Data.SqlClient's pool rules, which mssql lacks. The server checks a token only at
// login, and Azure SQL re-validates sessions now and then, so a connection is only as good as the
// token it logged in with:
// - each connection's token expiry is recorded at login; at acquire, a connection whose token has
//   expired or will within a margin (the connect timeout, at most 600 s: SqlClient's rule; and at
//   most half the token's remaining life at login) is destroyed and replaced, without an error
//   reaching the app;
// - connections retire after a maximum lifetime (`maxLifetimeSeconds`, 30 min by default, ± 10%
//   drawn for each connection), so that a revoked principal loses them and connections opened
//   together do not reconnect together;
// - a login refused with 18456 is retried once with a fresh token, then fails with a `hint`;
// - a connection that fails with 37396 ("access token is expired") or another token-expired error
//   is never handed out again;
// - the token is not sent on a connection that `encrypt: true` left unencrypted (tedious goes on in
//   clear text when the server's PRELOGIN says it does not support encryption): tediousAuthentication's
//   credential checks each login's own connection.
// mssql calls `_poolCreate` for every new connection (tarn's create), `_config` inside it for
// tedious' config, and `_poolValidate` on every acquire (tarn's validate); this pool extends those.
const { sqlTokenCredential, guardTedious, assertEncryptedOrLoopback, checkSqlOptions } = require("./tedious.cjs");
const { describe, check, checkObject } = require("../core/errors.cjs");
const { missingPeer } = require("../core/peer.cjs");
const { mssqlEnvDefaults } = require("./env.cjs");
const { resolveConnectionString } = require("./connection-string.cjs");

const DEFAULT_MAX_LIFETIME_SECONDS = 30 * 60;
/** SqlClient's cap on the margin before a pooled connection's token expiry. */
const MAX_EXPIRY_MARGIN_MS = 600_000;
const LOGIN_FAILED = 18456;
/** Azure SQL's "Query cannot be executed, access token is expired" in a live session. */
const TOKEN_EXPIRED_IN_SESSION = 37396;
const MSSQL_DEFAULT_CONNECT_TIMEOUT_MS = 15_000;

/** mssql's connect timeout for this config, as mssql itself works it out. */
function connectTimeoutMs(config) {
  return (
    config.options?.connectTimeout ?? config.connectionTimeout ?? config.timeout ?? MSSQL_DEFAULT_CONNECT_TIMEOUT_MS
  );
}

/**
 * An `mssql` ConnectionPool that logs in with Entra ID tokens from the shared cache, with SqlClient's
 * pool rules (see above). `config` is mssql's (server, database, options, pool, …) plus
 * `maxLifetimeSeconds`, or a connection string ("Server=tcp:….database.windows.net,1433;…"), or
 * `{ connectionString, ...config }` (connection-string.cjs); server, port and database it leaves
 * unset come from AZURE_SQL_SERVER, AZURE_SQL_PORT and AZURE_SQL_DATABASE (env.cjs). Call
 * `connect()` on the result as usual.
 * @param {string | import("mssql").config & { connectionString?: string, maxLifetimeSeconds?: number }} [config]
 * @param {{ credential?: import("@azure/core-auth").TokenCredential, scope?: string, allowInsecure?: boolean }} [options]
 * @returns {import("mssql").ConnectionPool}
 */
function createMssqlPool(config = {}, options = {}) {
  if (typeof config !== "string") checkObject(config, "config");
  config = mssqlEnvDefaults(resolveConnectionString(config));
  checkSqlOptions(options);
  const { maxLifetimeSeconds = DEFAULT_MAX_LIFETIME_SECONDS, ...mssqlConfig } = config;
  check(
    typeof maxLifetimeSeconds === "number" && maxLifetimeSeconds > 0,
    () => `config.maxLifetimeSeconds must be a positive number, got ${describe(maxLifetimeSeconds)}`,
  );
  check(
    config.authentication === undefined,
    () => "config.authentication is set by createMssqlPool: leave it out (give a credential in options instead)",
  );
  assertEncryptedOrLoopback(config, options.allowInsecure);
  const timeout = connectTimeoutMs(config);
  const marginMs = timeout > 0 ? Math.min(timeout, MAX_EXPIRY_MARGIN_MS) : MAX_EXPIRY_MARGIN_MS;
  const lifetimeMs = maxLifetimeSeconds * 1000;
  let mssql;
  try {
    mssql = require("mssql");
  } catch (cause) {
    throw missingPeer("mssql", "createMssqlPool", cause);
  }
  guardTedious();

  /** What this pool knows of each of its connections: token expiry, retirement, eviction. */
  const connections = new WeakMap();

  class EntraMssqlPool extends mssql.ConnectionPool {
    /** The login under way: set only while mssql's _poolCreate builds the tedious connection. */
    #login;
    #stats = { logins: 0, retries: 0, redirects: 0 };

    constructor(poolConfig) {
      super(poolConfig);
      // mssql calls beforeConnect synchronously inside _poolCreate: the login under way learns the
      // number of a login error, which tedious reports only as an event.
      const appBeforeConnect = poolConfig.beforeConnect;
      this.config.beforeConnect = (connection) => {
        const login = this.#login;
        if (login) connection.on("errorMessage", ({ number }) => (login.errorNumber ??= number));
        // Azure's Redirect policy: the gateway routes the login to a worker, where tedious logs in
        // again with the same cached token (the credential checks the worker's TLS on its own).
        connection.on("rerouting", () => (this.#stats.redirects += 1));
        appBeforeConnect?.(connection);
      };
    }

    _config() {
      const tediousConfig = super._config();
      if (this.#login) {
        tediousConfig.authentication = { type: "token-credential", options: { credential: this.#login.credential } };
      }
      return tediousConfig;
    }

    /**
     * What this pool's logins did: `logins` that succeeded, `retries` after an 18456, and
     * `redirects` followed to another server (Azure's Redirect connection policy).
     */
    stats() {
      return { ...this.#stats };
    }

    _poolCreate() {
      return this.#create({ retry: true });
    }

    async #create({ retry }) {
      const login = { accessToken: undefined, source: undefined, errorNumber: undefined };
      login.credential = sqlTokenCredential(this.config, options, (accessToken, source) => {
        login.accessToken = accessToken;
        login.source = source;
      });
      let created;
      this.#login = login;
      try {
        // mssql builds the tedious config (our _config) and calls beforeConnect synchronously here.
        created = super._poolCreate();
      } finally {
        this.#login = undefined;
      }
      let connection;
      try {
        connection = await created;
      } catch (error) {
        if (login.errorNumber !== LOGIN_FAILED || !login.accessToken) throw error;
        // Retried even when the token was already dropped (by another login refused at the same
        // time): the retry gets the source's newer token.
        login.source.invalidate(login.accessToken.token);
        if (retry) {
          this.#stats.retries += 1;
          return this.#create({ retry: false });
        }
        throw await withHint(error, login.source, this.config);
      }
      const now = Date.now();
      const expiresAt = login.accessToken?.expiresOnTimestamp;
      // SqlClient's margin, but at most half the token's remaining life: a short-lived token
      // (tests, or a margin of minutes) must not make a connection stale as it is born.
      const margin = expiresAt === undefined ? 0 : Math.min(marginMs, Math.max(0, expiresAt - now) / 2);
      const record = {
        staleAt: expiresAt === undefined ? Infinity : expiresAt - margin,
        retireAt: now + jittered(lifetimeMs),
        evicted: false,
      };
      connections.set(connection, record);
      connection.on("errorMessage", ({ number, message }) => {
        if (number === TOKEN_EXPIRED_IN_SESSION || /token is expired/i.test(message)) record.evicted = true;
      });
      this.#stats.logins += 1;
      return connection;
    }

    _poolValidate(connection) {
      const record = connections.get(connection);
      const now = Date.now();
      if (record && (record.evicted || now >= record.retireAt || now >= record.staleAt)) return false;
      return super._poolValidate(connection);
    }
  }

  return new EntraMssqlPool({ ...mssqlConfig, options: { ...mssqlConfig.options } });
}

/** ± 10%, drawn for each connection: connections opened together do not retire together. */
function jittered(ms) {
  return Math.round(ms * (0.9 + 0.2 * Math.random()));
}

/** The error with a `hint` saying what to check, from the token's claims (never the token). */
async function withHint(error, source, config) {
  if (error.hint) return error;
  const principal = await source.describeUsername().catch(() => undefined);
  const server = config.server ?? "<server>";
  const database = config.options?.database ?? config.database ?? "<database>";
  error.hint = /token is expired/i.test(error.message)
    ? `the token had expired when the server checked it, though it was fresh from the token source: check this machine's clock`
    : `Azure SQL refused the Entra ID token${principal ? ` for "${principal.name}" (from ${principal.source})` : ""}: check that database "${database}" has a user for that principal (CREATE USER [${principal?.name ?? "<name>"}] FROM EXTERNAL PROVIDER), or for a group it belongs to, and that the token's tenant is the server's; \`npx entra-db-auth doctor --host ${server} --engine sqlserver\` checks each step`;
  return error;
}

module.exports = { createMssqlPool };
