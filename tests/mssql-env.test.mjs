// createMssqlPool takes the server from the environment, as pg takes PG*: Azure Service
// Connector's AZURE_SQL_SERVER, AZURE_SQL_PORT and AZURE_SQL_DATABASE, each only where the app left
// the option unset. The app runs as a child process with nothing but the environment (the
// emulator's, which trusts its CA), against the emulator's Azure SQL front door.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startEmulator } from "../js/emulator/index.mjs";
import { mssqlEnvDefaults } from "../js/mssql/env.cjs";

describe("an app configured by Service Connector's variables alone", () => {
  let emu;
  before(async () => {
    emu = await startEmulator({ sqlServer: { users: ["orders-web"] } });
  });
  after(() => emu?.close());

  test("createMssqlPool() logs in to AZURE_SQL_SERVER:AZURE_SQL_PORT, database AZURE_SQL_DATABASE, over verified TLS", async () => {
    const source = `const { createMssqlPool } = require("entra-db-auth/mssql");
      (async () => {
        const pool = await createMssqlPool().connect();
        const { recordset } = await pool.request().query("SELECT SUSER_SNAME() AS login, DB_NAME() AS db");
        console.log(JSON.stringify(recordset[0]));
        await pool.close();
      })();`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", source], {
      cwd: new URL("..", import.meta.url),
      env: {
        ...process.env,
        ...emu.envFor(),
        // The name on the emulator's certificate: tedious verifies it (encrypt: true, mssql's default).
        AZURE_SQL_SERVER: "localhost",
        AZURE_SQL_PORT: String(emu.sqlServer.options.port),
        AZURE_SQL_DATABASE: emu.sqlServer.options.database,
        AZURE_SQL_AUTHENTICATIONTYPE: "azure-active-directory-default",
      },
    });
    assert.deepEqual(JSON.parse(stdout), { login: "orders-web", db: emu.sqlServer.options.database });
  });
});

describe("which value wins", () => {
  const env = { AZURE_SQL_SERVER: "orders.database.windows.net", AZURE_SQL_PORT: "1433", AZURE_SQL_DATABASE: "orders" };

  test("the variables fill what the config leaves unset", () => {
    assert.deepEqual(mssqlEnvDefaults({ options: { encrypt: "strict" } }, env), {
      server: "orders.database.windows.net",
      port: 1433,
      database: "orders",
      options: { encrypt: "strict" },
    });
  });

  test("the app's options win, at either level mssql reads them", () => {
    const config = { server: "other.database.windows.net", port: 11000, database: "shop" };
    assert.deepEqual(mssqlEnvDefaults(config, env), config);
    const nested = { server: "s", options: { port: 11000, database: "shop" } };
    assert.deepEqual(mssqlEnvDefaults(nested, env), nested);
  });

  test("AZURE_SQL_SERVER goes through the TLS guard like a configured server: encrypt false is refused", async () => {
    const { createMssqlPool } = await import("entra-db-auth/mssql");
    const saved = process.env.AZURE_SQL_SERVER;
    process.env.AZURE_SQL_SERVER = "orders.database.windows.net";
    try {
      assert.throws(() => createMssqlPool({ options: { encrypt: false } }), {
        code: "INSECURE_CONNECTION",
        message: /refusing to send an Entra ID token to orders\.database\.windows\.net without encryption/,
      });
    } finally {
      if (saved === undefined) delete process.env.AZURE_SQL_SERVER;
      else process.env.AZURE_SQL_SERVER = saved;
    }
  });

  test("a bad AZURE_SQL_PORT is INVALID_ARGUMENT", () => {
    assert.throws(() => mssqlEnvDefaults({}, { AZURE_SQL_PORT: "sql" }), {
      code: "INVALID_ARGUMENT",
      message: 'AZURE_SQL_PORT must be a TCP port number, got "sql"',
    });
  });
});
