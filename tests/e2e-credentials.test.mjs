// Every credential in DefaultAzureCredential's chain, end to end through pg: each app is a child
// process (msal-node keeps per-process state) started with nothing but emu.envFor(kind), the way a
// user pastes the emulator's export lines. Its HTTPS proxy is an egress guard that answers nothing
// and counts what reaches it: no request may leave loopback (MSAL's instance discovery would go to
// login.microsoftonline.com).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import tls from "node:tls";
import { X509Certificate } from "node:crypto";
import { EmulatorTrustError, startEmulator } from "../js/emulator/index.mjs";

// An hour, as Entra ID gives: a first token's refresh, drawn from 1% of its lifetime on (36 s), comes
// long after an app has logged in and exited, so that each app asks for exactly one token. Each app
// is a process of its own, with MSAL's cache empty: its request reaches the emulator.
const LIFETIME_S = 3600;
const root = new URL("..", import.meta.url);

let emu;
let guard;
/** Every request that tried to leave loopback through the guard: `METHOD target`. */
const escaped = [];

before(async () => {
  emu = await startEmulator({ tls: true, tokenLifetimeSeconds: LIFETIME_S });
  guard = createServer((req, res) => {
    escaped.push(`${req.method} ${req.url}`);
    res.writeHead(403).end();
  });
  guard.on("connect", (req, socket) => {
    escaped.push(`CONNECT ${req.url}`);
    socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
  });
  guard.listen(0, "127.0.0.1");
  await once(guard, "listening");
});

after(async () => {
  guard?.close();
  await emu?.close();
});

function guardEnv() {
  const proxy = `http://127.0.0.1:${guard.address().port}`;
  return { HTTPS_PROXY: proxy, HTTP_PROXY: proxy, NO_PROXY: "127.0.0.1,localhost", AZURE_LOG_LEVEL: undefined };
}

/** Runs `args` with node in the repository, with the emulator's environment for `kind`; its output. */
async function run(args, kind, { principal, env = {} } = {}) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...emu.envFor(kind, { principal }), ...guardEnv(), ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const [code] = await once(child, "exit");
  return { code, stdout, stderr };
}

// An app as the README shows it: createPool with ssl: true and nothing else; host, port, database
// (and a service principal's role, PGUSER) come from the environment.
const APP = `
import { createPool } from "entra-db-auth";
const pool = createPool({ host: process.env.PGHOST, port: Number(process.env.PGPORT), database: process.env.PGDATABASE, ssl: true });
try {
  const { rows } = await pool.query("SELECT current_user AS role");
  console.log(JSON.stringify({ role: rows[0].role }));
} catch (error) {
  console.log(JSON.stringify({ code: error.code, message: error.message }));
} finally {
  await pool.end();
}
`;

async function app(kind, options) {
  const { code, stdout, stderr } = await run(["--input-type=module", "-e", APP], kind, options);
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout.trim().split("\n").pop());
}

function counts() {
  const { msi, az, azd } = emu.identity.requests;
  const { openidConfiguration, token } = emu.authority.requests;
  return { msi, az, azd, openidConfiguration, token };
}

/** What changed in the emulator's request counters while `action` ran. */
async function countedDuring(action) {
  const before = counts();
  const result = await action();
  const after = counts();
  const delta = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k]]));
  return { result, delta };
}

const NONE = { msi: 0, az: 0, azd: 0, openidConfiguration: 0, token: 0 };

describe("each credential logs in through pg as its principal, and nothing leaves loopback", () => {
  const cases = [
    ["managedIdentity", "orders-web", { msi: 1 }],
    ["azureCli", "alice@contoso.example", { az: 1 }],
    ["azureDeveloperCli", "alice@contoso.example", { azd: 1 }],
    ["servicePrincipal", "orders-batch", { openidConfiguration: 1, token: 1 }],
    ["servicePrincipalCertificate", "orders-batch", { openidConfiguration: 1, token: 1 }],
    ["workloadIdentity", "orders-api-identity", { openidConfiguration: 1, token: 1 }],
  ];
  for (const [kind, role, requests] of cases) {
    test(`${kind}: logs in as ${role}; the emulator saw ${Object.keys(requests).join(" and ")}`, async () => {
      const { result, delta } = await countedDuring(() => app(kind));
      assert.deepEqual(result, { role });
      assert.deepEqual(delta, { ...NONE, ...requests });
      assert.deepEqual(escaped, [], "no request left loopback");
    });
  }
});

