"use strict";
// knex: `connection` may be an async function returning the config plus `expirationChecker()`. knex
// calls it again when the checker says the config expired, and since 3.2 also when it validates a
// pooled connection; a checker that still says "expired" right after a call makes knex throw in
// validation and drop the connection. So the checker says "expired" exactly when calling again would
// change something: the source holds another token, or it would start a refresh now.
const { sourceForHost } = require("../core/source.cjs");
const { pgTarget } = require("./pg.cjs");
const { checkObject } = require("../core/errors.cjs");

/**
 * A knex `connection` provider: `knex({ client: "pg", connection: knexConnection({ host, database, ssl: true }) })`.
 * @param {object} [config] knex's pg connection config, without `password`; `user` defaults to the role from the token
 * @param {{ credential?: import("@azure/core-auth").TokenCredential, scope?: string, allowInsecure?: boolean, username?: string, fallbackUsername?: string, allowAppId?: boolean }} [options]
 * @returns {() => Promise<object>}
 */
function knexConnection(config = {}, options = {}) {
  checkObject(config, "config");
  // knex hands this config to a pg Client: a connection string, PGHOST and PGSSLMODE count as pg counts them.
  const target = pgTarget(config);
  const source = sourceForHost(target, options);
  const { username, fallbackUsername, allowAppId } = options;

  return async () => {
    const user = await source.getUsername({ username: username || target.config.user, fallbackUsername, allowAppId });
    const token = await source.getPassword();
    const { lastRefreshAt } = source.stats();
    const provided = { ...target.config, user };
    // Not enumerable, like pg's own copy: printing knex's connection settings does not print the token.
    Object.defineProperty(provided, "password", { value: token, enumerable: false });
    provided.expirationChecker = () => {
      const now = source.stats();
      if (now.lastRefreshAt !== lastRefreshAt || now.expiresOnTimestamp === undefined) return true;
      return !now.refreshing && Date.now() >= Math.max(now.refreshAfterTimestamp, now.retryAfterTimestamp ?? 0);
    };
    return provided;
  };
}

module.exports = { knexConnection };
