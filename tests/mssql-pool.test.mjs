// createMssqlPool and tediousAuthentication with the real mssql (tarn) and tedious, over TLS (TDS 8
// strict) to the emulator's Azure SQL front door, with tokens from @azure/identity's managed
// identity credential through the emulator's identity endpoint.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect } from "node:net";
import mssql from "mssql";
import tedious from "tedious";
import { createMssqlPool, createTokenSource, sharedTokenSource, tediousAuthentication } from "entra-db-auth";
import { backgroundRefreshes, emulatorForTests, sleep } from "./helpers.mjs";
import { startTdsServer } from "./tds-server.mjs";

// Under MSAL's 300 s cache floor: every credential call reaches the emulator and is counted.
const LIFETIME_S = 120;
let emu;
let identity;

before(async () => {
  ({ emu, identity } = await emulatorForTests({
    tokenLifetimeSeconds: LIFETIME_S,
    sqlServer: { users: ["orders-web"] }, // the system-assigned identity; the others are no users of the database
  }));
});
after(() => emu?.close());

const sources = [];
// A source refreshes in the background while in use: a test's sources stop with it, so that no
// request of theirs lands in the next test's counts.
afterEach(() => {
  for (const source of sources.splice(0)) source.close();
});

/** A token source of its own (an empty cache) on a fresh managed identity credential. */
function freshSource(options) {
  const source = createTokenSource({
    credential: new identity.ManagedIdentityCredential(),
    scope: emu.sqlScope,
    ...options,
  });
  sources.push(source);
  return source;
}

function poolFor(source, config = {}) {
  const { options, ...rest } = config;
  return createMssqlPool(
    { ...emu.sqlServer, ...rest, options: { ...emu.sqlServer.options, ...options } },
    { credential: source },
  );
}

test("50 concurrent logins through createMssqlPool make one token request", async () => {
  const accepted = emu.tds.accepted;
  const source = freshSource({ jitter: 0 });
  const pool = await poolFor(source, { pool: { max: 50 } }).connect();
  const connections = await Promise.all(Array.from({ length: 50 }, () => pool.acquire(pool)));
  for (const connection of connections) pool.release(connection);
  const { recordset } = await pool.request().query("SELECT SUSER_SNAME() AS login, DB_NAME() AS db");
  await pool.close();
  assert.equal(emu.tds.accepted - accepted, 51, "mssql's probe connection, then 50 pooled ones");
  assert.equal(source.stats().requests, 1);
  assert.deepEqual(recordset, [{ login: emu.principals.systemAssigned.role, db: emu.sqlServer.options.database }]);
});

test("50 concurrent logins with a plain @azure/identity credential make one identity request", async () => {
  // What an app passes: the credential itself, not a token source. The pool's logins share the
  // credential's one cached token. Its source has the default jitter, so a background refresh may
  // land during the herd under load: those are counted and taken off.
  const credential = new identity.ManagedIdentityCredential();
  const shared = sharedTokenSource(credential, emu.sqlScope);
  const refreshes = backgroundRefreshes(shared);
  const requests = emu.identity.requests.total;
  const pool = await createMssqlPool({ ...emu.sqlServer, pool: { max: 50 } }, { credential }).connect();
  const connections = await Promise.all(Array.from({ length: 50 }, () => pool.acquire(pool)));
  for (const connection of connections) pool.release(connection);
  await pool.close();
  const background = await refreshes();
  shared.close();
  assert.equal(shared.stats().requests - background, 1);
  assert.ok(emu.identity.requests.total - requests >= 1);
});