describe("the authority checks what the app proves", () => {
  test("a client certificate that is not the app's is refused (AADSTS700027), and no token is issued", async () => {
    const another = emu.envFor("servicePrincipalCertificate", { principal: "noRole" }).AZURE_CLIENT_CERTIFICATE_PATH;
    const failedBefore = emu.authority.requests.failed;
    const { result, delta } = await countedDuring(() =>
      app("servicePrincipalCertificate", { env: { AZURE_CLIENT_CERTIFICATE_PATH: another } }),
    );
    assert.equal(result.code, "TOKEN_ACQUISITION_FAILED");
    assert.match(result.message, /AADSTS700027/);
    assert.equal(delta.token >= 1, true);
    assert.equal(emu.authority.requests.failed - failedBefore, delta.token, "every token request refused");
  });

  test("a federated token for another service account finds no federated credential (AADSTS70021)", async () => {
    const another = emu.envFor("workloadIdentity", { principal: "servicePrincipal" }).AZURE_FEDERATED_TOKEN_FILE;
    const result = await app("workloadIdentity", { env: { AZURE_FEDERATED_TOKEN_FILE: another } });
    assert.equal(result.code, "TOKEN_ACQUISITION_FAILED");
    assert.match(result.message, /AADSTS70021/);
  });

  test("a wrong client secret is refused (AADSTS7000215)", async () => {
    const result = await app("servicePrincipal", { env: { AZURE_CLIENT_SECRET: "not-the-secret" } });
    assert.equal(result.code, "TOKEN_ACQUISITION_FAILED");
    assert.match(result.message, /AADSTS7000215/);
  });
});

