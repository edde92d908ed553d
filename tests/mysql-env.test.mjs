// createMysqlPool, mysql2Options and createMariadbPool take the server from the environment, as pg
// takes PG*: Azure Service Connector's AZURE_MYSQL_HOST, _PORT, _USER, _DATABASE and _SSL, then the
// mysql client's MYSQL_HOST and MYSQL_TCP_PORT, each only where the app left the option unset. The
// apps run as child processes with nothing but the environment (the emulator's, which trusts its
// CA), against the emulator's MySQL front door, which here refuses a login without TLS.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startEmulator } from "../js/emulator/index.mjs";
import { mysqlEnvDefaults } from "../js/mysql/env.cjs";
import { mariadbSkip } from "./helpers.mjs";

const skip = mariadbSkip();

describe("an app configured by Service Connector's variables alone", { skip }, () => {
  let emu;
  before(async () => {
    emu = await startEmulator({ tls: true, mysql: true });
    emu.mysqlFrontDoor.requireTls = true;
  });
  after(() => emu?.close());

  /** Runs `source` (a CommonJS script printing one JSON line) with the emulator's environment and `env`. */
  async function app(source, env) {
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", source], {
      cwd: new URL("..", import.meta.url),
      env: { ...process.env, ...emu.envFor(), ...env },
    });
    return JSON.parse(stdout);
  }

  const serviceConnector = () => ({
    AZURE_MYSQL_HOST: emu.mysql.host,
    AZURE_MYSQL_PORT: String(emu.mysql.port),
    AZURE_MYSQL_DATABASE: emu.mysql.database,
    AZURE_MYSQL_USER: "orders-web",
    AZURE_MYSQL_SSL: "true",
  });
  const QUERY = "SELECT CURRENT_USER() AS user, DATABASE() AS db";

  test("createMysqlPool() logs in over TLS to AZURE_MYSQL_HOST:AZURE_MYSQL_PORT, database and user from the variables", async () => {
    const row = await app(
      `const { createMysqlPool } = require("entra-db-auth/mysql");
       (async () => {
         const pool = createMysqlPool();
         const [rows] = await pool.query(${JSON.stringify(QUERY)});
         console.log(JSON.stringify(rows[0]));
         await pool.end();
       })();`,
      serviceConnector(),
    );
    assert.deepEqual(row, { user: "orders-web@%", db: emu.mysql.database });
  });

  test("mysql2Options() and createMariadbPool() read the same variables", async () => {
    const rows = await app(
      `const mysql = require("mysql2/promise");
       const { mysql2Options, createMariadbPool } = require("entra-db-auth/mysql");
       (async () => {
         const connection = await mysql.createConnection(await mysql2Options());
         const [[viaMysql2]] = await connection.query(${JSON.stringify(QUERY)});
         await connection.end();
         const pool = createMariadbPool();
         const [viaMariadb] = await pool.query(${JSON.stringify(QUERY)});
         await pool.end();
         console.log(JSON.stringify([viaMysql2, { ...viaMariadb }]));
       })();`,
      serviceConnector(),
    );
    assert.deepEqual(rows, [
      { user: "orders-web@%", db: emu.mysql.database },
      { user: "orders-web@%", db: emu.mysql.database },
    ]);
  });

  test("the mysql client's MYSQL_HOST and MYSQL_TCP_PORT, with the user from the token", async () => {
    const row = await app(
      `const { createMysqlPool } = require("entra-db-auth/mysql");
       const { readFileSync } = require("node:fs");
       (async () => {
         const pool = createMysqlPool({ database: ${JSON.stringify(emu.mysql.database)}, ssl: { ca: readFileSync(process.env.NODE_EXTRA_CA_CERTS) } });
         const [rows] = await pool.query(${JSON.stringify(QUERY)});
         console.log(JSON.stringify(rows[0]));
         await pool.end();
       })();`,
      { MYSQL_HOST: emu.mysql.host, MYSQL_TCP_PORT: String(emu.mysql.port) },
    );
    assert.deepEqual(row, { user: "orders-web@%", db: emu.mysql.database });
  });
});

describe("which value wins", () => {
  const env = {
    AZURE_MYSQL_HOST: "orders.mysql.database.azure.com",
    MYSQL_HOST: "localhost",
    AZURE_MYSQL_PORT: "3307",
    MYSQL_TCP_PORT: "3308",
    AZURE_MYSQL_USER: "orders-web",
    AZURE_MYSQL_DATABASE: "orders",
    AZURE_MYSQL_SSL: "true",
  };

  test("Service Connector's variables over the mysql client's; ssl true is TLS verified against Node's roots", () => {
    assert.deepEqual(mysqlEnvDefaults({}, env), {
      host: "orders.mysql.database.azure.com",
      port: 3307,
      user: "orders-web",
      database: "orders",
      ssl: {},
    });
    assert.deepEqual(mysqlEnvDefaults({}, { MYSQL_HOST: "localhost", MYSQL_TCP_PORT: "3308" }), {
      host: "localhost",
      port: 3308,
    });
  });

  test("the app's own options over any variable", () => {
    const config = { host: "h", port: 1, user: "u", database: "d", ssl: { ca: "x" } };
    assert.deepEqual(mysqlEnvDefaults(config, env), config);
    assert.deepEqual(mysqlEnvDefaults({ host: "h" }, env).host, "h");
  });

  test("none with a uri or a socketPath, which say where to connect", () => {
    const uri = { uri: "mysql://orders.mysql.database.azure.com/shop" };
    assert.deepEqual(mysqlEnvDefaults(uri, env), uri);
    assert.deepEqual(mysqlEnvDefaults({ socketPath: "/run/mysqld.sock" }, env), { socketPath: "/run/mysqld.sock" });
  });

  test("AZURE_MYSQL_SSL=false leaves ssl unset, so that a remote host is refused (INSECURE_CONNECTION)", async () => {
    assert.equal(mysqlEnvDefaults({}, { ...env, AZURE_MYSQL_SSL: "false" }).ssl, undefined);
  });

  test("a bad port or ssl value is INVALID_ARGUMENT, naming the variable", () => {
    assert.throws(() => mysqlEnvDefaults({}, { AZURE_MYSQL_PORT: "mysql" }), {
      code: "INVALID_ARGUMENT",
      message: 'AZURE_MYSQL_PORT must be a TCP port number, got "mysql"',
    });
    assert.throws(() => mysqlEnvDefaults({}, { AZURE_MYSQL_SSL: "yes" }), {
      code: "INVALID_ARGUMENT",
      message: 'AZURE_MYSQL_SSL must be true or false, got "yes"',
    });
  });
});
