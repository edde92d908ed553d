// `entra-db-auth token` and `entra-db-auth doctor` as a person runs them: each run is a child
// process (msal-node keeps per-process state) pointed at one emulator by its environment. Each
// misconfiguration is made on the emulator, and doctor must name it and the fix. No output may hold
// a token, or a 20-character piece of one, unless --raw asks for it.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer as createHttpServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { startEmulator } from "../js/emulator/index.mjs";
import { diagnoseLogin } from "../js/cli/diagnose.mjs";
import { parse as parseTokenArgs } from "../js/cli/token.mjs";
import { createCertificateAuthority } from "../js/emulator/tls.mjs";

let emu;
let msiProxy;
let azRecorder;
/** Every token the identity endpoint issued, seen on its way through msiProxy or azRecorder. */
const issued = new Set();

// Stands between the CLI and the emulator's managed identity endpoint to see the tokens it issues,
// so that the tests can look for them in the CLI's output.
async function recordingMsiProxy(target) {
  const server = createHttpServer(async (req, res) => {
    const upstream = await fetch(new URL(req.url, target), {
      headers: { "x-identity-header": req.headers["x-identity-header"] ?? "" },
    });
    const body = await upstream.text();
    const token = /"access_token":"([^"]+)"/.exec(body)?.[1];
    if (token) issued.add(token);
    res.writeHead(upstream.status, { "content-type": "application/json" }).end(body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return server;
}

// An `az` first on PATH that runs the emulator's and keeps a copy of what it printed.
function recordingAz(azBinDir) {
  const dir = mkdtempSync(join(tmpdir(), "entra-db-auth-cli-test-"));
  const log = join(dir, "az-output.log");
  writeFileSync(
    join(dir, "az"),
    `#!/bin/sh\nout=$("${azBinDir}/az" "$@")\ncode=$?\nprintf '%s\\n' "$out" >> "${log}"\nprintf '%s\\n' "$out"\nexit $code\n`,
  );
  chmodSync(join(dir, "az"), 0o755);
  return { dir, log };
}

before(async () => {
  emu = await startEmulator({ tls: true });
  msiProxy = await recordingMsiProxy(emu.identity.url);
  azRecorder = recordingAz(emu.azBinDir);
});

afterEach(() => {
  emu.identity.reset();
  emu.frontDoor.requireTls = false;
});

after(async () => {
  msiProxy?.close();
  if (azRecorder) rmSync(azRecorder.dir, { recursive: true, force: true });
  await emu?.close();
});

function assertNoToken(output) {
  const azOutput = readFileSync(azRecorder.log, { encoding: "utf8", flag: "a+" });
  for (const [, token] of azOutput.matchAll(/"accessToken": "([^"]+)"/g)) issued.add(token);
  // Every JWT segment is base64url JSON, so it starts with "eyJ": whatever token it would be.
  assert.doesNotMatch(output, /eyJ[\w-]{17}/, "no JWT segment in the output");
  for (const token of issued) {
    for (let i = 0; i + 20 <= token.length; i += 1) {
      assert.ok(!output.includes(token.slice(i, i + 20)), "no 20-character piece of an issued token in the output");
    }
  }
}

/** Runs the CLI with the emulator's environment for `credential`; checks that it printed no token. */
async function cli(args, { credential = "managedIdentity", env = {} } = {}) {
  const base = emu.envFor(credential);
  const recorded =
    credential === "managedIdentity"
      ? { IDENTITY_ENDPOINT: `http://127.0.0.1:${msiProxy.address().port}/msi/token` }
      : { PATH: [azRecorder.dir, base.PATH].join(delimiter) };
  const child = spawn(process.execPath, ["js/cli.mjs", ...args], {
    cwd: new URL("..", import.meta.url),
    env: { ...process.env, ...base, ...recorded, AZURE_LOG_LEVEL: undefined, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const [code] = await once(child, "exit");
  if (!args.includes("--raw")) assertNoToken(stdout + stderr);
  return { code, stdout, stderr };
}

const doctor = (args = [], options) => cli(["doctor", "--host", emu.pg.host, ...args], options);

/** Each doctor step's mark, by name: { scope: "✓", …, login: "✗", current_user: "–" }. */
function marks(stdout) {
  return Object.fromEntries([...stdout.matchAll(/^([✓!✗–]) (\S+)/gm)].map(([, mark, name]) => [name, mark]));
}

/** The text of one step: its line and its cause and fix lines. */
function step(stdout, name) {
  const match = new RegExp(`^[✓!✗–] ${name} .*(\\n {24}.*)*`, "m").exec(stdout);
  assert.ok(match, `step ${name} in:\n${stdout}`);
  return match[0];
}

const ALL_PASS = {
  scope: "✓",
  credential: "✓",
  token: "✓",
  username: "✓",
  dns: "✓",
  tcp: "✓",
  tls: "✓",
  login: "✓",
  current_user: "✓",
};

describe("token", () => {
  const kinds = [
    {
      kind: "system-assigned identity",
      credential: "managedIdentity",
      answered: "ManagedIdentityCredential",
      username: "orders-web (from xms_mirid)",
    },
    {
      kind: "user-assigned identity",
      credential: "managedIdentity",
      answered: "ManagedIdentityCredential",
      username: "orders-api-identity (from xms_mirid)",
      env: () => ({ AZURE_CLIENT_ID: emu.principals.userAssigned.clientId }),
    },
    {
      kind: "user",
      credential: "azureCli",
      answered: "AzureCliCredential",
      username: "alice@contoso.example (from upn)",
    },
    {
      kind: "guest",
      credential: "azureCli",
      answered: "AzureCliCredential",
      username: "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com (from unique_name)",
      setup: () => emu.identity.useForAz("guest"),
    },
    {
      kind: "service principal",
      credential: "managedIdentity",
      answered: "ManagedIdentityCredential",
      username: "cannot tell which PostgreSQL role to log in as",
      setup: () => emu.identity.use("servicePrincipal"),
    },
  ];
  for (const { kind, credential, answered, username, env, setup } of kinds) {
    test(`names a ${kind}, the credential that answered and the role it logs in as`, async () => {
      setup?.();
      const { code, stdout } = await cli(["token"], { credential, env: env?.() });
      assert.equal(code, 0, stdout);
      assert.match(stdout, new RegExp(`^credential +${answered} \\(via DefaultAzureCredential\\), [\\d.]+ m?s$`, "m"));
      assert.match(stdout, new RegExp(`^identity +${kind}$`, "m"));
      assert.ok(stdout.includes(`username    ${username}`), stdout);
      assert.match(stdout, new RegExp(`^tenant +${emu.tenantId}$`, "m"));
      assert.match(stdout, new RegExp(`^audience +${emu.audience}$`, "m"));
      assert.match(stdout, /^issued +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d$/m);
      assert.match(stdout, /^expires +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d \(in 60 min\)$/m);
    });
  }

  test("--json prints one object: credential, identity, role, tenant, audience, times and claims, no token", async () => {
    const { code, stdout } = await cli(["token", "--json", "--host", "orders.postgres.database.azure.com"]);
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    assert.deepEqual(Object.keys(report).sort(), [
      "audience",
      "chain",
      "claims",
      "credential",
      "durationMs",
      "expiresInSeconds",
      "expiresOn",
      "identityKind",
      "issuedOn",
      "scope",
      "tenantId",
      "username",
    ]);
    assert.equal(report.credential, "ManagedIdentityCredential");
    assert.equal(report.chain, "DefaultAzureCredential");
    assert.equal(report.scope, emu.scope);
    assert.equal(report.identityKind, "system-assigned identity");
    assert.deepEqual(report.username, { name: "orders-web", source: "xms_mirid" });
    assert.equal(report.tenantId, emu.tenantId);
    assert.equal(report.audience, emu.audience);
    assert.ok(report.expiresInSeconds > 3590 && report.expiresInSeconds <= 3600);
    // issuedOn is the token's iat; expiresOn is what the credential reports, which newer MSAL
    // computes from expires_in on its own clock: the two can be a whole second apart.
    const lifetime = Date.parse(report.expiresOn) - Date.parse(report.issuedOn);
    assert.ok(lifetime >= 3_599_000 && lifetime <= 3_600_000, `${lifetime} ms`);
    assert.equal(report.claims.xms_mirid, emu.principals.systemAssigned.resourceId);
    assert.ok(report.durationMs >= 0);
  });

  test("--raw prints the token alone on stdout (for PGPASSWORD) and the description on stderr", async () => {
    const raw = await cli(["token", "--raw"]);
    assert.equal(raw.code, 0);
    assert.ok(issued.has(raw.stdout.trim()), "stdout is exactly the issued token");
    assert.match(raw.stderr, /^username +orders-web \(from xms_mirid\)$/m);
    const json = await cli(["token", "--json", "--raw"]);
    assert.ok(issued.has(JSON.parse(json.stdout).token));
  });

  test("a failed credential exits 1 with its error, cause and fix", async () => {
    emu.identity.fail({ status: 400 });
    const { code, stdout } = await cli(["token"]);
    assert.equal(code, 1);
    assert.match(stdout, /ManagedIdentityCredential: AADSTS500011/);
    assert.match(stdout, /^fix: /m);
  });

  test("usage errors exit 2", async () => {
    assert.equal((await cli(["token", "--scope", "s", "--host", "h"])).code, 2);
    assert.equal((await cli(["token", "--credential", "browser"])).code, 2);
  });
});

describe("doctor", () => {
  test("a good setup passes every step and exits 0", async () => {
    // localhost, so that the name is looked up.
    const { code, stdout } = await cli(["doctor", "--host", "localhost"]);
    assert.equal(code, 0, stdout);
    assert.deepEqual(marks(stdout), ALL_PASS);
    assert.match(
      step(stdout, "credential"),
      /ManagedIdentityCredential answered in [\d.]+ m?s, via DefaultAzureCredential/,
    );
    assert.match(step(stdout, "username"), /orders-web \(from xms_mirid\)/);
    assert.match(step(stdout, "dns"), /localhost → .*127\.0\.0\.1/);
    assert.match(step(stdout, "tls"), /offered: TLSv1\.3/);
    // PGSSLROOTCERT, from the emulator's environment, is the run's CA: verified though loopback.
    assert.match(
      step(stdout, "tls"),
      /CN=localhost from entra-db-auth emulator CA \w+, .*, verified against \S+ca\.pem$/m,
    );
    assert.match(step(stdout, "login"), /as orders-web over TLS/);
    assert.match(stdout, /All checks passed: orders-web logs in/);
  });

  test("--ca with another emulator run's CA: the certificate does not verify, and doctor says whose CA to use", async () => {
    const dir = mkdtempSync(join(tmpdir(), "entra-db-auth-cli-test-"));
    try {
      const otherRun = join(dir, "other-run-ca.pem");
      writeFileSync(otherRun, (await createCertificateAuthority()).pem);
      const { code, stdout } = await doctor(["--ca", otherRun]);
      assert.equal(code, 1);
      assert.deepEqual(marks(stdout), { ...ALL_PASS, tls: "✗", login: "–", current_user: "–" });
      const tls = step(stdout, "tls");
      assert.match(tls, /: UNABLE_TO_VERIFY_LEAF_SIGNATURE$/m);
      assert.match(tls, /cause: the server's certificate does not verify against \S+other-run-ca\.pem/);
      assert.match(tls, /fix: +give the CA of the server you connect to: the emulator makes a new CA each run/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a loopback host with no CA given: TLS is used but not verified, and doctor says how to verify it", async () => {
    const { code, stdout } = await doctor([], { env: { PGSSLROOTCERT: undefined } });
    assert.equal(code, 0, stdout);
    assert.match(step(stdout, "tls"), /, not verified \(loopback host; --ca FILE verifies it\)$/m);
  });

  test("--ca naming no file is a usage error", async () => {
    const { code, stderr } = await doctor(["--ca", "/nonexistent/ca.pem"]);
    assert.equal(code, 2);
    assert.match(stderr, /--ca \/nonexistent\/ca\.pem: no such file/);
  });

  test("--json prints one object with every step's status and time", async () => {
    const { code, stdout } = await doctor(["--json"]);
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    assert.equal(report.ok, true);
    assert.equal(report.user, "orders-web");
    assert.deepEqual(
      Object.fromEntries(report.steps.map(({ name, status }) => [name, status])),
      Object.fromEntries(Object.keys(ALL_PASS).map((name) => [name, "ok"])),
    );
    assert.ok(report.steps.every(({ ms }) => Number.isInteger(ms)));
  });

  test("a user name that is not the token's principal: names the role to use", async () => {
    const { code, stdout } = await doctor(["--user", "alice@contoso.example"]);
    assert.equal(code, 1);
    assert.deepEqual(marks(stdout), { ...ALL_PASS, username: "!", login: "✗", current_user: "–" });
    const login = step(stdout, "login");
    assert.match(login, /password authentication failed for user "alice@contoso\.example" \(28P01\)/);
    assert.match(login, /cause: the user name does not match the token's principal: the token is for "orders-web"/);
    assert.match(login, /fix: +log in as "orders-web"/);
  });

  test("a group the token's principal is not a member of: says so, and names its own role", async () => {
    const { code, stdout } = await doctor(["--user", "db-admins"]);
    assert.equal(code, 1);
    const login = step(stdout, "login");
    assert.match(
      login,
      /cause: "db-admins" is not the token's principal "orders-web".* a group that "orders-web" is not a member of/,
    );
    assert.match(login, /fix: +log in as "orders-web".*add "orders-web" to the Microsoft Entra group "db-admins"/);
  });

  test("a group the token's principal is a member of: logs in as the group", async () => {
    const { code, stdout } = await doctor(["--user", "db-admins"], { credential: "azureCli" });
    assert.equal(code, 0, stdout);
    assert.deepEqual(marks(stdout), { ...ALL_PASS, username: "!" });
    assert.match(step(stdout, "current_user"), /db-admins \(a group alice@contoso\.example is a member of\)/);
  });

  test("a token for the wrong audience: names the audience and the scope to ask for", async () => {
    emu.identity.wrongAudience();
    const { code, stdout } = await doctor();
    assert.equal(code, 1);
    assert.deepEqual(marks(stdout), { ...ALL_PASS, token: "✗", login: "✗", current_user: "–" });
    assert.match(step(stdout, "token"), /cause: token for the wrong audience: https:\/\/management\.azure\.com/);
    assert.match(
      step(stdout, "token"),
      /fix: +ask for the scope https:\/\/ossrdbms-aad\.database\.windows\.net\/\.default/,
    );
    assert.match(step(stdout, "login"), /cause: the server refused the token: token for the wrong audience/);
  });

  test("an expired token: says when it expired, and the login fails for that reason", async () => {
    emu.identity.expiredTokens();
    const { code, stdout } = await doctor(["--user", "orders-web"]);
    assert.equal(code, 1);
    assert.match(step(stdout, "token"), /expired \d{4}-.* \(6\d s ago\)/);
    assert.match(step(stdout, "login"), /cause: the server refused the token: the token expired 6\d s ago/);
  });

  test("a server that requires TLS, reached without: says TLS is required; with TLS it passes", async () => {
    emu.frontDoor.requireTls = true;
    const plain = await doctor(["--no-ssl"]);
    assert.equal(plain.code, 1);
    assert.match(step(plain.stdout, "login"), /no encryption \(28000\)/);
    assert.match(step(plain.stdout, "login"), /cause: TLS required/);
    assert.match(step(plain.stdout, "login"), /fix: +connect with TLS: pg `ssl: true`/);
    const secure = await doctor();
    assert.equal(secure.code, 0, secure.stdout);
  });

  test("a closed port: server unreachable at tcp, later steps skipped", async () => {
    const closed = createTcpServer().listen(0, "127.0.0.1");
    await once(closed, "listening");
    const { port } = closed.address();
    closed.close();
    const { code, stdout } = await doctor(["--port", String(port)]);
    assert.equal(code, 1);
    assert.deepEqual(marks(stdout), { ...ALL_PASS, tcp: "✗", tls: "–", login: "–", current_user: "–" });
    assert.match(step(stdout, "tcp"), /cause: server unreachable: nothing accepts connections on 127\.0\.0\.1:\d+/);
  });

  test("an identity endpoint that refuses: names the credential and the Entra error; the network is still checked", async () => {
    emu.identity.fail({ status: 400 });
    const { code, stdout } = await doctor();
    assert.equal(code, 1);
    assert.deepEqual(marks(stdout), {
      ...ALL_PASS,
      credential: "✗",
      token: "–",
      username: "–",
      login: "–",
      current_user: "–",
    });
    const credential = step(stdout, "credential");
    assert.match(credential, /ManagedIdentityCredential: AADSTS500011: The resource principal was not found/);
    assert.match(credential, /cause: Entra ID does not know the resource/);
  });

  test("usage errors exit 2", async () => {
    assert.equal((await cli(["doctor"], { env: { PGHOST: undefined } })).code, 2);
    assert.equal((await doctor(["--port", "http"])).code, 2);
  });

  test("a refused token for the token's own name points at pgaadauth_create_principal and the tenant", () => {
    const { cause, fix } = diagnoseLogin(
      Object.assign(new Error("password authentication failed"), { code: "28P01" }),
      {
        user: "orders-web",
        username: { name: "orders-web", source: "xms_mirid" },
        claims: { tid: emu.tenantId },
        database: "appdb",
      },
    );
    assert.match(cause, /role "orders-web" was not created for this principal, or the server's Entra ID tenant is not/);
    assert.ok(cause.includes(emu.tenantId));
    assert.match(fix, /SELECT \* FROM pgaadauth_create_principal\('orders-web', false, false\)/);
  });
});

describe("token for each database, and for scripts", () => {
  const SQL = "https://database.windows.net/.default";
  const OSS = "https://ossrdbms-aad.database.windows.net/.default";
  const cases = [
    [["--host", "orders.database.windows.net"], SQL],
    [["--host", "Orders.Database.Windows.Net."], SQL],
    [["--host", "orders.database.chinacloudapi.cn"], "https://database.chinacloudapi.cn/.default"],
    [["--host", "orders.database.usgovcloudapi.net"], "https://database.usgovcloudapi.net/.default"],
    [["--host", "orders.postgres.database.azure.com"], OSS],
    [["--host", "orders.mysql.database.azure.com"], OSS],
    [
      ["--host", "orders.postgres.database.chinacloudapi.cn"],
      "https://ossrdbms-aad.database.chinacloudapi.cn/.default",
    ],
    [["--host", "orders.mysql.database.usgovcloudapi.net"], "https://ossrdbms-aad.database.usgovcloudapi.net/.default"],
    [["--host", "localhost"], OSS],
    [[], OSS],
    // --engine, as doctor takes it, for a host whose name does not say (a private name, the emulator).
    [["--host", "localhost", "--engine", "sqlserver"], SQL],
    [["--engine", "sqlserver"], SQL],
    [
      ["--host", "orders.database.chinacloudapi.cn", "--engine", "sqlserver"],
      "https://database.chinacloudapi.cn/.default",
    ],
    [["--host", "orders.database.windows.net", "--engine", "postgresql"], OSS],
    [["--host", "orders.database.windows.net", "--engine", "mysql"], OSS],
  ];
  for (const [args, scope] of cases) {
    test(`token ${args.join(" ") || "(no options)"} asks for ${scope}`, () => {
      assert.equal(parseTokenArgs(args).scope, scope);
    });
  }

  test("--host of an Azure SQL server gets a token for Azure SQL", async () => {
    const { code, stdout } = await cli(["token", "--json", "--host", "orders.database.windows.net"]);
    assert.equal(code, 0, stdout);
    const report = JSON.parse(stdout);
    assert.equal(report.scope, SQL);
    assert.equal(report.audience, "https://database.windows.net/");
  });

  test("--engine takes postgresql, sqlserver or mysql, and not with --scope (usage errors exit 2)", async () => {
    assert.throws(() => parseTokenArgs(["--engine", "oracle"]), /--engine must be postgresql, sqlserver or mysql/);
    assert.throws(() => parseTokenArgs(["--scope", "s", "--engine", "mysql"]), /give --scope or --engine, not both/);
    const { code, stdout, stderr } = await cli(["token", "--engine", "oracle"]);
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.match(stderr, /--engine must be/);
  });

  test('--raw: a failure goes to stderr and leaves stdout empty, so that PGPASSWORD="$(…)" takes no error text', async () => {
    emu.identity.fail({ status: 400 });
    const text = await cli(["token", "--raw"]);
    assertNoToken(text.stdout + text.stderr);
    assert.equal(text.code, 1);
    assert.equal(text.stdout, "");
    assert.match(text.stderr, /ManagedIdentityCredential: AADSTS500011/);
    assert.match(text.stderr, /^fix: /m);

    const json = await cli(["token", "--raw", "--json"]);
    assertNoToken(json.stdout + json.stderr);
    assert.equal(json.code, 1);
    assert.equal(json.stdout, "");
    assert.match(JSON.parse(json.stderr).error.join("\n"), /AADSTS500011/);
  });
});
