"use strict";
// Where the environment says an app's MySQL server is, as pg reads PG*: the variables Azure's
// Service Connector sets for a Node.js app (AZURE_MYSQL_*, see
// https://learn.microsoft.com/azure/service-connector/how-to-integrate-mysql), then the mysql
// client's own (MYSQL_HOST, MYSQL_TCP_PORT). Each only for an option the app left unset, and none
// when the app gives a `uri` or a `socketPath`: that is its own word on where to connect.
const { check } = require("../core/errors.cjs");
const { tcpPort } = require("../core/hosts.cjs");

/** Each option and the variables that give it, the first one set winning. */
const MYSQL_ENV = {
  host: ["AZURE_MYSQL_HOST", "MYSQL_HOST"],
  port: ["AZURE_MYSQL_PORT", "MYSQL_TCP_PORT"],
  user: ["AZURE_MYSQL_USER"],
  database: ["AZURE_MYSQL_DATABASE"],
  ssl: ["AZURE_MYSQL_SSL"],
};

/** The first of `names` set in `env`: `[name, value]`, or undefined. */
function fromEnv(names, env) {
  const name = names.find((candidate) => env[candidate]);
  return name && [name, env[name]];
}

/**
 * `config` (mysql2's or mariadb's) with the environment's host, port, user, database and ssl where
 * it has none. AZURE_MYSQL_SSL=true (what Service Connector sets) means `ssl: {}`: TLS verified
 * against Node's roots, which Azure's certificates chain to.
 */
function mysqlEnvDefaults(config, env = process.env) {
  if (config.uri !== undefined || config.socketPath !== undefined) return config;
  const defaults = {};
  for (const [option, names] of Object.entries(MYSQL_ENV)) {
    const found = config[option] === undefined && fromEnv(names, env);
    if (!found) continue;
    const [name, value] = found;
    if (option === "port") defaults.port = tcpPort(name, value);
    else if (option === "ssl") {
      check(value === "true" || value === "false", () => `${name} must be true or false, got ${JSON.stringify(value)}`);
      if (value === "true") defaults.ssl = {};
    } else defaults[option] = value;
  }
  return { ...config, ...defaults };
}

module.exports = { mysqlEnvDefaults };
