// The emulator as its users meet it: unmodified @azure/identity credentials, pg over real
// sockets, a real PostgreSQL behind the front door. One emulator for the whole file.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { once } from "node:events";
import { createConnection } from "node:net";
import { X509Certificate } from "node:crypto";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import pg from "pg";
import { startEmulator } from "../js/emulator/index.mjs";
import { withoutSteering } from "../js/emulator/env.mjs";
import { sleepUntil } from "./helpers.mjs";

// Under 300 s so MSAL does not cache managed identity tokens: each getToken reaches the endpoint.
const LIFETIME = 120;

let emu;
let identity;
let restoreEnv;

before(async () => {
  emu = await startEmulator({ tokenLifetimeSeconds: LIFETIME, tls: true });
  restoreEnv = emu.applyEnv();
  identity = await import("@azure/identity");
});

after(async () => {
  restoreEnv?.();
  await emu?.close();
});

async function connectAs(role, password, ssl = emu.pg.ssl) {
  const client = new pg.Client({ ...emu.pg, ssl, user: role, password });
  await client.connect();
  return client;
}

async function currentUser(role, password) {
  const client = await connectAs(role, password);
  try {
    return (await client.query("SELECT current_user AS role")).rows[0].role;
  } finally {
    await client.end();
  }
}

async function loginError(role, password, ssl) {
  const error = await connectAs(role, password, ssl).then(
    (client) => client.end().then(() => assert.fail(`${role} logged in`)),
    (e) => e,
  );
  return { code: error.code, message: error.message };
}

