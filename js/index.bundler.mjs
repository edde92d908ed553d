// The root entry point for bundlers (the `module` condition of package.json's exports): every
// database's integrations, each named from its own module, so that a bundler keeps only what an app
// uses; configureEntraIdAuth is the one of every dialect. Node imports index.mjs, which loads them on
// first use.
import { useIdentity } from "./core/source.cjs";
import { importIdentity } from "./core/identity-esm.cjs";

export * from "./core/index.mjs";
export { getEntraTokenPassword, createPool } from "./pg/pg.cjs";
export { knexConnection } from "./pg/knex.cjs";
export { postgresJsOptions } from "./pg/postgres-js.cjs";
export { typeormDriver } from "./pg/typeorm.cjs";
export { entraTokenProvider, configureEntraAuthentication } from "./pg/postgresql-auth.cjs";
export { tediousAuthentication } from "./mssql/tedious.cjs";
export { createMssqlPool } from "./mssql/mssql.cjs";
export { mysql2AuthPlugins, mysql2Options, createMysqlPool } from "./mysql/mysql2.cjs";
export { createMariadbPool } from "./mysql/mariadb.cjs";
export { configureEntraIdAuth } from "./sequelize.cjs";

// The default credential's @azure/identity: its ES module, as PostgreSQL's and MySQL's entry points
// name it (SQL Server's names the CommonJS build, which tedious requires). package.json's
// `sideEffects` names this file, so that bundlers keep this call.
useIdentity(importIdentity);
