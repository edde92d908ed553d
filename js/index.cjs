"use strict";
// The root entry point: every database's integrations. PostgreSQL's load with it (the quick start's
// database); SQL Server's and MySQL's entry points load on the first call of one of theirs. An app
// that uses one database bundles smaller through its own entry point (entra-db-auth/pg, /mssql,
// /mysql), which loads nothing of the others.
// SQL Server's integrations, not its entry point, which would name @azure/identity's CommonJS build
// for the default credential: PostgreSQL's entry point, loaded first, names the ES module.
const tediousAuthentication = (...args) => require("./mssql/tedious.cjs").tediousAuthentication(...args);
const createMssqlPool = (...args) => require("./mssql/mssql.cjs").createMssqlPool(...args);
const mysql = () => require("./mysql/index.cjs");
const mysql2AuthPlugins = (...args) => mysql().mysql2AuthPlugins(...args);
const mysql2Options = (...args) => mysql().mysql2Options(...args);
const createMysqlPool = (...args) => mysql().createMysqlPool(...args);
const createMariadbPool = (...args) => mysql().createMariadbPool(...args);
// Every dialect: the hook of the dialect's own entry point.
const configureEntraIdAuth = (...args) => require("./sequelize.cjs").configureEntraIdAuth(...args);

// PostgreSQL's and the shared exports are spread in for require(); index.mjs re-exports them all.
module.exports = {
  ...require("./pg/index.cjs"),
  tediousAuthentication,
  createMssqlPool,
  mysql2AuthPlugins,
  mysql2Options,
  createMysqlPool,
  createMariadbPool,
  configureEntraIdAuth,
};
