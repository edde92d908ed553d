// `entra-db-auth doctor` when the credential gives no token, as a person runs it (a child process,
// the real @azure/identity, the emulator's identity endpoint with its faults). Three failures that
// call for different fixes must not read alike: an identity outage (HTTP 503, AADSTS90033, an
// endpoint that does not answer) is not a missing credential, and neither is a rejected one. An
// outage is named within seconds, not after the 20 s the credential spends retrying, and the wait
// is shown on stderr while stdout stays one JSON object.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { startEmulator } from "../js/emulator/index.mjs";

let emu;
before(async () => {
  emu = await startEmulator({ tls: true });
});
afterEach(() => emu.identity.reset());
after(() => emu?.close());

/** A port nothing listens on. */
async function closedPort() {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** doctor --json against the emulator's PostgreSQL door, signed in as `credential`; its credential step. */
async function doctor({ credential = "managedIdentity", env = {} } = {}) {
  const child = spawn(process.execPath, ["js/cli.mjs", "doctor", "--host", emu.pg.host, "--json"], {
    cwd: new URL("..", import.meta.url),
    env: { ...process.env, ...emu.envFor(credential), AZURE_LOG_LEVEL: undefined, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const started = performance.now();
  const [code] = await once(child, "exit");
  const seconds = (performance.now() - started) / 1000;
  assert.doesNotMatch(stdout + stderr, /eyJ[\w-]{17}/, "no JWT segment in the output");
  const report = JSON.parse(stdout);
  return { code, stderr, seconds, report, credential: report.steps.find((step) => step.name === "credential") };
}

test("HTTP 503 from the managed identity endpoint: an outage, named after 3 failed requests, with the wait shown on stderr", async () => {
  emu.identity.fail({ status: 503 });
  const { code, stderr, seconds, credential } = await doctor();
  assert.equal(code, 1);
  assert.equal(credential.status, "fail");
  assert.match(
    credential.detail,
    /ManagedIdentityCredential: 3 requests in a row to 127\.0\.0\.1:\d+ failed \(HTTP 503/,
  );
  assert.match(credential.cause, /^an identity outage, not a missing credential: HTTP 503 from 127\.0\.0\.1:\d+/);
  assert.match(credential.fix, /^nothing to set up here: retry in a few minutes/);
  assert.doesNotMatch(credential.fix, /az login/);
  assert.match(
    stderr,
    /^… waiting for the credential \(ManagedIdentityCredential retrying after HTTP 503, \d requests? failed\), \d+ s$/m,
  );
  // The credential itself goes on to 6 requests over about 20 s; doctor stops at the third.
  assert.ok(emu.identity.requests.msi < 6, `${emu.identity.requests.msi} identity requests`);
  assert.ok(seconds < 15, `${seconds} s`);
});

test("AADSTS90033 through the Azure CLI: an outage, not a missing sign-in", async () => {
  emu.identity.fail({ status: 503 });
  const { code, credential } = await doctor({ credential: "azureCli" });
  assert.equal(code, 1);
  assert.match(credential.detail, /AADSTS90033: A transient error has occurred/);
  assert.match(credential.cause, /^an identity outage, not a missing credential: AADSTS90033/);
});

test("one 503, then a token: the credential's retry gets it, and doctor passes", async () => {
  emu.identity.fail({ status: 503, count: 1 });
  const { code, credential } = await doctor();
  assert.equal(code, 0);
  assert.equal(credential.status, "ok");
  assert.equal(emu.identity.requests.msi, 2);
});

test("nothing listening at IDENTITY_ENDPOINT: an outage of the endpoint the platform set", async () => {
  const endpoint = `http://127.0.0.1:${await closedPort()}/msi/token`;
  const { code, credential } = await doctor({ env: { IDENTITY_ENDPOINT: endpoint } });
  assert.equal(code, 1);
  assert.match(credential.detail, /failed \(no answer, no answer, no answer\)/);
  assert.ok(
    credential.cause.startsWith(
      "an identity outage, not a missing credential: nothing answers at the identity endpoint IDENTITY_ENDPOINT=",
    ),
    credential.cause,
  );
  assert.match(credential.fix, /restart the app/);
});

test("a service principal with a wrong secret: a rejected credential (AADSTS7000215), and the variable to fix", async () => {
  const { code, credential } = await doctor({
    credential: "servicePrincipal",
    env: { AZURE_CLIENT_SECRET: "not-the-secret" },
  });
  assert.equal(code, 1);
  assert.match(credential.detail, /AADSTS7000215/);
  assert.match(credential.cause, /^a rejected credential: Entra ID rejected the service principal's secret/);
  assert.match(credential.fix, /AZURE_CLIENT_SECRET to the secret's value/);
});

test("no credential set up (the chain pinned to EnvironmentCredential, with no variables): says so, and how to sign in", async () => {
  const { code, credential } = await doctor({
    env: { AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential", IDENTITY_ENDPOINT: undefined, IDENTITY_HEADER: undefined },
  });
  assert.equal(code, 1);
  assert.equal(credential.cause, "no credential of the chain is set up here");
  assert.match(credential.fix, /az login/);
});
