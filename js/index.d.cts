// The root entry point: every database's integrations. Its types name no driver's types, so that
// an app of one database type-checks without the others' packages; each database's entry point
// (entra-db-auth/pg, /mssql, /mysql) has its functions' full types.
import type { ConfigureEntraIdAuth } from "./core/index.cjs";

export * from "./pg/index.cjs";
export { tediousAuthentication, createMssqlPool, SqlServerOptions, TediousTarget } from "./mssql/index.cjs";
export {
  mysql2AuthPlugins,
  mysql2Options,
  createMysqlPool,
  createMariadbPool,
  Mysql2AuthPlugins,
} from "./mysql/index.cjs";

/** Registers a `beforeConnect` hook on a Sequelize (v6 or v7) instance of any dialect: postgres, mssql, mysql or mariadb. */
export declare const configureEntraIdAuth: ConfigureEntraIdAuth;
