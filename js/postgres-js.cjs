"use strict";
// postgres.js (`postgres`): `pass` may be an async function, called for every new connection. The user
// is read once, when `postgres()` parses its options, so the role from the token is looked up here.
const { sourceForHost } = require("./source.cjs");
const { describe, check, checkObject } = require("./errors.cjs");

/**
 * Options for `postgres()`: `postgres(await postgresJsOptions({ host, database, ssl: "require" }))`.
 * @param {object} [config] postgres.js options, without `pass`; `user` defaults to the role from the token
 * @param {{ credential?: import("@azure/core-auth").TokenCredential, scope?: string, allowInsecure?: boolean, username?: string, fallbackUsername?: string, allowAppId?: boolean }} [options]
 * @returns {Promise<object>} `config` with `user` and `pass`
 */
async function postgresJsOptions(config = {}, options = {}) {
  checkObject(config, "config");
  // Where and how postgres.js connects, read as it reads them; `ssl` may be an sslmode.
  const host = config.hostname || config.host || process.env.PGHOST || undefined;
  check(host === undefined || typeof host === "string", () => `config.host must be a string, got ${describe(host)}`);
  const source = sourceForHost({ host, ssl: "ssl" in config ? config.ssl : process.env.PGSSL }, options);
  const { username, fallbackUsername, allowAppId } = options;
  const user = await source.getUsername({
    username: username || config.user || config.username,
    fallbackUsername,
    allowAppId,
  });
  return { ...config, user, pass: () => source.getPassword() };
}

module.exports = { postgresJsOptions };
