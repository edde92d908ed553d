"use strict";
// Sequelize's configureEntraIdAuth for every dialect, as the root entry point exports it: each
// dialect's own hook lives with its database (js/pg, js/mssql, js/mysql) and loads only when a
// Sequelize of that dialect is configured.
/**
 * Registers a `beforeConnect` hook that logs in with Entra ID tokens, for Sequelize v6 or v7 with
 * the postgres, mssql, mysql or mariadb dialect.
 * @param {import("sequelize").Sequelize | import("@sequelize/core").Sequelize} sequelize v6 or v7
 * @param {import("@azure/core-auth").TokenCredential} [credential] default: DefaultAzureCredential
 * @param {{ scope?: string, username?: string, fallbackUsername?: string, allowAppId?: boolean, allowInsecure?: boolean }} [options]
 * @returns the same sequelize
 */
function configureEntraIdAuth(sequelize, credential, options = {}) {
  // Each dialect's own configureEntraIdAuth checks the arguments.
  const dialect = sequelize?.dialect?.name;
  if (dialect === "mssql") return require("./mssql/sequelize.cjs").configureEntraIdAuth(sequelize, credential, options);
  if (dialect === "mysql" || dialect === "mariadb")
    return require("./mysql/sequelize.cjs").configureEntraIdAuth(sequelize, credential, options);
  return require("./pg/sequelize.cjs").configureEntraIdAuth(sequelize, credential, options);
}

module.exports = { configureEntraIdAuth };
