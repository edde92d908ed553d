// Compiled by `tsc --noEmit` in the lint step: the published types accept the documented usage.
import pg from "pg";
import { Sequelize } from "sequelize";
import { DefaultAzureCredential } from "@azure/identity";
import {
  getEntraTokenPassword,
  configureEntraIdAuth,
  createTokenSource,
  entraTokenProvider,
  configureEntraAuthentication,
  EntraDbAuthError,
  type EntraDbAuthErrorCode,
} from "entra-db-auth";

const credential = new DefaultAzureCredential();
new pg.Pool({ host: "h.postgres.database.azure.com", user: "u", ssl: true, password: getEntraTokenPassword });
new pg.Pool({ password: () => getEntraTokenPassword(credential, { scope: "s" }) });
new pg.Pool({ password: entraTokenProvider(credential) });
const sequelize: Sequelize = configureEntraIdAuth(new Sequelize("db", "", "", { dialect: "postgres" }));
configureEntraIdAuth(sequelize, credential, { fallbackUsername: "app" });
// The drop-in: any object with beforeConnect(callback), a Sequelize v6 instance among them.
configureEntraAuthentication(sequelize, credential, { fallbackUsername: "app" });
configureEntraAuthentication({ beforeConnect: (hook) => void hook({}) }, credential);
new pg.Pool({
  password: entraTokenProvider(credential, { scope: ["https://ossrdbms-aad.database.windows.net/.default"] }),
});
const source = createTokenSource({ credential, refreshAt: 0.8 });
const password: Promise<string> = source.getPassword();
void password;
const code: EntraDbAuthErrorCode | undefined = new Error() instanceof EntraDbAuthError ? "NO_TOKEN" : undefined;
void code;

// The adapters of "Other libraries" in the README, with each library's own types.
import knex from "knex";
import postgres from "postgres";
import { DataSource } from "typeorm";
import { Kysely, PostgresDialect } from "kysely";
import { drizzle } from "drizzle-orm/node-postgres";
import { PrismaPg } from "@prisma/adapter-pg";
import { Sequelize as Sequelize7 } from "@sequelize/core";
import { PostgresDialect as SequelizePostgres } from "@sequelize/postgres";
import { Connection } from "tedious";
import type { TokenCredential } from "@azure/core-auth";
import { createPool, knexConnection, postgresJsOptions, typeormDriver } from "entra-db-auth";

const host = "orders.postgres.database.azure.com";
knex({ client: "pg", connection: knexConnection({ host, database: "orders", ssl: true }, { credential }) });
postgres(await postgresJsOptions({ host, database: "orders", ssl: "require" as const }));
new DataSource({ type: "postgres", host, database: "orders", ssl: true, driver: typeormDriver({ credential }) });
const pool = createPool({ host, database: "orders", ssl: true });
new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool }) });
drizzle({ client: pool });
new PrismaPg(pool);
configureEntraIdAuth(new Sequelize7({ dialect: SequelizePostgres, host, database: "orders", ssl: true }), credential);
configureEntraAuthentication(new Sequelize7({ dialect: SequelizePostgres, host, ssl: true }), credential);
const tokenCredential: TokenCredential = source.keepFresh().asTokenCredential();
new Connection({
  server: "orders.database.windows.net",
  authentication: { type: "token-credential", options: { credential: tokenCredential } },
});

// Azure SQL: tedious, mssql and Sequelize's mssql dialect.
import { MsSqlDialect } from "@sequelize/mssql";
import { createMssqlPool, tediousAuthentication } from "entra-db-auth";
const sqlConfig = {
  server: "orders.database.windows.net",
  options: { database: "orders", encrypt: "strict" as const },
};
new Connection({ ...sqlConfig, authentication: tediousAuthentication(sqlConfig, { credential }) });
const mssqlPool = createMssqlPool({ ...sqlConfig, maxLifetimeSeconds: 1200 }, { credential: source });
await mssqlPool.connect();
createMssqlPool("Server=tcp:orders.database.windows.net,1433;Database=orders;Encrypt=Strict");
createMssqlPool({ connectionString: "Server=tcp:orders.database.windows.net;Database=orders", pool: { max: 5 } });
configureEntraIdAuth(new Sequelize7({ dialect: MsSqlDialect, server: sqlConfig.server, encrypt: true }), credential);

// Azure Database for MySQL: mysql2, knex, Drizzle, the mariadb connector, Sequelize's mysql dialect.
import mysql from "mysql2/promise";
import { drizzle as drizzleMysql } from "drizzle-orm/mysql2";
import { MySqlDialect } from "@sequelize/mysql";
import { createMariadbPool, createMysqlPool, mysql2AuthPlugins, mysql2Options } from "entra-db-auth";
const mysqlConfig = { host: "orders.mysql.database.azure.com", database: "orders", ssl: {} };
const mysqlPool = createMysqlPool({ ...mysqlConfig, maxLifetimeSeconds: 1200 }, { credential });
drizzleMysql({ client: mysqlPool });
await mysql.createConnection(await mysql2Options(mysqlConfig, { credential: source }));
await mysql.createConnection({ ...mysqlConfig, user: "orders-web", authPlugins: mysql2AuthPlugins({ credential }) });
knex({ client: "mysql2", connection: () => mysql2Options(mysqlConfig) });
await createMariadbPool(mysqlConfig, { credential }).query("SELECT 1");
configureEntraIdAuth(new Sequelize7({ dialect: MySqlDialect, ...mysqlConfig }), credential);

// The emulator's entry has types too.
import { startEmulator, type Emulator } from "entra-db-auth/emulator";
const emu: Emulator = await startEmulator({ tls: true, sqlServer: true, mysql: true });
new pg.Pool({ ...emu.pg, user: emu.principals.systemAssigned.role, password: getEntraTokenPassword });
const restoreEnv: () => void = emu.applyEnv("managedIdentity");
restoreEnv();
await emu.close();
