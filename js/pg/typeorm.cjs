"use strict";
// TypeORM's postgres driver builds its pools with `new options.driver.Pool(config)`, `driver`
// defaulting to require("pg"). Handing it a pg whose Pool is createPool gives TypeORM everything
// createPool does (role from the token, refreshed passwords, the retry after 28P01), for the main
// pool and each replica, without a second implementation.
const { checkIntegrationOptions } = require("../core/source.cjs");
const { createPool, loadPg } = require("./pg.cjs");

/**
 * The `driver` option for a TypeORM postgres DataSource:
 * `new DataSource({ type: "postgres", host, database, ssl: true, driver: typeormDriver() })`.
 * @param {{ credential?: import("@azure/core-auth").TokenCredential, scope?: string, allowInsecure?: boolean, username?: string, fallbackUsername?: string, allowAppId?: boolean }} [options]
 * @returns {typeof import("pg")} pg, with a Pool that logs in with Entra ID tokens
 */
function typeormDriver(options = {}) {
  checkIntegrationOptions(options);
  // `new` on a function that returns an object yields that object: the EntraPool.
  function Pool(config) {
    return createPool(config, options);
  }
  return Object.create(loadPg("typeormDriver"), { Pool: { value: Pool } });
}

module.exports = { typeormDriver };