describe("a second tenant, and a principal with no role", () => {
  test("a token from another tenant is refused with Azure's 28P01, and doctor names the tenant", async () => {
    const result = await app("servicePrincipal", { principal: "otherTenant" });
    assert.equal(result.code, "28P01");
    assert.match(emu.frontDoor.lastRejections.at(-1).reason, new RegExp(`token from tenant ${emu.otherTenantId}`));
    const { code, stdout } = await run(
      ["js/cli.mjs", "doctor", "--host", "127.0.0.1", "--tenant", emu.tenantId],
      "servicePrincipal",
      { principal: "otherTenant" },
    );
    assert.equal(code, 1, stdout);
    assert.match(stdout, /^✗ login .*password authentication failed for user "fabrikam-batch" \(28P01\)/m);
    assert.match(
      stdout,
      new RegExp(
        `cause: the token is from tenant ${emu.otherTenantId}, and the server trusts tokens from its own tenant ${emu.tenantId} only`,
      ),
    );
    assert.match(stdout, new RegExp(`fix: +sign in to tenant ${emu.tenantId}: AZURE_TENANT_ID=${emu.tenantId}`));
  });

  test("a principal for which no role was created is refused with 28P01, and doctor names the missing role", async () => {
    const result = await app("servicePrincipal", { principal: "noRole" });
    assert.equal(result.code, "28P01");
    assert.match(emu.frontDoor.lastRejections.at(-1).reason, /no role was created for "orders-reports"/);
    const { code, stdout } = await run(
      ["js/cli.mjs", "doctor", "--host", "127.0.0.1", "--tenant", emu.tenantId],
      "servicePrincipal",
      { principal: "noRole" },
    );
    assert.equal(code, 1, stdout);
    assert.match(stdout, /cause: role "orders-reports" was not created for this principal$/m);
    assert.match(stdout, /fix: +as the server's Microsoft Entra admin, .*pgaadauth_create_principal\('orders-reports'/);
  });
});

describe("the command line with an app's credentials, as the export lines leave them", () => {
  for (const kind of ["servicePrincipal", "servicePrincipalCertificate", "workloadIdentity"]) {
    test(`${kind}: token --json and doctor succeed and name the principal`, async () => {
      const token = await run(["js/cli.mjs", "token", "--json", "--host", "127.0.0.1"], kind);
      assert.equal(token.code, 0, token.stdout + token.stderr);
      const report = JSON.parse(token.stdout);
      const expected =
        kind === "workloadIdentity"
          ? {
              credential: "WorkloadIdentityCredential",
              identityKind: "user-assigned identity",
              name: "orders-api-identity",
            }
          : { credential: "EnvironmentCredential", identityKind: "service principal", name: "orders-batch" };
      assert.equal(report.credential, expected.credential);
      assert.equal(report.identityKind, expected.identityKind);
      assert.equal(report.username.name, expected.name);
      assert.equal(report.tenantId, emu.tenantId);
      const doctor = await run(["js/cli.mjs", "doctor", "--host", "127.0.0.1"], kind);
      assert.equal(doctor.code, 0, doctor.stdout);
      assert.match(doctor.stdout, new RegExp(`All checks passed: ${expected.name} logs in`));
      assert.deepEqual(escaped, [], "no request left loopback");
    });
  }
});

test("in this process, an app's credential needs the CA trusted: setDefaultCACertificates where Node has it, else a typed error", async () => {
  if (typeof tls.setDefaultCACertificates !== "function") {
    assert.throws(() => emu.applyEnv("servicePrincipal"), EmulatorTrustError);
    assert.throws(() => emu.applyEnv("servicePrincipal"), {
      code: "EMULATOR_CA_NOT_TRUSTABLE",
      message: /tls\.setDefaultCACertificates\(\).*emu\.envFor/,
    });
    return;
  }
  const trusted = () => new Set(tls.getCACertificates("default").map((pem) => new X509Certificate(pem).fingerprint256));
  const emulatorCa = new X509Certificate(emu.ca).fingerprint256;
  const restore = emu.applyEnv("servicePrincipal");
  try {
    assert.equal(trusted().has(emulatorCa), true, "applyEnv trusts the run's CA");
    const { getEntraTokenPassword } = await import("entra-db-auth");
    const { delta } = await countedDuring(() => getEntraTokenPassword());
    assert.equal(delta.token, 1);
  } finally {
    restore();
  }
  assert.equal(trusted().has(emulatorCa), false, "restoreEnv() untrusts it");
});

describe("logging through @azure/logger, with the real @azure/identity", () => {
  /** The namespaces of the log lines the app wrote to stderr, each once, in order of first use. */
  const namespaces = (stderr) => [...new Set(stderr.match(/^azure:[\w-]+:\w+/gm) ?? [])];

  test("DEBUG=azure:entra-db-auth:* shows this package's lines and none of the Azure SDK's", async () => {
    const { result, delta } = await countedDuring(() =>
      run(["--input-type=module", "-e", APP], "managedIdentity", { env: { DEBUG: "azure:entra-db-auth:*" } }),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(delta, { ...NONE, msi: 1 });
    assert.deepEqual(namespaces(result.stderr), ["azure:entra-db-auth:verbose", "azure:entra-db-auth:info"]);
    const all = await run(["--input-type=module", "-e", APP], "managedIdentity", { env: { AZURE_LOG_LEVEL: "info" } });
    assert.ok(namespaces(all.stderr).includes("azure:identity:info"), "AZURE_LOG_LEVEL shows the SDK's lines too");
    assert.ok(namespaces(all.stderr).includes("azure:entra-db-auth:info"));
  });

  test("an ESM app's setLogLevel and AzureLogger.log reach this package's lines, as they reach @azure/identity's", async () => {
    const script = `
import { AzureLogger, setLogLevel } from "@azure/logger";
import { createTokenSource } from "entra-db-auth";
const seen = new Set();
AzureLogger.log = (line) => seen.add(String(line).split(" ")[0]);
setLogLevel("info");
await createTokenSource({ scope: "https://ossrdbms-aad.database.windows.net/.default" }).getPassword();
console.log(JSON.stringify([...seen].filter((ns) => /entra-db-auth|identity/.test(ns)).sort()));`;
    const { code, stdout, stderr } = await run(["--input-type=module", "-e", script], "managedIdentity");
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout), ["azure:entra-db-auth:info", "azure:identity:info"]);
  });
});
