"use strict";
// The mariadb connector (under Prisma's @prisma/adapter-mariadb and Sequelize's mariadb dialect)
// has no auth plugin hook: a pool's password is one string, given when the pool is made. So this
// pool stands in front of a mariadb pool made with the current token, and makes a new one when the
// token source holds a newer token; the old pool is ended, which closes its idle connections at
// once and the others as they are released (mariadb destroys any still busy after 10 s).
const { ACCESS_DENIED, sourceFor, withHint } = require("./mysql2.cjs");
const { check, checkObject, describe } = require("../core/errors.cjs");
const { missingPeer } = require("../core/peer.cjs");
const { mysqlEnvDefaults } = require("./env.cjs");

/** mariadb's "pool is ending, connection request aborted": a request that met a retired pool. */
const POOL_CLOSING = 45037;

/**
 * Keeps the token out of what a mariadb connection shows. mariadb takes the password only as a
 * string (no function, no auth plugin hook) and copies it, enumerable, into each connection's
 * `opts`; and its pool hands `acquire` and `release` listeners that connection itself, so
 * `console.log(connection)` or `JSON.stringify(connection.opts)` would print the token. Here the
 * password becomes a getter (util.inspect shows `[Getter]`) and `opts` gets a `toJSON` without
 * it. Not non-enumerable: mariadb copies `opts` with Object.assign to open the connection that
 * KILLs a query when a busy connection is destroyed (and to follow a server's redirect), and that
 * copy must still carry the password.
 */
function hideToken(connection) {
  const opts = connection?.opts;
  const password = opts && Object.getOwnPropertyDescriptor(opts, "password");
  if (!password || !("value" in password)) return;
  const { value } = password;
  Object.defineProperty(opts, "password", { get: () => value, enumerable: true, configurable: true });
  Object.defineProperty(opts, "toJSON", {
    value: () => Object.fromEntries(Object.entries(opts).filter(([name]) => name !== "password")),
    configurable: true,
  });
}

/**
 * A mariadb pool (the methods Prisma's adapter and most apps use: `getConnection`, `query`,
 * `execute`, `end`) that logs in with Entra ID tokens, the user from the token unless `config.user`
 * (or AZURE_MYSQL_USER) is given; host, port, database and ssl from the environment where the config
 * has none (env.cjs). A login refused with 1045 is retried once with a fresh token, then fails with a `hint`.
 * @param {import("mariadb").PoolConfig} [config] without `password`
 * @param {{ credential?: import("@azure/core-auth").TokenCredential, scope?: string, allowInsecure?: boolean, fallbackUsername?: string, allowAppId?: boolean }} [options]
 */
function createMariadbPool(config = {}, options = {}) {
  checkObject(config, "config");
  config = mysqlEnvDefaults(config);
  check(config.password === undefined, () => "config.password is the token: leave it out");
  check(
    config.user == null || typeof config.user === "string",
    () => `config.user must be a string, got ${describe(config.user)}`,
  );
  const { host, source } = sourceFor(config, options);
  const { username, fallbackUsername, allowAppId } = options;
  let mariadb;
  try {
    mariadb = require("mariadb");
  } catch (cause) {
    throw missingPeer("mariadb", "createMariadbPool", cause);
  }
  /** The pool for the current token: `{ token, pool }`. */
  let current;
  let ended = false;

  async function poolForToken() {
    const user = await source.getUsername({ username: username || config.user, fallbackUsername, allowAppId });
    const token = await source.getPassword();
    check(!ended, () => "the pool has ended");
    if (current?.token !== token) {
      const retiring = current?.pool;
      current = { token, user, pool: mariadb.createPool({ ...config, user, password: token }) };
      // First, before any listener of the app's sees a connection.
      current.pool.on("acquire", hideToken).on("release", hideToken);
      for (const [event, listener] of listeners) current.pool.on(event, listener);
      retiring?.end().catch(() => {});
    }
    return current;
  }

  async function use(call) {
    let { token, user, pool } = await poolForToken();
    try {
      return await call(pool);
    } catch (error) {
      // A retired pool refuses requests that were waiting on it: the current one takes them.
      if (error?.errno === POOL_CLOSING && pool !== current?.pool && !ended) {
        ({ token, user, pool } = await poolForToken());
        return call(pool);
      }
      if (error?.errno !== ACCESS_DENIED) throw error;
      if (source.invalidate(token)) {
        try {
          return await call((await poolForToken()).pool);
        } catch (again) {
          throw await withHint(again, { source, user, host, fallbackUsername, allowAppId });
        }
      }
      throw await withHint(error, { source, user, host, fallbackUsername, allowAppId });
    }
  }

  /** Listeners given to `on`, attached to each pool as it is made. */
  const listeners = [];
  const ofCurrent = (method, otherwise) => (current ? current.pool[method]() : otherwise);
  function currentPool() {
    check(current !== undefined, () => "escape and escapeId need a pool that has logged in: call them after a query");
    return current.pool;
  }
  const pool = {
    get closed() {
      return ended;
    },
    getConnection: () => use((p) => p.getConnection()),
    query: (...args) => use((p) => p.query(...args)),
    execute: (...args) => use((p) => p.execute(...args)),
    batch: (...args) => use((p) => p.batch(...args)),
    importFile: (...args) => use((p) => p.importFile(...args)),
    activeConnections: () => ofCurrent("activeConnections", 0),
    totalConnections: () => ofCurrent("totalConnections", 0),
    idleConnections: () => ofCurrent("idleConnections", 0),
    taskQueueSize: () => ofCurrent("taskQueueSize", 0),
    // mariadb escapes with what its connections learnt of the server: ask after the first query.
    escape: (value) => currentPool().escape(value),
    escapeId: (identifier) => currentPool().escapeId(identifier),
    on(event, listener) {
      listeners.push([event, listener]);
      current?.pool.on(event, listener);
      return pool;
    },
    async end() {
      ended = true;
      await current?.pool.end();
    },
    [Symbol.asyncDispose]: () => pool.end(),
  };
  return pool;
}

module.exports = { createMariadbPool };
