// pg end to end: real pg, real @azure/identity, real sockets to the emulator, real PostgreSQL behind it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { createTokenSource, createPool, getEntraTokenPassword, sharedTokenSource } from "entra-db-auth";
import {
  LONG_LIFETIME_S,
  SHORT_LIFETIME_S,
  emulatorForTests,
  exactSource,
  requestCeiling,
  sleep,
  tokenLifetimeDuring,
} from "./helpers.mjs";

let emu;
let identity;

before(async () => {
  ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: LONG_LIFETIME_S }));
  console.log(`backend: ${emu.backend}`);
});
after(() => emu?.close());

async function currentUser(client) {
  return (await client.query("SELECT current_user AS role")).rows[0].role;
}

test("a pg Pool and Clients with password: getEntraTokenPassword keep logging in over two token lifetimes", async (t) => {
  const LIFETIMES = 2;
  tokenLifetimeDuring(t, emu, SHORT_LIFETIME_S);
  // The source getEntraTokenPassword shares; closed at the end so that its background refreshes stay
  // out of the next tests' counts.
  const shared = sharedTokenSource(undefined, emu.scope);
  t.after(() => shared.close());
  const ceiling = requestCeiling(shared, SHORT_LIFETIME_S * 1000);
  const role = emu.principals.systemAssigned.role;
  const pool = new pg.Pool({ ...emu.pg, user: role, password: getEntraTokenPassword, maxUses: 1 });
  const loginsBefore = emu.frontDoor.accepted;
  const end = Date.now() + LIFETIMES * SHORT_LIFETIME_S * 1000;
  let queries = 0;
  while (Date.now() < end) {
    const client = new pg.Client({ ...emu.pg, user: role, password: getEntraTokenPassword });
    await client.connect();
    const [fromPool, fromClient] = await Promise.all([pool.query("SELECT current_user AS role"), currentUser(client)]);
    await client.end();
    assert.deepEqual([fromPool.rows[0].role, fromClient], [role, role]);
    queries += 2;
    await sleep(50);
  }
  await pool.end();
  const { requests } = shared.stats();
  assert.equal(emu.frontDoor.accepted - loginsBefore, queries, "one accepted login per query, no failures");
  assert.equal(emu.frontDoor.rejected, 0);
  // At least one token per lifetime; at most one request per refresh (see requestCeiling).
  const most = ceiling();
  assert.ok(
    requests >= LIFETIMES && requests <= most,
    `${requests} identity requests for ${queries} logins, at most ${most}`,
  );
  console.log(
    `${queries} logins over ${LIFETIMES * SHORT_LIFETIME_S} s of ${SHORT_LIFETIME_S} s tokens: ${requests} identity requests`,
  );
});

test("50 concurrent connects on a cold cache make exactly one identity request", async (t) => {
  // No jitter, and long tokens: the first refreshes at 75% of its lifetime, minutes after the herd, not
  // anywhere from 1% (a second request, rightly, but not the one this test counts).
  const source = exactSource(t, new identity.DefaultAzureCredential(), emu.scope);
  const pool = new pg.Pool({
    ...emu.pg,
    user: emu.principals.systemAssigned.role,
    password: () => source.getPassword(),
    max: 50,
  });
  const before = emu.identity.requests.msi;
  const clients = await Promise.all(Array.from({ length: 50 }, () => pool.connect()));
  // The source's own count: under heavy load the SDK's retry policy may send one getToken twice.
  assert.equal(source.stats().requests, 1, "one credential call for 50 connects");
  assert.ok(emu.identity.requests.msi - before >= 1);
  clients.forEach((client) => client.release());
  await pool.end();
});

test("AzureCliCredential runs az once per token lifetime, not once per connection", async (t) => {
  const restore = emu.applyEnv("azureCli");
  try {
    // No jitter: the first token is refreshed minutes after the test, not anywhere from 1% of its life.
    const source = exactSource(t, new identity.AzureCliCredential(), emu.scope);
    const pool = new pg.Pool({
      ...emu.pg,
      user: emu.principals.user.role,
      password: () => source.getPassword(),
      maxUses: 1,
    });
    const before = emu.identity.requests.az;
    for (let i = 0; i < 20; i++) await pool.query("SELECT 1");
    assert.equal(emu.identity.requests.az - before, 1, "20 connections, one az run");
    await pool.end();
  } finally {
    restore();
  }
});

test("createPool logs in as the role the token names, with no user configured", async (t) => {
  emu.identity.use("userAssigned");
  try {
    const pool = createPool(
      { ...emu.pg },
      { credential: exactSource(t, new identity.DefaultAzureCredential(), emu.scope) },
    );
    assert.equal((await pool.query("SELECT current_user AS role")).rows[0].role, emu.principals.userAssigned.role);
    await pool.end();
  } finally {
    emu.identity.use("systemAssigned");
  }
});

test("createPool retries once with a fresh token when the server rejects the cached one", async (t) => {
  const source = exactSource(t, new identity.DefaultAzureCredential(), emu.scope);
  // The cached token is for another audience. The fault stays on until the source holds that token:
  // a request the SDK retried under load would otherwise use it up and leave the source a good one.
  emu.identity.wrongAudience();
  try {
    await source.getPassword();
  } finally {
    emu.identity.reset();
  }
  const pool = createPool({ ...emu.pg }, { credential: source });
  const rejectedBefore = emu.frontDoor.rejected;
  assert.equal((await pool.query("SELECT current_user AS role")).rows[0].role, emu.principals.systemAssigned.role);
  assert.equal(emu.frontDoor.rejected - rejectedBefore, 1, "the stale token was rejected once, then replaced");
  await pool.end();
});

test("a wrong user gets the server's 28P01 with a hint naming the right role", async (t) => {
  const pool = createPool(
    { ...emu.pg, user: "someone-else" },
    { credential: exactSource(t, new identity.DefaultAzureCredential(), emu.scope) },
  );
  const error = await pool.query("SELECT 1").catch((e) => e);
  assert.equal(error.code, "28P01");
  assert.match(error.message, /password authentication failed for user "someone-else"/);
  assert.match(
    error.hint,
    new RegExp(`token is for role "${emu.principals.systemAssigned.role}" \\(from xms_mirid\\)`),
  );
  await pool.end();
});

test("a token for the wrong audience is rejected with 28P01 and a hint to check tenant and audience", async (t) => {
  emu.identity.wrongAudience();
  try {
    const role = emu.principals.systemAssigned.role;
    const pool = createPool(
      { ...emu.pg, user: role },
      { credential: exactSource(t, new identity.DefaultAzureCredential(), emu.scope) },
    );
    const error = await pool.query("SELECT 1").catch((e) => e);
    assert.equal(error.code, "28P01");
    assert.match(error.hint, /tenant and audience/);
    await pool.end();
  } finally {
    emu.identity.reset();
  }
});

test("an already expired token is refused before it reaches the server", async (t) => {
  emu.identity.expiredTokens();
  try {
    const source = createTokenSource({ credential: new identity.DefaultAzureCredential() });
    t.after(() => source.close());
    const client = new pg.Client({
      ...emu.pg,
      user: emu.principals.systemAssigned.role,
      password: () => source.getPassword(),
    });
    const rejectedBefore = emu.frontDoor.rejected;
    await assert.rejects(client.connect(), (e) => ["TOKEN_EXPIRED", "INVALID_TOKEN"].includes(e.code));
    assert.equal(emu.frontDoor.rejected, rejectedBefore);
  } finally {
    emu.identity.reset();
  }
});
