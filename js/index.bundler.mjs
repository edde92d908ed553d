// The root entry point for bundlers (the `module` condition of package.json's exports): PostgreSQL's
// and MySQL's entry points, SQL Server's integrations (not its entry point, which would name
// @azure/identity's CommonJS build for the default credential), and the configureEntraIdAuth of
// every dialect, which takes precedence over theirs. Each is named from its own module, so that a
// bundler keeps only what an app uses. Node imports index.mjs, which loads them on first use.
export * from "./pg/index.bundler.mjs";
export * from "./mysql/index.bundler.mjs";
export { tediousAuthentication } from "./mssql/tedious.cjs";
export { createMssqlPool } from "./mssql/mssql.cjs";
export { configureEntraIdAuth } from "./sequelize.cjs";
