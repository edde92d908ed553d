"use strict";
// mysql2 for Azure Database for MySQL. The server asks for the token with an AuthSwitchRequest to
// mysql_clear_password; mysql2 calls `authPlugins.mysql_clear_password` for every login and waits
// for the Promise it returns, so the token comes from the shared cache at each login. mysql2 checks
// for TLS nowhere on that path: the plugin does. Its pool has no maximum connection lifetime and no
// retry after a refused login: createMysqlPool adds both.
const { sharedTokenSource, checkIntegrationOptions } = require("../core/source.cjs");
const { scopeForHost, assertTlsOrLoopback, MYSQL_FIX } = require("../core/hosts.cjs");
const { describe, check, checkObject } = require("../core/errors.cjs");
const { missingPeer } = require("../core/peer.cjs");
const { mysqlEnvDefaults } = require("./env.cjs");

const DEFAULT_MAX_LIFETIME_SECONDS = 30 * 60;
/** ER_ACCESS_DENIED_ERROR: the server refused the user or the token. */
const ACCESS_DENIED = 1045;

/**
 * mysql2's `authPlugins`: the token (plus the NUL mysql_clear_password ends with) from the shared
 * token source for the host's cloud. A login without TLS to a host other than this machine is
 * refused (mysql2 then reports the error with code AUTH_SWITCH_PLUGIN_ERROR).
 * @param {{ credential?: import("@azure/core-auth").TokenCredential, scope?: string, allowInsecure?: boolean }} [options]
 * @returns {{ mysql_clear_password: Function }}
 */
function mysql2AuthPlugins(options = {}) {
  checkIntegrationOptions(options);
  const { credential, scope, allowInsecure } = options;
  return {
    mysql_clear_password: ({ connection }) => {
      const { host, socketPath, ssl } = connection.config;
      assertTlsOrLoopback(socketPath || host, ssl, allowInsecure, undefined, MYSQL_FIX);
      const source = sharedTokenSource(credential ?? undefined, scope ?? scopeForHost(host));
      return async () => Buffer.from(`${await source.getPassword()}\0`);
    },
  };
}

/** Where a mysql2 config connects: `host`/`socketPath`/`ssl`, or what its `uri` says. */
function target(config) {
  let host = config.host;
  if (config.uri !== undefined) {
    check(typeof config.uri === "string", () => `config.uri must be a string, got ${describe(config.uri)}`);
    try {
      host ??= decodeURIComponent(new URL(config.uri).hostname);
    } catch (cause) {
      check(false, () => `config.uri is not a URL (${cause.message})`);
    }
  }
  check(host == null || typeof host === "string", () => `config.host must be a string, got ${describe(host)}`);
  return { host, where: config.socketPath || host, ssl: config.ssl };
}

/** The token source for a mysql2 config, once a clear-text login to another machine is refused. */
function sourceFor(config, options) {
  checkIntegrationOptions(options);
  const { host, where, ssl } = target(config);
  assertTlsOrLoopback(where, ssl, options.allowInsecure, undefined, MYSQL_FIX);
  return { host, source: sharedTokenSource(options.credential ?? undefined, options.scope ?? scopeForHost(host)) };
}

/**
 * A mysql2 config for Azure Database for MySQL: `config` with `authPlugins` and, unless it has
 * one, `user` from the token's claims (so the first call fetches the token). Options it leaves
 * unset come from the environment where it has them (see env.cjs).
 * @param {object} [config] mysql2's connection options, without `password`
 * @param {{ credential?: import("@azure/core-auth").TokenCredential, scope?: string, allowInsecure?: boolean, username?: string, fallbackUsername?: string, allowAppId?: boolean }} [options]
 * @returns {Promise<object>}
 */
async function mysql2Options(config = {}, options = {}) {
  checkObject(config, "config");
  config = mysqlEnvDefaults(config);
  const { source } = sourceFor(config, options);
  const { username, fallbackUsername, allowAppId } = options;
  const user = await source.getUsername({ username: username || config.user, fallbackUsername, allowAppId });
  return { ...config, user, authPlugins: authPluginsFor(source, options) };
}

function authPluginsFor(source, options) {
  return mysql2AuthPlugins({ credential: source, scope: source.scope, allowInsecure: options.allowInsecure });
}

/**
 * `error` with a `hint` that says what to check, when it is a login the server refused (1045).
 * @param {{ source: import("../core/source.cjs").TokenSource, user: string, host?: string, fallbackUsername?: string, allowAppId?: boolean }} login
 */