test("a pooled connection whose token has expired is replaced at acquire: the app sees no error", async () => {
  emu.identity.tokenLifetimeSeconds = 4;
  const source = freshSource();
  const pool = await poolFor(source, { connectionTimeout: 1000 }).connect();
  try {
    await pool.request().query("SELECT 1");
    const [session] = emu.tds.sessions;
    await sleep(session.expiresAt - Date.now() + 50);
    assert.equal(emu.tds.revalidateNow(), 1, "the server found the pooled session's token expired");
    const failed = emu.tds.failedRequests;
    const accepted = emu.tds.accepted;
    const { recordset } = await pool.request().query("SELECT 1 AS one");
    assert.deepEqual(recordset, [{ one: 1 }]);
    assert.equal(emu.tds.accepted - accepted, 1, "one new login");
    assert.equal(emu.tds.failedRequests, failed, "nothing was sent on the expired session");
  } finally {
    emu.identity.tokenLifetimeSeconds = LIFETIME_S;
    await pool.close();
  }
});

test("tokens shorter than the connect-timeout margin still make usable connections", async () => {
  emu.identity.tokenLifetimeSeconds = 4;
  const pool = poolFor(freshSource()); // mssql's default connect timeout: 15 s, more than a token's life
  try {
    const accepted = emu.tds.accepted;
    await pool.connect();
    assert.deepEqual((await pool.request().query("SELECT 1 AS one")).recordset, [{ one: 1 }]);
    assert.equal(emu.tds.accepted - accepted, 2, "mssql's probe, then one pooled connection");
  } finally {
    emu.identity.tokenLifetimeSeconds = LIFETIME_S;
    await pool.close();
  }
});

test("a plain mssql pool hands out the expired session, and the app gets 37396", async () => {
  emu.identity.tokenLifetimeSeconds = 4;
  const config = { ...emu.sqlServer, validateConnection: false };
  const pool = await new mssql.ConnectionPool({
    ...config,
    authentication: tediousAuthentication(config, { credential: freshSource() }),
  }).connect();
  try {
    await pool.request().query("SELECT 1");
    const [session] = emu.tds.sessions;
    await sleep(session.expiresAt - Date.now() + 50);
    emu.tds.revalidateNow();
    await assert.rejects(pool.request().query("SELECT 1"), { number: 37396 });
  } finally {
    emu.identity.tokenLifetimeSeconds = LIFETIME_S;
    await pool.close();
  }
});

test("a connection past its maximum lifetime is replaced at acquire", async () => {
  const pool = await poolFor(freshSource(), { maxLifetimeSeconds: 0.5 }).connect();
  try {
    await pool.request().query("SELECT 1");
    const [first] = emu.tds.sessions;
    await sleep(0.5 * 1.1 * 1000 + 50); // the longest lifetime the ± 10% can draw, and a little
    const accepted = emu.tds.accepted;
    await pool.request().query("SELECT 1");
    assert.equal(emu.tds.accepted - accepted, 1, "a new login");
    assert.ok(!emu.tds.sessions.some((session) => session.id === first.id), "the old session was closed");
  } finally {
    await pool.close();
  }
});

test("a killed session is recovered from without an error", async () => {
  const pool = await poolFor(freshSource()).connect();
  try {
    const connection = await pool.acquire(pool);
    pool.release(connection);
    const ended = once(connection, "end");
    assert.equal(emu.tds.killSessions(), 1);
    await ended;
    const { recordset } = await pool.request().query("SELECT 1 AS one");
    assert.deepEqual(recordset, [{ one: 1 }]);
  } finally {
    await pool.close();
  }
});

test("a connection that failed with 37396 is never handed out again", async () => {
  const pool = await poolFor(freshSource(), { validateConnection: false }).connect();
  try {
    const connection = await pool.acquire(pool);
    pool.release(connection);
    const [session] = emu.tds.sessions;
    emu.tds.expireSessions();
    await assert.rejects(pool.request().query("SELECT 1"), { number: 37396 });
    for (let i = 0; i < 3; i += 1) await pool.request().query("SELECT 1");
    const requestsOn = (id) => emu.tds.sessions.find((s) => s.id === id)?.requests;
    assert.equal(requestsOn(session.id), undefined, "the pool closed the failed session");
    assert.equal(emu.tds.sessions.length, 1);
  } finally {
    await pool.close();
  }
});