// Runs an ES module script in a fresh node (cwd: the repo, for package resolution); its stdout.
async function runNode(script, args, env) {
  const child = spawn(process.execPath, ["--input-type=module", "-e", script, ...args], {
    cwd: new URL("..", import.meta.url),
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  const [code] = await once(child, "exit");
  assert.equal(code, 0);
  return stdout;
}

function msiFetch(query = "") {
  return fetch(
    `${emu.env.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=${encodeURIComponent(emu.audience)}${query}`,
    {
      headers: { "x-identity-header": emu.env.IDENTITY_HEADER },
    },
  );
}

describe("identity endpoint", () => {
  test("emu.credential is the form envFor() gives when called without one: managedIdentity unless started with another", () => {
    assert.equal(emu.credential, "managedIdentity");
    assert.deepEqual(emu.envFor(), emu.envFor(emu.credential));
  });

  test("DefaultAzureCredential uses the endpoint in a process whose only Azure variables are IDENTITY_ENDPOINT/IDENTITY_HEADER", async () => {
    const script = `
      import { DefaultAzureCredential } from "@azure/identity";
      const { token } = await new DefaultAzureCredential().getToken(process.argv[1]);
      console.log(JSON.parse(Buffer.from(token.split(".")[1], "base64url")).xms_mirid);`;
    const { IDENTITY_ENDPOINT, IDENTITY_HEADER } = emu.env;
    const stdout = await runNode(script, [emu.scope], { PATH: process.env.PATH, IDENTITY_ENDPOINT, IDENTITY_HEADER });
    assert.equal(stdout.trim(), emu.principals.systemAssigned.resourceId);
  });

  test("DefaultAzureCredential gets a signed system-assigned identity token", async () => {
    const before = Date.now();
    const accessToken = await new identity.DefaultAzureCredential().getToken(emu.scope);
    const { payload } = await jwtVerify(accessToken.token, createRemoteJWKSet(new URL(emu.identity.jwksUrl)), {
      issuer: `https://sts.windows.net/${emu.tenantId}/`,
      audience: "https://ossrdbms-aad.database.windows.net",
    });
    assert.equal(payload.xms_mirid, emu.principals.systemAssigned.resourceId);
    assert.match(payload.xms_mirid, /\/providers\/Microsoft\.Web\/sites\/orders-web$/);
    assert.equal(payload.idtyp, "app");
    assert.equal(payload.tid, emu.tenantId);
    assert.equal(payload.exp - payload.iat, LIFETIME);
    assert.ok(Math.abs(accessToken.expiresOnTimestamp - (before + LIFETIME * 1000)) < 2000);
  });

  test("ManagedIdentityCredential with a client id gets that user-assigned identity", async () => {
    const { userAssigned } = emu.principals;
    const { token } = await new identity.ManagedIdentityCredential({ clientId: userAssigned.clientId }).getToken(
      emu.scope,
    );
    const claims = decodeJwt(token);
    assert.equal(claims.xms_mirid, userAssigned.resourceId);
    assert.match(
      claims.xms_mirid,
      /\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/orders-api-identity$/,
    );
    assert.equal(claims.appid, userAssigned.clientId);
  });

  test("the IMDS form (AZURE_POD_IDENTITY_AUTHORITY_HOST) serves the same identities", async () => {
    // In a child: MSAL keeps the first managed identity source it picks for the whole process.
    const script = `
      import { ManagedIdentityCredential } from "@azure/identity";
      const { token } = await new ManagedIdentityCredential().getToken(process.argv[1]);
      console.log(JSON.parse(Buffer.from(token.split(".")[1], "base64url")).xms_mirid);`;
    const imdsBefore = emu.identity.requests.imds;
    const stdout = await runNode(script, [emu.scope], { ...process.env, ...emu.envFor("imds") });
    assert.equal(stdout.trim(), emu.principals.systemAssigned.resourceId);
    assert.equal(emu.identity.requests.imds, imdsBefore + 1);
  });

  test("AzureCliCredential gets the signed-in user's token through the fake az, one counted run per getToken", async () => {
    const restore = emu.applyEnv("azureCli");
    try {
      const runsBefore = emu.identity.requests.az;
      const credential = new identity.AzureCliCredential();
      const first = await credential.getToken(emu.scope);
      await credential.getToken(emu.scope);
      const claims = decodeJwt(first.token);
      assert.equal(claims.upn, "alice@contoso.example");
      assert.equal(claims.idtyp, "user");
      assert.equal(first.expiresOnTimestamp, claims.exp * 1000);
      assert.equal(emu.identity.requests.az, runsBefore + 2);
    } finally {
      restore();
    }
  });

  test("the fake az prints what the real CLI prints", async () => {
    const child = spawn(`${emu.azBinDir}/az`, [
      "account",
      "get-access-token",
      "--output",
      "json",
      "--scope",
      emu.scope,
    ]);
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    const [code] = await once(child, "exit");
    assert.equal(code, 0);
    const printed = JSON.parse(stdout);
    assert.deepEqual(Object.keys(printed).sort(), [
      "accessToken",
      "expiresOn",
      "expires_on",
      "subscription",
      "tenant",
      "tokenType",
    ]);
    assert.match(printed.expiresOn, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    assert.equal(new Date(printed.expiresOn.replace(" ", "T")).getTime(), printed.expires_on * 1000);
    assert.equal(printed.tenant, emu.tenantId);
  });

  test("use() switches who the endpoint answers for; reset() switches back", async () => {
    emu.identity.use("user");
    const { token } = await new identity.ManagedIdentityCredential().getToken(emu.scope);
    assert.equal(decodeJwt(token).upn, "alice@contoso.example");
    emu.identity.reset();
    const again = await new identity.ManagedIdentityCredential().getToken(emu.scope);
    assert.equal(decodeJwt(again.token).xms_mirid, emu.principals.systemAssigned.resourceId);
  });
});

describe("identity faults", () => {
  test("fail() answers with Entra's error for `count` requests, then recovers", async () => {
    emu.identity.reset();
    emu.identity.fail({ status: 400, count: 1 });
    const credential = new identity.ManagedIdentityCredential();
    await assert.rejects(credential.getToken(emu.scope), /AADSTS500011/);
    await credential.getToken(emu.scope);
    assert.deepEqual({ ...emu.identity.requests }, { total: 2, failed: 1, msi: 2, imds: 0, az: 0, azd: 0, keys: 0 });
  });

  test("a one-off 503 is retried by @azure/identity and the app never sees it", async () => {
    emu.identity.reset();
    emu.identity.fail({ status: 503, count: 1 });
    await new identity.ManagedIdentityCredential().getToken(emu.scope);
    assert.equal(emu.identity.requests.msi, 2);
    assert.equal(emu.identity.requests.failed, 1);
  });

  test("fail({ forMs }) fails every request inside the window only", async () => {
    emu.identity.reset();
    emu.identity.fail({ status: 429, forMs: 300 });
    assert.equal((await msiFetch()).status, 429);
    assert.equal((await msiFetch()).status, 429);
    await sleep(350);
    assert.equal((await msiFetch()).status, 200);
  });

  test("slow() delays answers", async () => {
    emu.identity.reset();
    emu.identity.slow(300, { count: 1 });
    const started = Date.now();
    await new identity.ManagedIdentityCredential().getToken(emu.scope);
    assert.ok(Date.now() - started >= 300);
  });

  test("hang() holds requests until reset()", async () => {
    emu.identity.reset();
    emu.identity.hang();
    let settled = false;
    const pending = new identity.ManagedIdentityCredential().getToken(emu.scope).finally(() => (settled = true));
    await sleep(300);
    assert.equal(settled, false);
    emu.identity.reset();
    await pending;
  });

  test("malformed() breaks the JSON and the credential fails", async () => {
    emu.identity.reset();
    emu.identity.malformed({ count: 1 });
    await assert.rejects(new identity.ManagedIdentityCredential().getToken(emu.scope));
    assert.equal(emu.identity.requests.failed, 1);
  });

  test("the fake az reports identity failures on stderr like the real CLI", async () => {
    emu.identity.reset();
    emu.identity.fail({ status: 500, count: 1 });
    const restore = emu.applyEnv("azureCli");
    try {
      await assert.rejects(new identity.AzureCliCredential().getToken(emu.scope), /ERROR: AADSTS50000/);
    } finally {
      restore();
    }
  });
});

describe("PostgreSQL front door", () => {
  test("each kind of principal logs in over TLS as its own role with a token from a credential", async () => {
    emu.identity.reset();
    const scope = emu.scope;
    const systemAssigned = await new identity.DefaultAzureCredential().getToken(scope);
    assert.equal(await currentUser("orders-web", systemAssigned.token), "orders-web");

    const userAssigned = await new identity.ManagedIdentityCredential({
      clientId: emu.principals.userAssigned.clientId,
    }).getToken(scope);
    assert.equal(await currentUser("orders-api-identity", userAssigned.token), "orders-api-identity");

    const restore = emu.applyEnv("azureCli");
    const user = await new identity.AzureCliCredential().getToken(scope).finally(restore);
    assert.equal(await currentUser("alice@contoso.example", user.token), "alice@contoso.example");
    assert.equal(await currentUser("db-admins", user.token), "db-admins", "a group member logs in as the group");

    for (const key of ["guest", "servicePrincipal"]) {
      emu.identity.use(key);
      const { token } = await new identity.ManagedIdentityCredential().getToken(scope);
      assert.equal(await currentUser(emu.principals[key].role, token), emu.principals[key].role);
    }
    emu.identity.reset();
  });

  test("the session is TLS from the client's side and relays queries with parameters", async () => {
    const client = await connectAs("orders-web", await emu.identity.mintToken("systemAssigned"));
    try {
      assert.equal(client.connection.stream.encrypted, true);
      assert.deepEqual((await client.query("SELECT $1::int + 1 AS n", [41])).rows, [{ n: 42 }]);
      await client.query("CREATE TABLE IF NOT EXISTS orders (id serial PRIMARY KEY, item text)");
      await client.query("INSERT INTO orders (item) VALUES ($1)", ["tea"]);
      assert.equal((await client.query("SELECT count(*)::int AS n FROM orders")).rows[0].n >= 1, true);
    } finally {
      await client.end();
    }
  });

  test("plain connections work unless requireTls, which refuses them like Azure", async () => {
    const token = await emu.identity.mintToken("systemAssigned");
    const client = await connectAs("orders-web", token, false);
    await client.end();
    emu.frontDoor.requireTls = true;
    try {
      const { code, message } = await loginError("orders-web", token, false);
      assert.equal(code, "28000");
      assert.match(message, /no encryption/);
    } finally {
      emu.frontDoor.requireTls = false;
    }
  });

  test("a wrong role, audience, expiry or signature gets Azure's 28P01 and is counted", async () => {
    emu.identity.reset();
    emu.frontDoor.reset();
    const failed = (role) => ({ code: "28P01", message: `password authentication failed for user "${role}"` });
    const good = await emu.identity.mintToken("systemAssigned");

    assert.deepEqual(await loginError("alice@contoso.example", good), failed("alice@contoso.example"));

    emu.identity.wrongAudience("https://management.azure.com", { count: 1 });
    const wrongAudience = (await new identity.ManagedIdentityCredential().getToken(emu.scope)).token;
    assert.deepEqual(await loginError("orders-web", wrongAudience), failed("orders-web"));

    emu.identity.expiredTokens({ count: 1 });
    const expired = (await new identity.ManagedIdentityCredential().getToken(emu.scope)).token;
    assert.deepEqual(await loginError("orders-web", expired), failed("orders-web"));

    const [header, payload, signature] = good.split(".");
    const forged = `${header}.${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    assert.deepEqual(await loginError("orders-web", forged), failed("orders-web"));
    assert.deepEqual(await loginError("orders-web", "not-a-token"), failed("orders-web"));

    assert.equal(emu.frontDoor.rejected, 5);
    assert.equal(emu.frontDoor.accepted, 0);
    const reasons = emu.frontDoor.lastRejections.map((r) => r.reason);
    assert.match(reasons[0], /token is for "orders-web"/);
    assert.match(reasons[1], /audience/);
    assert.match(reasons[2], /expired/);
    assert.match(reasons[3], /signature/);
    for (const secret of [good, wrongAudience, expired, forged]) {
      assert.ok(!JSON.stringify(emu.frontDoor.lastRejections).includes(secret.split(".")[1]), "no token in rejections");
    }
  });

  test("the token is checked only at login: an open session outlives it, a new login fails", async () => {
    // Whole-second expiries: a 3 s token lives at least 2 s, time enough for a login on a loaded machine.
    const token = await emu.identity.mintToken("systemAssigned", { lifetimeSeconds: 3 });
    const client = await connectAs("orders-web", token);
    try {
      await sleepUntil(decodeJwt(token).exp * 1000);
      assert.equal((await client.query("SELECT 1 AS one")).rows[0].one, 1);
      assert.equal((await loginError("orders-web", token)).code, "28P01");
    } finally {
      await client.end();
    }
  });

  test("a cancel request reaches the backend through the front door", async () => {
    const client = await connectAs("orders-web", await emu.identity.mintToken("systemAssigned"));
    try {
      const running = client.query("SELECT pg_sleep(10)");
      await sleep(200);
      const cancel = Buffer.alloc(16);
      cancel.writeInt32BE(16, 0);
      cancel.writeInt32BE(80877102, 4);
      cancel.writeInt32BE(client.processID, 8);
      cancel.writeInt32BE(client.secretKey, 12);
      createConnection(emu.pg.port, emu.pg.host).end(cancel);
      await assert.rejects(running, { code: "57014" });
    } finally {
      await client.end();
    }
  });
});

describe("TLS from the run's own certificate authority", () => {
  test("emu.pg verifies the front door's certificate against emu.ca, by IP and by the name localhost", async () => {
    const token = await emu.identity.mintToken("systemAssigned");
    for (const host of ["127.0.0.1", "localhost"]) {
      const client = new pg.Client({ ...emu.pg, host, user: "orders-web", password: token });
      await client.connect();
      try {
        assert.equal(client.connection.stream.authorized, true, `${host}: verified`);
        assert.equal(
          client.connection.stream.getPeerCertificate().issuer.CN,
          new X509Certificate(emu.ca).subject.match(/CN=(.*)/)[1],
        );
      } finally {
        await client.end();
      }
    }
  });

  test("a certificate from a second emulator run is rejected", async () => {
    const other = await startEmulator({ tls: true });
    try {
      assert.notEqual(other.ca, emu.ca, "each run makes its own CA");
      const token = await other.identity.mintToken("systemAssigned");
      const withThisRunsCa = new pg.Client({ ...other.pg, ssl: emu.pg.ssl, user: "orders-web", password: token });
      const refused = await withThisRunsCa.connect().then(
        () => withThisRunsCa.end().then(() => assert.fail("connected")),
        (error) => error,
      );
      assert.equal(refused.code, "UNABLE_TO_VERIFY_LEAF_SIGNATURE");
      assert.equal(other.frontDoor.accepted, 0, "the token never reached the other run's front door");
      const withItsOwn = new pg.Client({ ...other.pg, user: "orders-web", password: token });
      await withItsOwn.connect();
      await withItsOwn.end();
    } finally {
      await other.close();
    }
  });

  test("the CA signs only for localhost and 127.0.0.0/8, only leaves, for a day; its key is in no file", async () => {
    // The only keys on disk are the service principals' client certificates (not CAs), each
    // readable by its owner only, in a directory only its owner can enter.
    await import("reflect-metadata");
    const x509 = await import("@peculiar/x509");
    const ca = new x509.X509Certificate(emu.ca);
    const basic = ca.getExtension(x509.BasicConstraintsExtension);
    assert.deepEqual([basic.ca, basic.pathLength, basic.critical], [true, 0, true]);
    const nameConstraints = ca.getExtension("2.5.29.30");
    assert.equal(nameConstraints?.critical, true, "a critical nameConstraints extension");
    // permittedSubtrees: dNSName [2] "localhost", iPAddress [7] 127.0.0.0 with mask 255.0.0.0; nothing else.
    const permitted = `8209${Buffer.from("localhost").toString("hex")}`;
    assert.equal(
      Buffer.from(nameConstraints.value).toString("hex"),
      `301ba019300b${permitted}300a87087f000000ff000000`,
    );
    const validHours = (ca.notAfter - ca.notBefore) / 3_600_000;
    assert.ok(validHours <= 24.1, `valid ${validHours} h`);
    const scratch = dirname(emu.caFile);
    const files = readdirSync(scratch, { recursive: true }).map((name) => join(scratch, name));
    const withKeys = files.filter((file) => {
      try {
        return /PRIVATE KEY-----/.test(readFileSync(file, "latin1"));
      } catch {
        return false; // a directory, a socket, or a file the postgres user keeps to itself
      }
    });
    const clientCertificates = Object.values(emu.principals)
      .filter((p) => p.kind === "servicePrincipal")
      .map((p) => emu.envFor("servicePrincipalCertificate", { principal: p.key }).AZURE_CLIENT_CERTIFICATE_PATH);
    assert.deepEqual(withKeys.sort(), clientCertificates.sort());
    for (const file of withKeys) {
      assert.equal(statSync(file).mode & 0o777, 0o600, file);
      assert.equal(statSync(dirname(file)).mode & 0o777, 0o700, dirname(file));
      assert.equal(new X509Certificate(readFileSync(file)).ca, false, `${file} is not a CA`);
    }
    assert.match(readFileSync(emu.caFile, "utf8"), /^-----BEGIN CERTIFICATE-----/);
  });
});

describe("PGlite fallback", () => {
  test("backend: 'pglite' logs in through the same front door; one shared session, so current_user is postgres", async () => {
    const lite = await startEmulator({ backend: "pglite", tls: true });
    try {
      assert.equal(lite.backend, "pglite");
      const token = await lite.identity.mintToken("userAssigned");
      const client = new pg.Client({ ...lite.pg, user: "orders-api-identity", password: token });
      await client.connect();
      try {
        assert.deepEqual((await client.query("SELECT current_user AS role, $1::int + 1 AS n", [41])).rows, [
          { role: "postgres", n: 42 },
        ]);
      } finally {
        await client.end();
      }
      const refused = await new pg.Client({ ...lite.pg, user: "orders-web", password: token })
        .connect()
        .catch((e) => e);
      assert.equal(refused.code, "28P01");
    } finally {
      await lite.close();
    }
  });
});

/**
 * `entra-db-auth emulator ...args` in a child process, killed when the test ends (a failed
 * assertion must not leave it running): `{ child, stdout, exported }` once it is listening, where
 * `exported` holds the variables of its `export` lines.
 */
async function startCliEmulator(t, args) {
  const child = spawn(process.execPath, ["js/cli.mjs", "emulator", ...args], {
    cwd: new URL("..", import.meta.url),
    stdio: ["ignore", "pipe", "pipe"],
  });
  t.after(() => child.kill());
  let stdout = "";
  for await (const chunk of child.stdout) {
    stdout += chunk;
    if (stdout.includes("Ctrl-C stops it.")) break;
  }
  const exported = Object.fromEntries([...stdout.matchAll(/^export (\w+)='([^']*)'/gm)].map(([, k, v]) => [k, v]));
  return { child, stdout, exported };
}

describe("command line", () => {
  test("`emulator` prints shell lines that work, and SIGINT shuts it down cleanly", async (t) => {
    const { child, stdout, exported } = await startCliEmulator(t, ["--lifetime", "60", "--tls"]);
    const response = await fetch(`${exported.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=${emu.audience}`, {
      headers: { "x-identity-header": exported.IDENTITY_HEADER },
    });
    const { expires_on, access_token } = await response.json();
    assert.ok(Math.abs(Number(expires_on) - (Date.now() / 1000 + 60)) < 5);
    const connectionString = /^# (postgresql:\/\/127\.0\.0\.1:\d+\/appdb\?sslmode=verify-full&sslrootcert=\S+)$/m.exec(
      stdout,
    )?.[1];
    assert.ok(connectionString, stdout);
    assert.equal(exported.NODE_EXTRA_CA_CERTS, exported.PGSSLROOTCERT);
    assert.equal(exported.PGSSLMODE, "verify-full");
    const url = Object.assign(new URL(connectionString), { username: "orders-web", password: access_token });
    const client = new pg.Client({ connectionString: url.href });
    await client.connect();
    assert.equal(client.connection.stream.authorized, true, "the printed connection string verifies TLS");
    await client.end();

    const dir = dirname(/^export PATH='([^']*)'/m.exec(stdout)[1]);
    assert.equal(existsSync(dir), true);
    child.kill("SIGINT");
    const [code] = await once(child, "exit");
    assert.equal(code, 0);
    assert.equal(existsSync(dir), false);
  });

  test("`emulator --credential service-principal` prints the lines with which `token --json` signs in as the app", async (t) => {
    const { stdout, exported } = await startCliEmulator(t, ["--tls", "--credential", "service-principal"]);
    assert.equal(exported.AZURE_TOKEN_CREDENTIALS, "EnvironmentCredential");
    assert.match(exported.AZURE_AUTHORITY_HOST, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(exported.PGUSER, "orders-batch");
    assert.match(stdout, /^unset .*\bIDENTITY_ENDPOINT\b/m);
    const { PATH, ...variables } = exported;
    const token = spawn(process.execPath, ["js/cli.mjs", "token", "--json", "--host", "127.0.0.1"], {
      cwd: new URL("..", import.meta.url),
      env: { ...process.env, ...withoutSteering(variables), PATH: `${PATH}:${process.env.PATH}` },
    });
    let report = "";
    token.stdout.on("data", (chunk) => (report += chunk));
    const [code] = await once(token, "exit");
    assert.equal(code, 0, report);
    const { credential, identityKind, username } = JSON.parse(report);
    assert.deepEqual(
      [credential, identityKind, username.name],
      ["EnvironmentCredential", "service principal", "orders-batch"],
    );
  });

  test("`emulator --credential` with an unknown kind exits 2 and lists the kinds", async () => {
    const child = spawn(process.execPath, ["js/cli.mjs", "emulator", "--credential", "password"], {
      cwd: new URL("..", import.meta.url),
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const [code] = await once(child, "exit");
    assert.equal(code, 2);
    assert.match(
      stderr,
      /--credential must be one of managed-identity, cli, azd, service-principal, service-principal-cert, workload-identity/,
    );
  });

  test("an unknown subcommand exits 2 with usage", async () => {
    const child = spawn(process.execPath, ["js/cli.mjs", "nonsense"], { cwd: new URL("..", import.meta.url) });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const [code] = await once(child, "exit");
    assert.equal(code, 2);
    assert.match(stderr, /usage: entra-db-auth <command>/);
  });
});

test("close() stops PostgreSQL and removes the temp dir", async () => {
  const dir = dirname(emu.azBinDir);
  const clusterDir = join(dir, "pg");
  const postgresRunning = () =>
    readdirSync("/proc")
      .filter((pid) => /^\d+$/.test(pid))
      .some((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(clusterDir);
        } catch {
          return false;
        }
      });
  assert.equal(postgresRunning(), true, "postgres runs from the temp dir while the emulator is up");
  restoreEnv();
  restoreEnv = undefined;
  await emu.close();
  assert.equal(existsSync(dir), false);
  assert.equal(postgresRunning(), false);
});
