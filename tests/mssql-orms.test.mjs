// Azure SQL through the ORMs, on the emulator's TDS front door: configureEntraIdAuth for Sequelize's
// mssql dialect (v6 and v7), and the knex and TypeORM recipes of docs/sqlserver.md, as written there;
// each over encrypt: true (the default) and "strict".
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Sequelize as Sequelize6 } from "sequelize";
import { Sequelize as Sequelize7, QueryTypes } from "@sequelize/core";
import { MsSqlDialect } from "@sequelize/mssql";
import knex from "knex";
import { DataSource } from "typeorm";
import { configureEntraIdAuth, tediousAuthentication, ConfigurationError } from "entra-db-auth";
import { emulatorForTests } from "./helpers.mjs";

let emu;
let identity;
let role;

before(async () => {
  ({ emu, identity } = await emulatorForTests({ sqlServer: true }));
  role = emu.principals.systemAssigned.role;
});
after(() => emu?.close());

/** tedious' default (TDS 7.4, TLS inside PRELOGIN) and TDS 8, both verified against the emulator's CA. */
const ENCRYPT = [true, "strict"];
// By the name on the emulator's certificate: Node 26 refuses an IP address as the TLS server name,
// which tedious' encrypt: true would send for 127.0.0.1.
const sqlServer = (encrypt) => ({
  ...emu.sqlServer,
  server: "localhost",
  options: { ...emu.sqlServer.options, encrypt },
});

for (const encrypt of ENCRYPT) {
  test(`configureEntraIdAuth logs Sequelize v6's mssql dialect in with a token (encrypt: ${encrypt})`, async () => {
    const { server, options } = sqlServer(encrypt);
    const { port, database, ...tediousOptions } = options;
    const sequelize = new Sequelize6(database, null, null, {
      dialect: "mssql",
      host: server,
      port,
      dialectOptions: { options: tediousOptions },
      logging: false,
    });
    configureEntraIdAuth(sequelize, new identity.ManagedIdentityCredential());
    try {
      const [rows] = await sequelize.query("SELECT SUSER_SNAME() AS login, DB_NAME() AS db");
      assert.deepEqual(rows, [{ login: role, db: database }]);
    } finally {
      await sequelize.close();
    }
  });
}

for (const encrypt of ENCRYPT) {
  test(`configureEntraIdAuth logs Sequelize v7's mssql dialect in with a token (encrypt: ${encrypt})`, async () => {
    const { server, options } = sqlServer(encrypt);
    const sequelize = new Sequelize7({ dialect: MsSqlDialect, server, ...options, logging: false });
    configureEntraIdAuth(sequelize, new identity.ManagedIdentityCredential());
    try {
      const rows = await sequelize.query("SELECT SUSER_SNAME() AS login", { type: QueryTypes.SELECT });
      assert.deepEqual(rows, [{ login: role }]);
    } finally {
      await sequelize.close();
    }
  });
}

test("Sequelize's mssql dialect with encryption off is refused for a remote server", async () => {
  const sequelize = new Sequelize6("orders", null, null, {
    dialect: "mssql",
    host: "orders.database.windows.net",
    dialectOptions: { options: { encrypt: false } },
    logging: false,
  });
  configureEntraIdAuth(sequelize, new identity.ManagedIdentityCredential());
  try {
    await assert.rejects(sequelize.query("SELECT 1"), (error) => {
      assert.ok(error instanceof ConfigurationError);
      assert.equal(error.code, "INSECURE_CONNECTION");
      return true;
    });
  } finally {
    await sequelize.close();
  }
});

for (const encrypt of ENCRYPT) {
  test(`the knex recipe: client mssql with tediousAuthentication's credential (encrypt: ${encrypt})`, async () => {
    const { server, options } = sqlServer(encrypt);
    const { port, database, ...tediousOptions } = options;
    // docs/sqlserver.md, knex
    const connection = { server, port, database, options: tediousOptions };
    const { type, options: auth } = tediousAuthentication(connection);
    const db = knex({ client: "mssql", connection: { ...connection, type, credential: auth.credential } });
    try {
      const rows = await db.raw("SELECT SUSER_SNAME() AS login");
      assert.deepEqual(rows, [{ login: role }]);
    } finally {
      await db.destroy();
    }
  });
}

for (const encrypt of ENCRYPT) {
  test(`the TypeORM recipe: type mssql with tediousAuthentication (encrypt: ${encrypt})`, async () => {
    const { server, options } = sqlServer(encrypt);
    const { port, database, ...tediousOptions } = options;
    // docs/sqlserver.md, TypeORM
    const config = { server, options: tediousOptions };
    const dataSource = new DataSource({
      type: "mssql",
      host: server,
      port,
      database,
      authentication: tediousAuthentication(config),
      options: tediousOptions,
    });
    await dataSource.initialize();
    try {
      assert.deepEqual(await dataSource.query("SELECT SUSER_SNAME() AS login"), [{ login: role }]);
    } finally {
      await dataSource.destroy();
    }
  });
}
