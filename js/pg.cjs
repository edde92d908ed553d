"use strict";
// node-postgres: `password` may be a function returning a promise; pg calls it once per physical
// connection, and since 8.19 passes the connection parameters (host, user, ssl, …).
const {
  sharedTokenSource,
  scopeForHost,
  assertTlsOrLoopback,
  isCredential,
  describe,
  PUBLIC_SCOPE,
} = require("./source.cjs");
const { check } = require("./errors.cjs");

function checkOptions(options) {
  check(options !== null && typeof options === "object", `options must be an object, got ${describe(options)}`);
  const { scope, allowInsecure } = options;
  check(
    scope === undefined || (typeof scope === "string" && scope !== ""),
    `option \`scope\` must be a non-empty string, got ${describe(scope)}`,
  );
  check(
    allowInsecure === undefined || typeof allowInsecure === "boolean",
    `option \`allowInsecure\` must be a boolean, got ${describe(allowInsecure)}`,
  );
}

/**
 * A token to use as the password, from a shared refresh-ahead cache. Use it as pg's `password`
 * directly (pg passes its connection parameters: the scope follows the host's cloud, and a non-TLS
 * connection off loopback is refused), or call it with a credential: `() => getEntraTokenPassword(credential, { scope })`.
 * @returns {Promise<string>}
 */
function getEntraTokenPassword(credentialOrConnection, options = {}) {
  try {
    checkOptions(options);
    const arg = credentialOrConnection ?? undefined;
    check(
      arg === undefined || typeof arg === "object",
      `the first argument must be a TokenCredential or pg's connection parameters, got ${describe(arg)}`,
    );
    const credential = isCredential(arg) ? arg : undefined;
    const connection = credential ? undefined : arg;
    if (connection) assertTlsOrLoopback(connection.host, connection.ssl, options.allowInsecure);
    return sharedTokenSource(credential, options.scope ?? scopeForHost(connection?.host)).getPassword();
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `@azure/postgresql-auth` compatible: a password function for pg.
 * @returns {() => Promise<string>}
 */
function entraTokenProvider(credential, options = {}) {
  checkOptions(options);
  const source = sharedTokenSource(credential, options.scope ?? PUBLIC_SCOPE);
  return () => source.getPassword();
}

module.exports = { getEntraTokenPassword, entraTokenProvider };
