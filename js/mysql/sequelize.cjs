"use strict";
// Sequelize's mysql dialect runs mysql2, its mariadb dialect the mariadb connector. Both read the
// user from the config a beforeConnect hook gets (v6: `username`, one object for every connection;
// v7: `user`, a fresh clone per connection) and take the driver's own options from
// `dialectOptions` (v6) or the root of that clone (v7). mysql2 gets the token from `authPlugins`
// at each login; the mariadb connector has no such hook, so it gets the token as the password.
const { authPluginsFor, sourceFor } = require("./mysql2.cjs");
const { sequelizeHooks, checkDialect } = require("../core/sequelize.cjs");

/**
 * configureEntraIdAuth for Sequelize's `mysql` and `mariadb` dialects.
 * @param {import("sequelize").Sequelize | import("@sequelize/core").Sequelize} sequelize v6 or v7
 * @param {import("@azure/core-auth").TokenCredential} [credential] default: DefaultAzureCredential
 * @param {{ scope?: string, username?: string, fallbackUsername?: string, allowAppId?: boolean, allowInsecure?: boolean }} [options]
 * @returns the same sequelize
 */
function configureEntraIdAuth(sequelize, credential, options = {}) {
  const { v7, dialect, onBeforeConnect } = sequelizeHooks(sequelize, credential, options);
  checkDialect(dialect, (name) => name === "mysql" || name === "mariadb", "entra-db-auth/mysql");
  const mariadb = dialect === "mariadb";
  const { scope, allowInsecure, username, fallbackUsername, allowAppId } = options;
  const settings = { credential: credential ?? undefined, scope, allowInsecure };
  const configured = username || sequelize.config?.username || undefined;
  onBeforeConnect(async (config) => {
    const driverOptions = v7 ? config : (config.dialectOptions ??= {});
    const { source } = sourceFor({ ...driverOptions, host: config.host }, settings);
    const token = await source.getPassword();
    const user = await source.getUsername({
      username: configured || (v7 ? config.user : undefined),
      fallbackUsername,
      allowAppId,
    });
    if (v7) config.user = user;
    else config.username = user;
    if (!mariadb) {
      driverOptions.authPlugins = authPluginsFor(source, settings);
    } else if (v7) {
      // v7 spreads this clone into the connector's options: the password must be enumerable here.
      config.password = token;
    } else {
      // Non-enumerable, like pg does, so that logging the config does not print the token.
      Object.defineProperty(config, "password", {
        value: token,
        enumerable: false,
        writable: true,
        configurable: true,
      });
    }
  });
  return sequelize;
}

module.exports = { configureEntraIdAuth };
