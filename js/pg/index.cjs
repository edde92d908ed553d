"use strict";
// entra-db-auth/pg: Azure Database for PostgreSQL. Loads PostgreSQL's integrations only, each on
// its first call, and pg only when an integration needs it; no SQL Server or MySQL code.
// getEntraTokenPassword is the hot path, called for every connection: its module is kept once loaded.
let pg;
const pgAdapter = () => (pg ??= require("./pg.cjs"));
// A function, not an arrow: pg before 8.19 calls it as `client.password()`, and `this` is the client.
function getEntraTokenPassword(credentialOrConnection, options) {
  return pgAdapter().getEntraTokenPassword.call(this, credentialOrConnection, options);
}
const createPool = (config, options) => pgAdapter().createPool(config, options);
const configureEntraIdAuth = (...args) => require("./sequelize.cjs").configureEntraIdAuth(...args);
const knexConnection = (...args) => require("./knex.cjs").knexConnection(...args);
const postgresJsOptions = (...args) => require("./postgres-js.cjs").postgresJsOptions(...args);
const typeormDriver = (...args) => require("./typeorm.cjs").typeormDriver(...args);
const entraTokenProvider = (...args) => require("./postgresql-auth.cjs").entraTokenProvider(...args);
const configureEntraAuthentication = (...args) =>
  require("./postgresql-auth.cjs").configureEntraAuthentication(...args);

// The default credential's @azure/identity: its ES module.
require("../core/source.cjs").useIdentity(require("../core/identity-esm.cjs").importIdentity);

// The shared exports are spread in for require(); index.mjs re-exports them all for import.
module.exports = {
  ...require("../core/index.cjs"),
  getEntraTokenPassword,
  createPool,
  configureEntraIdAuth,
  knexConnection,
  postgresJsOptions,
  typeormDriver,
  entraTokenProvider,
  configureEntraAuthentication,
};
