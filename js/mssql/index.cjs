"use strict";
// entra-db-auth/mssql: Azure SQL Database. Loads SQL Server's integrations only, each on its first
// call, and tedious or mssql only when an integration needs it; no PostgreSQL or MySQL code.
const tediousAuthentication = (...args) => require("./tedious.cjs").tediousAuthentication(...args);
const createMssqlPool = (...args) => require("./mssql.cjs").createMssqlPool(...args);
const configureEntraIdAuth = (...args) => require("./sequelize.cjs").configureEntraIdAuth(...args);

// The default credential's @azure/identity: its CommonJS build, which tedious requires too.
require("../core/source.cjs").useIdentity(require("../core/identity-cjs.cjs").requireIdentity);

// The shared exports are spread in for require(); index.mjs re-exports them all for import.
module.exports = {
  ...require("../core/index.cjs"),
  tediousAuthentication,
  createMssqlPool,
  configureEntraIdAuth,
};
