"use strict";
// entra-db-auth/mssql: Azure SQL Database. Loads SQL Server's integrations only, each on its first
// call, and tedious or mssql only when an integration needs it; no PostgreSQL or MySQL code.
const tediousAuthentication = (...args) => require("./tedious.cjs").tediousAuthentication(...args);
const createMssqlPool = (...args) => require("./mssql.cjs").createMssqlPool(...args);
const configureEntraIdAuth = (...args) => require("./sequelize.cjs").configureEntraIdAuth(...args);

// The default credential comes from @azure/identity's CommonJS build, which tedious requires too:
// one build in the app (and in its bundle).
const { useIdentity, identityMissing } = require("../core/source.cjs");
useIdentity(() => {
  try {
    return require("@azure/identity");
  } catch (cause) {
    return identityMissing(cause);
  }
});

// The shared exports are spread in for require(); index.mjs names them for import.
module.exports = {
  ...require("../core/index.cjs"),
  tediousAuthentication,
  createMssqlPool,
  configureEntraIdAuth,
};
