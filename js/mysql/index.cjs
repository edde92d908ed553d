"use strict";
// entra-db-auth/mysql: Azure Database for MySQL. Loads MySQL's integrations only, each on its first
// call, and mysql2 or mariadb only when an integration needs it; no PostgreSQL or SQL Server code.
const mysql2AuthPlugins = (...args) => require("./mysql2.cjs").mysql2AuthPlugins(...args);
const mysql2Options = (...args) => require("./mysql2.cjs").mysql2Options(...args);
const createMysqlPool = (...args) => require("./mysql2.cjs").createMysqlPool(...args);
const createMariadbPool = (...args) => require("./mariadb.cjs").createMariadbPool(...args);
const configureEntraIdAuth = (...args) => require("./sequelize.cjs").configureEntraIdAuth(...args);

// The default credential's @azure/identity: its ES module.
require("../core/source.cjs").useIdentity(require("../core/identity-esm.cjs").importIdentity);

// The shared exports are spread in for require(); index.mjs re-exports them all for import.
module.exports = {
  ...require("../core/index.cjs"),
  mysql2AuthPlugins,
  mysql2Options,
  createMysqlPool,
  createMariadbPool,
  configureEntraIdAuth,
};
