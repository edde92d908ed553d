// `entra-db-auth doctor` for Azure SQL, as a person runs it: a child process pointed at the
// emulator's TDS front door. It walks every step to SUSER_SNAME(), and when the database has no user
// for the token's principal it says so and gives the CREATE USER to run. No output holds the token.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../js/emulator/index.mjs";
import { doctorJson } from "./helpers.mjs";

let emu;

before(async () => {
  // Only the system-assigned identity is a user of the database.
  emu = await startEmulator({ sqlServer: { users: ["orders-web"] } });
});
after(() => emu?.close());

function doctor(principal, extra = []) {
  emu.identity.use(principal);
  const args = ["--engine", "sqlserver", "--host", "127.0.0.1", "--port", String(emu.sqlServer.options.port)];
  return doctorJson(emu, [...args, "--database", emu.sqlServer.options.database, "--ca", emu.caFile, ...extra]);
}

test("doctor walks an Azure SQL login to SUSER_SNAME()", async () => {
  const { code, report } = await doctor("systemAssigned");
  assert.equal(code, 0);
  assert.equal(report.engine, "sqlserver");
  const steps = Object.fromEntries(report.steps.map((step) => [step.name, step]));
  assert.deepEqual(
    report.steps.map((step) => `${step.name} ${step.status}`),
    ["scope", "credential", "token", "principal", "dns", "tcp", "login", "suser_sname"].map((name) => `${name} ok`),
  );
  assert.equal(steps.suser_sname.detail, "orders-web");
  assert.match(steps.login.detail, /https:\/\/database\.windows\.net\/\.default/);
});

test("doctor names the missing database user and the CREATE USER that fixes it", async () => {
  const { code, report } = await doctor("userAssigned");
  assert.equal(code, 1);
  const login = report.steps.find((step) => step.name === "login");
  assert.equal(login.status, "fail");
  assert.match(login.detail, /error 18456/);
  assert.match(login.fix, /CREATE USER \[orders-api-identity\] FROM EXTERNAL PROVIDER/);
});

test("--tenant: a refused login from a token of another tenant is put down to the tenant", async () => {
  const { code, report } = await doctor("userAssigned", ["--tenant", emu.otherTenantId]);
  assert.equal(code, 1);
  const login = report.steps.find((step) => step.name === "login");
  assert.equal(
    login.cause,
    `the token is from tenant ${emu.tenantId}, and the server trusts tokens from its own tenant ${emu.otherTenantId} only`,
  );
  assert.match(login.fix, new RegExp(`az login --tenant ${emu.otherTenantId}`));
});

test("doctor refuses --user and --no-ssl for Azure SQL, where the token names the principal and the login is encrypted", async () => {
  const { parse } = await import("../js/cli/doctor.mjs");
  for (const flag of [["--user", "someone"], ["--no-ssl"]]) {
    assert.throws(() => parse(["--host", "orders.database.windows.net", ...flag]), /does not apply to Azure SQL/);
    assert.throws(
      () => parse(["--host", "localhost", "--engine", "sqlserver", ...flag]),
      /does not apply to Azure SQL/,
    );
  }
  assert.equal(parse(["--host", "orders.database.windows.net"]).engine, "sqlserver");
});

test("doctor takes an app's connection URL, in --url or --host, for each engine; flags beside it win", async () => {
  const { parse } = await import("../js/cli/doctor.mjs");
  const pick = ({ engine, host, port, database, user, ssl }) => ({ engine, host, port, database, user, ssl });
  const url = "postgres://app@orders.postgres.database.azure.com:6432/shop?sslmode=require";
  const postgres = {
    engine: "postgresql",
    host: "orders.postgres.database.azure.com",
    port: 6432,
    database: "shop",
    user: "app",
    ssl: true,
  };
  assert.deepEqual(pick(parse(["--url", url])), postgres);
  assert.deepEqual(pick(parse(["--host", url])), postgres);
  assert.deepEqual(pick(parse(["--url", url, "--user", "other", "--no-ssl"])), {
    ...postgres,
    user: "other",
    ssl: false,
  });
  assert.equal(parse(["--url", "mysql://orders.mysql.database.azure.com/shop"]).engine, "mysql");
  assert.deepEqual(pick(parse(["--url", "mssql://orders.database.windows.net/shop"])), {
    engine: "sqlserver",
    host: "orders.database.windows.net",
    port: 1433,
    database: "shop",
    user: undefined,
    ssl: true,
  });
  assert.throws(() => parse(["--url", "redis://h/0"]), /scheme must be one of/);
  assert.throws(() => parse(["--url", "not a url"]), /--url is not a URL/);
});