test("a login refused once (18456) is retried with a fresh token", async () => {
  const source = freshSource({ jitter: 0 });
  const pool = poolFor(source);
  const rejected = emu.tds.rejected;
  emu.identity.wrongAudience("https://management.azure.com", { count: 1 });
  await pool.connect();
  await pool.close();
  assert.equal(emu.tds.rejected - rejected, 1);
  assert.equal(source.stats().requests, 2, "the refused token, then a fresh one");
  assert.match(emu.tds.lastRejections.at(-1).reason, /audience/);
});

test("a login refused twice fails with a hint naming the principal", async () => {
  const source = freshSource();
  emu.identity.use("guest");
  try {
    const rejected = emu.tds.rejected;
    const error = await poolFor(source)
      .connect()
      .then(
        () => assert.fail("connected"),
        (e) => e,
      );
    assert.equal(emu.tds.rejected - rejected, 2, "one retry");
    assert.match(error.message, /Login failed for user '<token-identified principal>'/);
    assert.match(error.hint, /bob_fabrikam\.com#EXT#@contoso\.onmicrosoft\.com/);
    assert.match(error.hint, /CREATE USER/);
  } finally {
    emu.identity.reset();
  }
});

test("tediousAuthentication: tedious logs in over TDS 8 with the shared token; a reset is counted", async () => {
  const config = emu.sqlServer;
  const connection = new tedious.Connection({ ...config, authentication: tediousAuthentication(config) });
  connection.connect();
  const [error] = await once(connection, "connect");
  assert.ifError(error);
  const query = (sql) =>
    new Promise((resolve, reject) => {
      let value;
      const request = new tedious.Request(sql, (e) => (e ? reject(e) : resolve(value)));
      request.on("row", ([column]) => (value = column.value));
      connection.execSql(request);
    });
  const login = await query("SELECT SUSER_SNAME()");
  // tedious' reset() marks the next request RESETCONNECTION; the server counts and acknowledges it.
  const resets = emu.tds.resets;
  await new Promise((resolve, reject) => connection.reset((e) => (e ? reject(e) : resolve())));
  assert.equal(await query("SELECT DB_NAME()"), emu.sqlServer.options.database);
  connection.close();
  assert.equal(login, emu.principals.systemAssigned.role);
  assert.equal(emu.tds.resets - resets, 1);
});

test("createMssqlPool sends no token on a connection that encrypt: true left in clear text", async (t) => {
  // A server (or someone in the middle) that answers PRELOGIN with "encryption not supported":
  // tedious then goes on without TLS. Reached under an Azure name through tedious' connector.
  const tds = await startTdsServer();
  t.after(() => tds.server.close());
  const connector = async () => connect(tds.server.address().port, "127.0.0.1");
  const pool = createMssqlPool(
    { server: "orders.database.windows.net", options: { encrypt: true, connector, connectTimeout: 5000 } },
    { credential: freshSource() },
  );
  await assert.rejects(pool.connect(), (error) => {
    const causes = [error, error.originalError, ...(error.originalError?.errors ?? [])];
    assert.ok(
      causes.some((cause) => cause?.code === "INSECURE_CONNECTION"),
      error.message,
    );
    return true;
  });
  assert.deepEqual(tds.tokens, [], "no FEDAUTH_TOKEN message reached the server");
});

test("a SQL login (user name and password) is refused as on an Entra-only server", async () => {
  const rejected = emu.tds.rejected;
  const connection = new tedious.Connection({
    ...emu.sqlServer,
    authentication: { type: "default", options: { userName: "sa", password: "not-a-token" } },
  });
  connection.connect();
  const [error] = await once(connection, "connect");
  assert.match(error?.message, /^Login failed for user 'sa'\. Reason: Azure Active Directory only authentication/);
  assert.equal(emu.tds.rejected - rejected, 1);
  assert.match(emu.tds.lastRejections.at(-1).reason, /not an Entra ID login/);
});