async function withHint(error, { source, user, host, fallbackUsername, allowAppId }) {
  if (error?.errno !== ACCESS_DENIED || error.hint) return error;
  const fromToken = await source.describeUsername({ fallbackUsername, allowAppId }).catch(() => undefined);
  error.hint =
    fromToken && fromToken.name !== user
      ? `the Entra ID token is for "${fromToken.name}" (from ${fromToken.source}), but the connection logs in as "${user}": set user to "${fromToken.name}", or to a group the principal belongs to`
      : `check that user "${user}" exists on ${host ?? "the server"} and was created for this principal (CREATE AADUSER), and that the token's tenant and audience are the server's`;
  return error;
}

/**
 * A mysql2 promise pool that logs in with Entra ID tokens:
 * - the token from the shared token source for (credential, the host's scope), at every login;
 * - host, port, user, database and ssl from the environment where the config has none (env.cjs);
 * - `user` from the token's claims when neither has one;
 * - connections retire after `maxLifetimeSeconds` (default 30 min ± 10%, drawn for each
 *   connection), so that a revoked principal loses them and connections opened together do not
 *   all reconnect together;
 * - a login the server refuses (1045) is retried once with a fresh token, and a refusal that
 *   remains carries a `hint` that says what to check.
 * @param {object} [config] mysql2's pool options plus `maxLifetimeSeconds`, without `password`
 * @param {{ credential?: import("@azure/core-auth").TokenCredential, scope?: string, allowInsecure?: boolean, username?: string, fallbackUsername?: string, allowAppId?: boolean }} [options]
 * @returns {import("mysql2/promise").Pool}
 */
function createMysqlPool(config = {}, options = {}) {
  checkObject(config, "config");
  config = mysqlEnvDefaults(config);
  const { maxLifetimeSeconds, ...mysqlConfig } = config;
  check(
    maxLifetimeSeconds === undefined || (typeof maxLifetimeSeconds === "number" && maxLifetimeSeconds > 0),
    () => `config.maxLifetimeSeconds must be a positive number, got ${describe(maxLifetimeSeconds)}`,
  );
  check(config.password === undefined, () => "config.password is the token: leave it out");
  const { host, source } = sourceFor(config, options);
  const { username, fallbackUsername, allowAppId } = options;
  const lifetimeMs = () =>
    maxLifetimeSeconds === undefined
      ? DEFAULT_MAX_LIFETIME_SECONDS * 1000 * (0.9 + 0.2 * Math.random())
      : maxLifetimeSeconds * 1000;

  let mysql2;
  try {
    mysql2 = require("mysql2/promise");
  } catch (cause) {
    throw missingPeer("mysql2", "createMysqlPool", cause);
  }
  const pool = mysql2.createPool({
    ...mysqlConfig,
    authPlugins: { ...config.authPlugins, ...authPluginsFor(source, options) },
  });
  const core = pool.pool;
  const connectionConfig = core.config.connectionConfig;
  const getConnection = core.getConnection.bind(core);
  const releaseConnection = core.releaseConnection.bind(core);
  /** When each connection stops being handed out. */
  const retireAt = new WeakMap();
  const retired = new WeakSet();
  core.on("connection", (connection) => retireAt.set(connection, Date.now() + lifetimeMs()));

  /** True (and the connection destroyed) when it is past its lifetime. */
  function retire(connection) {
    const at = retireAt.get(connection);
    // A connection that never logged in has no lifetime: the pool is dropping it already.
    if (at === undefined || retired.has(connection) || Date.now() < at) return false;
    // Destroying calls releaseConnection again, which then hands a waiting caller a new connection.
    retired.add(connection);
    connection.destroy();
    return true;
  }

  function take() {
    return new Promise((resolve, reject) => {
      getConnection((error, connection) => {
        if (error) reject(error);
        else if (retire(connection)) take().then(resolve, reject);
        else resolve(connection);
      });
    });
  }

  async function acquire() {
    connectionConfig.user = await source.getUsername({
      username: username || connectionConfig.user,
      fallbackUsername,
      allowAppId,
    });
    // Fetched first so that a credential's failure keeps its code (mysql2 recodes a plugin's errors).
    const token = await source.getPassword();
    try {
      return await take();
    } catch (error) {
      if (error?.errno !== ACCESS_DENIED) throw error;
      if (source.invalidate(token)) {
        try {
          return await take();
        } catch (again) {
          throw await withHint(again, { source, user: connectionConfig.user, host, fallbackUsername, allowAppId });
        }
      }
      throw await withHint(error, { source, user: connectionConfig.user, host, fallbackUsername, allowAppId });
    }
  }

  core.getConnection = (callback) => {
    acquire().then((connection) => callback(null, connection), callback);
  };
  core.releaseConnection = (connection) => {
    if (!retire(connection)) releaseConnection(connection);
  };
  return pool;
}

module.exports = {
  mysql2AuthPlugins,
  mysql2Options,
  createMysqlPool,
  sourceFor,
  authPluginsFor,
  withHint,
  ACCESS_DENIED,
};
