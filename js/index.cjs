"use strict";
const { TokenSource, sharedTokenSource } = require("./source.cjs");
const { scopeForHost } = require("./hosts.cjs");
const { getEntraTokenPassword, createPool } = require("./pg.cjs");
const { configureEntraIdAuth } = require("./sequelize.cjs");
const { entraTokenProvider, configureEntraAuthentication } = require("./postgresql-auth.cjs");
const { knexConnection } = require("./knex.cjs");
const { postgresJsOptions } = require("./postgres-js.cjs");
const { typeormDriver } = require("./typeorm.cjs");
const { tediousAuthentication } = require("./mssql/tedious.cjs");
const { createMssqlPool } = require("./mssql/mssql.cjs");
const { mysql2AuthPlugins, mysql2Options, createMysqlPool } = require("./mysql/mysql2.cjs");
const { createMariadbPool } = require("./mysql/mariadb.cjs");
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
