"use strict";
// Sequelize: a `beforeConnect` hook sets the token as the password, and the role name from the
// token's claims unless the app configured one. Sequelize v6 hands every connection the same config
// object, so the app's own username is read once, here, before our hook ever writes to it. v7 hands
// each connection a fresh clone of the options, with the role as `user`, and spreads it into pg's
// config, so the hook reads the app's `user` from the clone and sets the password as a function
// (spreading drops a non-enumerable property; pg calls the function).
const { sharedTokenSource } = require("../core/source.cjs");
const { scopeForHost, assertTlsOrLoopback } = require("../core/hosts.cjs");
const { isV7, sequelizeHooks, checkDialect } = require("../core/sequelize.cjs");

/** Sequelize dialects that run pg: postgres (and anything no other entry point claims). */
const isPostgresDialect = (dialect) => !["mssql", "mysql", "mariadb"].includes(dialect);

/** Writes the role and the token into the config a beforeConnect hook was given. */
function setLogin(config, { v7, user, token }) {
  if (v7) {
    config.password = () => token;
    config.user = user;
  } else {
    // Non-enumerable, like pg does, so that logging the config does not print the token.
    Object.defineProperty(config, "password", { value: token, enumerable: false, writable: true, configurable: true });
    config.username = user;
  }
}

/**
 * Refuses a clear-text or unverified connection off loopback; returns the token source for the
 * config's host. What pg gets is what counts: v6 hands pg `dialectOptions.ssl` only (a top-level
 * `ssl` is ignored there), v7 the top-level `ssl`.
 */
function sourceForConfig(config, credential, { scope, allowInsecure }, v7) {
  assertTlsOrLoopback(config.host, v7 ? config.ssl : config.dialectOptions?.ssl, allowInsecure);
  return sharedTokenSource(credential ?? undefined, scope ?? scopeForHost(config.host));
}

/**
 * configureEntraIdAuth for Sequelize's postgres dialect.
 * @param {import("sequelize").Sequelize | import("@sequelize/core").Sequelize} sequelize v6 or v7
 * @param {import("@azure/core-auth").TokenCredential} [credential] default: DefaultAzureCredential
 * @param {{ scope?: string, username?: string, fallbackUsername?: string, allowAppId?: boolean, allowInsecure?: boolean }} [options]
 * @returns the same sequelize
 */
function configureEntraIdAuth(sequelize, credential, options = {}) {
  const { v7, dialect, onBeforeConnect } = sequelizeHooks(sequelize, credential, options);
  checkDialect(dialect, isPostgresDialect, "entra-db-auth/pg");
  const { username, fallbackUsername, allowAppId } = options;
  const configured = username || sequelize.config?.username || undefined;
  onBeforeConnect(async (config) => {
    const source = sourceForConfig(config, credential, options, v7);
    const token = await source.getPassword();
    const user = await source.getUsername({
      username: configured || (v7 ? config.user : undefined),
      fallbackUsername,
      allowAppId,
    });
    setLogin(config, { v7, user, token });
  });
  return sequelize;
}

module.exports = { configureEntraIdAuth, isPostgresDialect, isV7, setLogin, sourceForConfig };
