"use strict";
// postgres.js (`postgres`): `pass` may be an async function, called for every new connection. The user
// is read once, when `postgres()` parses its options, so the role from the token is looked up here.
const { sharedTokenSource, checkCredential, checkConnectionOptions, checkUsernameOptions } = require("./source.cjs");
const { scopeForHost, assertTlsOrLoopback } = require("./hosts.cjs");
const { describe, check } = require("./errors.cjs");

/** postgres.js `ssl` values that may fall back to a plain connection. */
const MAY_BE_PLAIN = new Set(["disable", "allow", "prefer"]);

/**
 * Options for `postgres()`: `postgres(await postgresJsOptions({ host, database, ssl: "require" }))`.
 * @param {object} [config] postgres.js options, without `pass`; `user` defaults to the role from the token
 * @param {{ credential?: import("@azure/core-auth").TokenCredential, scope?: string, allowInsecure?: boolean, username?: string, fallbackUsername?: string, allowAppId?: boolean }} [options]
 * @returns {Promise<object>} `config` with `user` and `pass`
 */
async function postgresJsOptions(config = {}, options = {}) {
  check(config !== null && typeof config === "object", `config must be an object, got ${describe(config)}`);
  checkConnectionOptions(options);
  checkUsernameOptions(options);
  const { credential, scope, allowInsecure, username, fallbackUsername, allowAppId } = options;
  checkCredential(credential);
  const host = config.host ?? config.hostname;
  check(host === undefined || typeof host === "string", `config.host must be a string, got ${describe(host)}`);
  assertTlsOrLoopback(host, !MAY_BE_PLAIN.has(config.ssl) && config.ssl, allowInsecure);
  const source = sharedTokenSource(credential, scope ?? scopeForHost(host));
  const user = await source.getUsername({
    username: username || config.user || config.username,
    fallbackUsername,
    allowAppId,
  });
  return { ...config, user, pass: () => source.getPassword() };
}

module.exports = { postgresJsOptions };
