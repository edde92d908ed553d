"use strict";
// Sequelize's mssql dialect runs tedious, and tedious fetches the token itself (after the server's
// FEDAUTHINFO), so the beforeConnect hook only sets tedious' `authentication` to tediousAuthentication.
// Where it goes: v6 builds tedious' config from `dialectOptions` (`authentication` is merged over
// its SQL login, `options` over its own) and hands every connection the same config object; v7
// takes tedious' top-level options (`server`, `authentication`, `encrypt`, …) at the root of each
// connection's fresh clone. No user name: the token names the principal.
const { tediousAuthentication } = require("./tedious.cjs");
const { sequelizeHooks, checkDialect } = require("../core/sequelize.cjs");

/**
 * configureEntraIdAuth for Sequelize's `mssql` dialect.
 * @param {import("sequelize").Sequelize | import("@sequelize/core").Sequelize} sequelize v6 or v7
 * @param {import("@azure/core-auth").TokenCredential} [credential] default: DefaultAzureCredential
 * @param {{ scope?: string, allowInsecure?: boolean }} [options]
 * @returns the same sequelize
 */
function configureEntraIdAuth(sequelize, credential, options = {}) {
  const { v7, dialect, onBeforeConnect } = sequelizeHooks(sequelize, credential, options, ["scope", "allowInsecure"]);
  checkDialect(dialect, (name) => name === "mssql", "entra-db-auth/mssql");
  const { scope, allowInsecure } = options;
  const settings = { credential: credential ?? undefined, scope, allowInsecure };
  onBeforeConnect((config) => {
    if (v7) {
      config.authentication = tediousAuthentication(config, settings);
    } else {
      config.dialectOptions ??= {};
      const tediousConfig = { server: config.host, options: config.dialectOptions.options };
      config.dialectOptions.authentication = tediousAuthentication(tediousConfig, settings);
    }
  });
  return sequelize;
}

module.exports = { configureEntraIdAuth };
