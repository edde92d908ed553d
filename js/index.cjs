"use strict";
const { TokenSource, sharedTokenSource } = require("./source.cjs");
const { scopeForHost } = require("./hosts.cjs");

// The adapters load on first call, so that an app pays at import only for the token source. Each
// require names its file, so that bundlers still find it. pg's module is kept once loaded:
// getEntraTokenPassword is the hot path, called for every connection.
let pg;
const pgAdapter = () => (pg ??= require("./pg.cjs"));
// A function, not an arrow: pg before 8.19 calls it as `client.password()`, and `this` is the client.
function getEntraTokenPassword(credentialOrConnection, options) {
  return pgAdapter().getEntraTokenPassword.call(this, credentialOrConnection, options);
}
const createPool = (config, options) => pgAdapter().createPool(config, options);
const configureEntraIdAuth = (...args) => require("./sequelize.cjs").configureEntraIdAuth(...args);
const entraTokenProvider = (...args) => require("./postgresql-auth.cjs").entraTokenProvider(...args);
const configureEntraAuthentication = (...args) =>
  require("./postgresql-auth.cjs").configureEntraAuthentication(...args);
const knexConnection = (...args) => require("./knex.cjs").knexConnection(...args);
const postgresJsOptions = (...args) => require("./postgres-js.cjs").postgresJsOptions(...args);
const typeormDriver = (...args) => require("./typeorm.cjs").typeormDriver(...args);
const tediousAuthentication = (...args) => require("./mssql/tedious.cjs").tediousAuthentication(...args);
const createMssqlPool = (...args) => require("./mssql/mssql.cjs").createMssqlPool(...args);
const mysql2AuthPlugins = (...args) => require("./mysql/mysql2.cjs").mysql2AuthPlugins(...args);
const mysql2Options = (...args) => require("./mysql/mysql2.cjs").mysql2Options(...args);
const createMysqlPool = (...args) => require("./mysql/mysql2.cjs").createMysqlPool(...args);
const createMariadbPool = (...args) => require("./mysql/mariadb.cjs").createMariadbPool(...args);
const {
  EntraDbAuthError,
  TokenAcquisitionError,
  InvalidTokenError,
  UsernameError,
  ConfigurationError,
} = require("./errors.cjs");

/**
 * A new token source with its own cache and options (not shared through the registry).
 * @param {ConstructorParameters<typeof TokenSource>[0]} [options]
 */
function createTokenSource(options) {
  return new TokenSource(options);
}

module.exports = {
  getEntraTokenPassword,
  createPool,
  configureEntraIdAuth,
  knexConnection,
  postgresJsOptions,
  typeormDriver,
  tediousAuthentication,
  createMssqlPool,
  mysql2AuthPlugins,
  mysql2Options,
  createMysqlPool,
  createMariadbPool,
  createTokenSource,
  sharedTokenSource,
  scopeForHost,
  entraTokenProvider,
  configureEntraAuthentication,
  TokenSource,
  EntraDbAuthError,
  TokenAcquisitionError,
  InvalidTokenError,
  UsernameError,
  ConfigurationError,
};
