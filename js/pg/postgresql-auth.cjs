"use strict";
// Drop-in replacements for the two exports of `@azure/postgresql-auth` 1.0.0-beta.1, with its
// contract: a credential is required, the hook target is anything with a `beforeConnect(callback)`
// method, the hook always overwrites the username, and the role name resolves in its order (upn,
// appid, fallbackUsername, PGUSER), so a managed identity logs in as its appid GUID, as it did
// before the switch. What differs on purpose: tokens come from the shared refresh-ahead cache (one
// credential call per token lifetime, not one per connection), a clear-text connection off loopback
// is refused, the scope follows the host's cloud, and errors are typed, with the official's message
// at the start of ours.
const { sharedTokenSource, checkConnectionOptions, checkUsernameOptions, isCredential } = require("../core/source.cjs");
const { scopeForHost, assertTlsOrLoopback } = require("../core/hosts.cjs");
const { isV7, setLogin, sourceForConfig } = require("./sequelize.cjs");
const { EntraDbAuthError, entraError, describe, check, checkObject } = require("../core/errors.cjs");

/** The official's messages for these failures, which callers may match on. */
const OFFICIAL_MESSAGE = {
  NO_TOKEN: "Failed to acquire Entra ID token",
  NO_USERNAME: "Could not determine DB username",
};

function withOfficialMessage(error) {
  const official = error instanceof EntraDbAuthError ? OFFICIAL_MESSAGE[error.code] : undefined;
  return official ? entraError(error.code, `${official}: ${error.message}`, error) : error;
}

function checkCredential(credential) {
  check(credential, () => "credential is required: pass a TokenCredential, such as new DefaultAzureCredential()");
  check(
    isCredential(credential),
    () => `credential must be a TokenCredential (an object with a getToken method), got ${describe(credential)}`,
  );
}

/** The official takes one scope or an array; a token is for one resource, so the array holds one. */
function singleScope(scope) {
  if (!Array.isArray(scope)) return scope;
  check(scope.length === 1, () => `option \`scope\` must be one scope, got an array of ${scope.length}`);
  return scope[0];
}

/**
 * A password function for pg: `password: entraTokenProvider(credential)`. pg >= 8.19 passes its
 * connection parameters: then a non-TLS connection off loopback is refused, and without a `scope`
 * option the scope follows the host's cloud (the public cloud's otherwise, like the official).
 * @param {import("@azure/core-auth").TokenCredential} credential required
 * @param {{ scope?: string | string[], allowInsecure?: boolean }} [options]
 * @returns {(connection?: { host?: string, ssl?: unknown }) => Promise<string>}
 */
function entraTokenProvider(credential, options = {}) {
  checkCredential(credential);
  checkObject(options, "options");
  const scope = singleScope(options.scope);
  const { allowInsecure } = options;
  checkConnectionOptions({ scope, allowInsecure });
  return (connection) => {
    try {
      if (connection !== null && typeof connection === "object") {
        assertTlsOrLoopback(connection.host, connection.ssl, allowInsecure, connection.sslmode);
      }
      return sharedTokenSource(credential, scope ?? scopeForHost(connection?.host))
        .getPassword()
        .catch((error) => Promise.reject(withOfficialMessage(error)));
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/**
 * Registers a hook with `sequelizeInstance.beforeConnect(callback)` that writes the token as the
 * password and the role name (upn, appid, `fallbackUsername`, PGUSER) as the username, over any
 * username the config had. Sequelize v7 gets them as `user` and a password function.
 * @param {{ beforeConnect(callback: (config: object) => Promise<void>): void }} sequelizeInstance
 * @param {import("@azure/core-auth").TokenCredential} credential required
 * @param {{ fallbackUsername?: string, allowInsecure?: boolean }} [options]
 * @returns {void}
 */
function configureEntraAuthentication(sequelizeInstance, credential, options = {}) {
  check(
    typeof sequelizeInstance?.beforeConnect === "function",
    () =>
      `configureEntraAuthentication needs a Sequelize instance, or any object with a beforeConnect(callback) method, got ${describe(sequelizeInstance)}`,
  );
  checkCredential(credential);
  checkObject(options, "options");
  const { fallbackUsername, allowInsecure } = options;
  checkUsernameOptions({ fallbackUsername });
  checkConnectionOptions({ allowInsecure });
  const v7 = isV7(sequelizeInstance);
  const hook = async (config) => {
    try {
      const source = sourceForConfig(config, credential, { allowInsecure }, v7);
      const token = await source.getPassword();
      const user = await source.getUsername({ fallbackUsername, order: "postgresql-auth" });
      setLogin(config, { v7, user, token });
    } catch (error) {
      throw withOfficialMessage(error);
    }
  };
  // v7 still has beforeConnect(), but warns that it is deprecated in favour of `hooks`.
  if (v7 && typeof sequelizeInstance.hooks?.addListener === "function") {
    sequelizeInstance.hooks.addListener("beforeConnect", hook);
  } else {
    sequelizeInstance.beforeConnect(hook);
  }
}

module.exports = { entraTokenProvider, configureEntraAuthentication };
