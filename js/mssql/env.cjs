"use strict";
// Where the environment says an app's Azure SQL database is, as pg reads PG*: the variables Azure's
// Service Connector sets for a Node.js app (AZURE_SQL_SERVER, AZURE_SQL_PORT, AZURE_SQL_DATABASE;
// see https://learn.microsoft.com/azure/service-connector/how-to-integrate-sql-database), each only
// for an option the app left unset. AZURE_SQL_AUTHENTICATIONTYPE is not read: the login is always
// this package's token, whatever it says.
const { tcpPort } = require("../core/hosts.cjs");

/**
 * An mssql config with the environment's server, port and database where it has none (at either
 * level mssql reads them: `port`/`database`, or `options.port`/`options.database`).
 */
function mssqlEnvDefaults(config, env = process.env) {
  const defaults = {};
  if (config.server === undefined && env.AZURE_SQL_SERVER) defaults.server = env.AZURE_SQL_SERVER;
  if (config.port === undefined && config.options?.port === undefined && env.AZURE_SQL_PORT) {
    defaults.port = tcpPort("AZURE_SQL_PORT", env.AZURE_SQL_PORT);
  }
  if (config.database === undefined && config.options?.database === undefined && env.AZURE_SQL_DATABASE) {
    defaults.database = env.AZURE_SQL_DATABASE;
  }
  return { ...config, ...defaults };
}

module.exports = { mssqlEnvDefaults };
