// Every doctor flag on every engine: it either reaches the walk of that engine or is refused with a
// message, never ignored. And a login step whose driver is not installed says so
// (PEER_NOT_INSTALLED), rather than blaming the server.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startEmulator } from "../js/emulator/index.mjs";
import { parse } from "../js/cli/doctor.mjs";
import { mariadbSkip } from "./helpers.mjs";

/** A CA file for --ca: doctor reads it at parse time. */
const CA = join(mkdtempSync(join(tmpdir(), "entra-db-auth-flags-")), "ca.pem");
writeFileSync(CA, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
process.on("exit", () => rmSync(dirname(CA), { recursive: true, force: true }));
const HOSTS = {
  postgres: "orders.postgres.database.azure.com",
  sqlserver: "orders.database.windows.net",
  mysql: "orders.mysql.database.azure.com",
};

describe("every flag on every engine: used, or refused with a message", () => {
  /** Each flag, the option it becomes (undefined: refused on that engine, with the message). */
  const FLAGS = [
    [["--port", "1234"], (o) => assert.equal(o.port, 1234)],
    [["--database", "shop"], (o) => assert.equal(o.database, "shop")],
    [["--user", "app"], (o) => assert.equal(o.user, "app"), { sqlserver: /--user does not apply to Azure SQL/ }],
    [["--credential", "cli"], (o) => assert.equal(o.credential, "cli")],
    [["--ca", CA], (o) => assert.equal(o.caFile, CA)],
    [
      ["--tenant", "72f988bf-86f1-41af-91ab-2d7cd011db47"],
      (o) => assert.equal(o.tenant, "72f988bf-86f1-41af-91ab-2d7cd011db47"),
    ],
    [["--no-ssl"], (o) => assert.equal(o.ssl, false), { sqlserver: /--no-ssl does not apply to Azure SQL/ }],
    [["--json"], (o) => assert.equal(o.json, true)],
  ];
  for (const [engine, host] of Object.entries(HOSTS)) {
    const walked = engine === "postgres" ? "postgresql" : engine;
    for (const given of [
      ["--host", host],
      ["--host", "127.0.0.1", "--engine", engine],
    ]) {
      for (const [flag, check, refused = {}] of FLAGS) {
        const args = [...given, ...flag];
        test(`doctor ${args.join(" ")}`, () => {
          if (refused[engine]) return assert.throws(() => parse(args), refused[engine]);
          const options = parse(args);
          assert.equal(options.engine, walked);
          check(options);
        });
      }
    }
  }

  test("--engine takes postgres as well as postgresql, as the URL schemes do", () => {
    assert.equal(parse(["--host", "127.0.0.1", "--engine", "postgres"]).engine, "postgresql");
    assert.throws(
      () => parse(["--host", "h", "--engine", "oracle"]),
      /--engine must be postgresql, sqlserver or mysql/,
    );
  });
});

describe("without --host, each engine's environment, as its library reads it", () => {
  /** parse(args) with these variables (and no others of the kind) in process.env. */
  function parseWith(env, args) {
    const names = ["PGHOST", "PGPORT", "PGDATABASE", "MYSQL_HOST", "MYSQL_TCP_PORT"];
    names.push(...Object.keys(process.env).filter((name) => /^AZURE_(MYSQL|SQL)_/.test(name)));
    const saved = Object.fromEntries([...names, ...Object.keys(env)].map((name) => [name, process.env[name]]));
    for (const name of names) delete process.env[name];
    Object.assign(process.env, env);
    try {
      const { engine, host, port, database, user } = parse(args);
      return { engine, host, port, database, user };
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  }

  test("PostgreSQL: PGHOST, PGPORT, PGDATABASE", () => {
    const env = { PGHOST: "orders.postgres.database.azure.com", PGPORT: "6432", PGDATABASE: "shop" };
    assert.deepEqual(parseWith(env, []), {
      engine: "postgresql",
      host: "orders.postgres.database.azure.com",
      port: 6432,
      database: "shop",
      user: undefined,
    });
  });

  test("MySQL: Service Connector's AZURE_MYSQL_*, then the mysql client's MYSQL_HOST and MYSQL_TCP_PORT", () => {
    const azure = {
      AZURE_MYSQL_HOST: "orders.mysql.database.azure.com",
      AZURE_MYSQL_PORT: "3307",
      AZURE_MYSQL_DATABASE: "shop",
      AZURE_MYSQL_USER: "orders-web",
      MYSQL_HOST: "localhost",
    };
    assert.deepEqual(parseWith(azure, ["--engine", "mysql"]), {
      engine: "mysql",
      host: "orders.mysql.database.azure.com",
      port: 3307,
      database: "shop",
      user: "orders-web",
    });
    assert.deepEqual(parseWith({ MYSQL_HOST: "127.0.0.1", MYSQL_TCP_PORT: "3310" }, ["--engine", "mysql"]), {
      engine: "mysql",
      host: "127.0.0.1",
      port: 3310,
      database: undefined,
      user: undefined,
    });
    // The flags win.
    assert.equal(parseWith(azure, ["--engine", "mysql", "--user", "app"]).user, "app");
  });

  test("Azure SQL: AZURE_SQL_SERVER, AZURE_SQL_PORT, AZURE_SQL_DATABASE", () => {
    const env = { AZURE_SQL_SERVER: "orders.database.windows.net", AZURE_SQL_PORT: "1444", AZURE_SQL_DATABASE: "shop" };
    assert.deepEqual(parseWith(env, ["--engine", "sqlserver"]), {
      engine: "sqlserver",
      host: "orders.database.windows.net",
      port: 1444,
      database: "shop",
      user: undefined,
    });
    assert.throws(() => parseWith({}, ["--engine", "sqlserver"]), /--host is required \(or AZURE_SQL_SERVER\)/);
  });
});

describe("a driver that is not installed: the login step says so", () => {
  const skip = mariadbSkip();
  let emu;
  before(async () => {
    emu = await startEmulator({ tls: true, sqlServer: { users: ["orders-web"] }, mysql: !skip });
  });
  after(() => emu?.close());

  async function doctorWithout(driver, args) {
    const cli = fileURLToPath(new URL("../js/cli.mjs", import.meta.url));
    const hook = fileURLToPath(new URL("fixtures/hide-packages.mjs", import.meta.url));
    const env = { ...process.env, ...emu.envFor(), HIDE_PACKAGES: driver };
    const outcome = await promisify(execFile)(
      process.execPath,
      ["--import", hook, cli, "doctor", ...args, "--ca", emu.caFile, "--json"],
      { env },
    ).catch((error) => error);
    const report = JSON.parse(outcome.stdout);
    return { code: outcome.code ?? 0, login: report.steps.find((step) => step.name === "login") };
  }

  const cases = [
    ["pg", () => ["--host", emu.pg.host, "--port", String(emu.pg.port)]],
    ["tedious", () => ["--engine", "sqlserver", "--host", "127.0.0.1", "--port", String(emu.sqlServer.options.port)]],
    ["mysql2", () => ["--engine", "mysql", "--host", emu.mysql.host, "--port", String(emu.mysql.port)], skip],
  ];
  for (const [driver, args, skipped] of cases) {
    test(`without ${driver}: "${driver} is not installed", and npm install ${driver}`, { skip: skipped }, async () => {
      const { code, login } = await doctorWithout(driver, args());
      assert.equal(code, 1);
      assert.equal(login.status, "fail");
      assert.match(login.detail, new RegExp(`needs the ${driver} package, which cannot be loaded here`));
      assert.equal(login.cause, `the driver ${driver} is not installed here, so nothing was sent to the server`);
      assert.match(login.fix, new RegExp(`^npm install ${driver}`));
    });
  }
});
