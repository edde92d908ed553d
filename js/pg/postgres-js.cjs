"use strict";
// postgres.js (`postgres`): `pass` may be an async function, called for every new connection. The user
// is read once, when `postgres()` parses its options, so the role from the token is looked up here.
const { sourceForHost } = require("../core/source.cjs");
const { describe, check, checkObject } = require("../core/errors.cjs");

/**
 * Where and how postgres.js connects, read as it reads them: options over the URL over PGHOST
 * (default localhost); `ssl` over the URL's `sslmode` or `ssl` (postgres.js takes an sslmode there
 * too; "disable" and "false" mean off) over PGSSL.
 */
function postgresJsTarget(config, url) {
  const query = url?.searchParams;
  const fromUrl = query?.get("sslmode") ?? query?.get("ssl") ?? undefined;
  const host = config.hostname || config.host || url?.hostname || process.env.PGHOST || undefined;
  check(host === undefined || typeof host === "string", () => `config.host must be a string, got ${describe(host)}`);
  let ssl = "ssl" in config ? config.ssl : (fromUrl ?? process.env.PGSSL);
  if (ssl === "disable" || ssl === "false") ssl = false;
  return { host, ssl };
}

/** A postgres.js URL as WHATWG URL reads it; postgres.js connects to the first of several hosts. */
function parseUrl(url) {
  try {
    return new URL(url.replace(/^([^:]+:\/\/(?:[^@/?]*@)?[^,/?]*),[^/?]*/, "$1"));
  } catch (cause) {
    check(false, () => `the URL is not one postgres.js can read (${cause.message})`);
  }
}

/**
 * Options for `postgres()`: `postgres(await postgresJsOptions({ host, database, ssl: "verify-full" }))`,
 * or with a URL, `postgres(url, await postgresJsOptions(url))`: the URL says where the token goes.
 * @param {object | string} [config] postgres.js options, without `pass`, or the URL given to postgres();
 *   `user` defaults to the role from the token
 * @param {{ credential?: import("@azure/core-auth").TokenCredential, scope?: string, allowInsecure?: boolean, username?: string, fallbackUsername?: string, allowAppId?: boolean }} [options]
 * @returns {Promise<object>} `config` with `user` and `pass` (for a URL: `user` and `pass`)
 */
async function postgresJsOptions(config = {}, options = {}) {
  const url = typeof config === "string" ? parseUrl(config) : undefined;
  if (url) config = {};
  checkObject(config, "config");
  const source = sourceForHost(postgresJsTarget(config, url), options);
  const { username, fallbackUsername, allowAppId } = options;
  const user = await source.getUsername({
    username: username || config.user || config.username || (url?.username && decodeURIComponent(url.username)),
    fallbackUsername,
    allowAppId,
  });
  return { ...config, user, pass: () => source.getPassword() };
}

module.exports = { postgresJsOptions };
