// `entra-db-auth doctor` for Azure Database for MySQL, as a person runs it: a child process pointed at
// the emulator's MySQL front door (TLS verified against the run's CA, every login relayed to a real
// MariaDB). It walks every step to CURRENT_USER(); when the server answers 1045 it names the
// principal the token is for and what to run; it tells a wrong audience and a server that requires
// TLS apart. No output holds the token.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../js/emulator/index.mjs";
import { parse } from "../js/cli/doctor.mjs";
import { doctorJson, mariadbSkip } from "./helpers.mjs";

const skip = mariadbSkip();

let emu;

before(async () => {
  if (!skip) emu = await startEmulator({ tls: true, mysql: true });
});
afterEach(() => {
  emu?.identity.reset();
  if (emu) emu.mysqlFrontDoor.requireTls = false;
});
after(() => emu?.close());

/** Runs doctor against the front door with the emulator's managed identity; the JSON report, by step. */
async function doctor(extra = []) {
  const args = ["--engine", "mysql", "--host", emu.mysql.host, "--port", String(emu.mysql.port)];
  args.push("--database", emu.mysql.database, "--ca", emu.caFile, ...extra);
  const { code, report } = await doctorJson(emu, args);
  return {
    code,
    report,
    marks: report.steps.map((step) => `${step.name} ${step.status}`),
    step: Object.fromEntries(report.steps.map((step) => [step.name, step])),
  };
}

const STEPS = ["scope", "credential", "token", "user", "dns", "tcp", "tls", "login", "current_user"];
/** Every step ok, except those named. */
const allOkBut = (others = {}) => STEPS.map((name) => `${name} ${others[name] ?? "ok"}`);

test("doctor walks a MySQL login with mysql_clear_password over verified TLS to CURRENT_USER()", { skip }, async () => {
  const before = emu.mysqlFrontDoor.accepted;
  const { code, report, marks, step } = await doctor();
  assert.equal(code, 0);
  assert.equal(report.engine, "mysql");
  assert.equal(report.user, "orders-web");
  assert.deepEqual(marks, allOkBut());
  assert.match(step.tls.detail, /^MySQL 8\.0\.41; TLS offered: TLSv1\.[23], .*, verified against /);
  assert.match(step.login.detail, /as orders-web, with mysql_clear_password over TLS/);
  assert.equal(step.current_user.detail, "orders-web@%");
  assert.equal(emu.mysqlFrontDoor.accepted - before, 1, "one login reached the front door");
});

test(
  "a user the token is not for: 1045, the principal the token names, and the user to log in as",
  { skip },
  async () => {
    const { code, marks, step } = await doctor(["--user", "alice@contoso.example"]);
    assert.equal(code, 1);
    assert.deepEqual(marks, allOkBut({ user: "warn", login: "fail", current_user: "skipped" }));
    assert.match(step.login.detail, /Access denied for user 'alice@contoso\.example'.*\(1045 ER_ACCESS_DENIED_ERROR\)/);
    assert.match(step.login.cause, /the token is for "orders-web" \(from xms_mirid\), not "alice@contoso\.example"/);
    assert.match(step.login.fix, /^log in as "orders-web" \(--user orders-web;/);
    assert.match(step.login.fix, /CREATE AADUSER 'orders-web'/);
  },
);

test(
  "a principal with no MySQL user: 1045, the app the token is for, and the CREATE AADUSER to run",
  { skip },
  async () => {
    emu.identity.use("noRole");
    const { code, step } = await doctor(["--user", "orders-reports"]);
    assert.equal(code, 1);
    assert.equal(step.login.status, "fail");
    assert.match(step.login.cause, /the token is for app [0-9a-f-]{36}, and the server has no user "orders-reports"/);
    assert.ok(step.login.cause.includes(emu.principals.noRole.clientId));
    assert.match(
      step.login.fix,
      /CREATE AADUSER 'orders-reports'; GRANT ALL PRIVILEGES ON `appdb`\.\* TO 'orders-reports'/,
    );
  },
);

test(
  "a token for the wrong audience: the token step names it, and the login's 1045 is put down to it",
  { skip },
  async () => {
    emu.identity.wrongAudience();
    const { code, marks, step } = await doctor();
    assert.equal(code, 1);
    assert.deepEqual(marks, allOkBut({ token: "fail", login: "fail", current_user: "skipped" }));
    assert.match(step.token.cause, /token for the wrong audience: https:\/\/management\.azure\.com/);
    assert.match(step.login.detail, /\(1045 ER_ACCESS_DENIED_ERROR\)/);
    assert.match(step.login.cause, /^the server refused the token: token for the wrong audience/);
    assert.match(step.login.fix, /ask for the scope https:\/\/ossrdbms-aad\.database\.windows\.net\/\.default/);
  },
);

test("a server that requires TLS, reached without: says TLS is required; with TLS it passes", { skip }, async () => {
  emu.mysqlFrontDoor.requireTls = true;
  const plain = await doctor(["--no-ssl"]);
  assert.equal(plain.code, 1);
  assert.match(plain.step.login.detail, /insecure transport are prohibited.*\(3159 ER_SECURE_TRANSPORT_REQUIRED\)/);
  assert.match(plain.step.login.cause, /^TLS required/);
  assert.match(plain.step.login.fix, /mysql2 `ssl: \{\}`/);
  const secure = await doctor();
  assert.equal(secure.code, 0);
  assert.match(secure.step.login.detail, /over TLS/);
});

test("MySQL hosts of every cloud, or --engine mysql, get the MySQL walk on port 3306", () => {
  const engineOf = (...args) => {
    const { engine, port, database } = parse(args);
    return { engine, port, database };
  };
  const mysql = { engine: "mysql", port: 3306, database: undefined };
  assert.deepEqual(engineOf("--host", "orders.mysql.database.azure.com"), mysql);
  assert.deepEqual(engineOf("--host", "orders.mysql.database.chinacloudapi.cn"), mysql);
  assert.deepEqual(engineOf("--host", "ORDERS.MYSQL.DATABASE.USGOVCLOUDAPI.NET."), mysql);
  assert.deepEqual(engineOf("--host", "127.0.0.1", "--engine", "mysql", "--database", "orders"), {
    ...mysql,
    database: "orders",
  });
  assert.equal(engineOf("--host", "orders.database.windows.net").engine, "sqlserver");
  assert.equal(engineOf("--host", "orders.database.chinacloudapi.cn").engine, "sqlserver");
  // PostgreSQL servers of the sovereign clouds end like their Azure SQL hosts.
  assert.equal(engineOf("--host", "orders.postgres.database.chinacloudapi.cn").engine, "postgresql");
  assert.equal(engineOf("--host", "orders.postgres.database.usgovcloudapi.net").engine, "postgresql");
  assert.equal(engineOf("--host", "orders.mysql.database.azure.com", "--engine", "postgresql").engine, "postgresql");
  assert.throws(() => parse(["--host", "h", "--engine", "oracle"]), /--engine must be postgresql, sqlserver or mysql/);
});
