// knex (pg client) with knexConnection: the role from the token, one identity request per token
// lifetime, and a pool that moves to the new token after the refresh point without churning.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import knex from "knex";
import { createTokenSource, knexConnection, ConfigurationError } from "entra-db-auth";
import { countingCredential, emulatorForTests, sleep } from "./helpers.mjs";

const LIFETIME_S = 4;
let emu;
let identity;

before(async () => ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: LIFETIME_S })));
after(() => emu?.close());

const sleepUntil = (timestamp) => sleep(Math.max(0, timestamp - Date.now()) + 20);

/** knexConnection's provider, counting how often knex calls it. */
function countedConnection(options) {
  const provide = knexConnection(emu.pg, options);
  const counted = () => {
    counted.calls += 1;
    return provide();
  };
  counted.calls = 0;
  return counted;
}

/** Runs `n` queries at once, so that the pool needs `n` connections; returns the roles. */
async function concurrentRoles(db, n) {
  const results = await Promise.all(
    Array.from({ length: n }, () => db.raw("SELECT current_user AS role, pg_sleep(0.1)")),
  );
  return results.map((result) => result.rows[0].role);
}

test("knex logs in as the role from the token, and its connections share one identity request", async () => {
  const requests = emu.identity.requests.msi;
  const connection = countedConnection({ credential: new identity.ManagedIdentityCredential() });
  const db = knex({ client: "pg", connection, pool: { min: 0, max: 4 } });
  try {
    assert.deepEqual(await concurrentRoles(db, 4), Array(4).fill(emu.principals.systemAssigned.role));
    // knex calls the provider once per connection until the first call returns its checker.
    const calls = connection.calls;
    assert.deepEqual(await concurrentRoles(db, 4), Array(4).fill(emu.principals.systemAssigned.role));
    assert.equal(connection.calls, calls, "no call while the token is fresh");
  } finally {
    await db.destroy();
  }
  assert.equal(emu.identity.requests.msi - requests, 1);
});

test("past the refresh point knex moves to the new token, and logs in after the first token expired", async () => {
  const requests = emu.identity.requests.msi;
  const rejected = emu.frontDoor.rejected;
  const source = createTokenSource({ credential: new identity.ManagedIdentityCredential() });
  const connection = countedConnection({ credential: source });
  const db = knex({ client: "pg", connection, pool: { min: 0, max: 3 } });
  try {
    await db.raw("SELECT 1");
    const first = source.stats();
    await sleepUntil(first.refreshAfterTimestamp);
    const refreshed = once(source, "refresh");
    await db.raw("SELECT 1"); // knex re-validates: the provider starts the background refresh
    await refreshed;
    await db.raw("SELECT 1"); // the new token is in the cache: knex takes it
    assert.equal(connection.calls, 3);
    await sleepUntil(first.expiresOnTimestamp);
    assert.deepEqual(await concurrentRoles(db, 3), Array(3).fill(emu.principals.systemAssigned.role));
    assert.equal(connection.calls, 3, "no call while the new token is fresh");
  } finally {
    await db.destroy();
  }
  assert.equal(emu.identity.requests.msi - requests, 2);
  assert.equal(emu.frontDoor.rejected - rejected, 0, "no login with an expired token");
});

test("the expiration checker says expired only when asking again would change something", async () => {
  let failNext = false;
  const credential = countingCredential({ lifetimeMs: 1000, delayMs: 30 });
  const getToken = credential.getToken.bind(credential);
  credential.getToken = async (...args) => {
    if (failNext) throw new Error("identity endpoint down");
    return getToken(...args);
  };
  const source = createTokenSource({ credential, refreshAt: 0.5, jitter: 0 });
  source.on("error", () => {});
  const provide = knexConnection({ host: "localhost", user: "app" }, { credential: source });

  const fresh = await provide();
  assert.equal(fresh.user, "app");
  assert.equal(fresh.expirationChecker(), false);
  assert.ok(!JSON.stringify(fresh).includes(fresh.password), "the token is not enumerable");
  await sleepUntil(source.stats().refreshAfterTimestamp);
  assert.equal(fresh.expirationChecker(), true, "past the refresh point");

  const refreshed = once(source, "refresh");
  const during = await provide();
  assert.equal(during.password, fresh.password, "the old token, still valid, while the refresh runs");
  assert.equal(during.expirationChecker(), false, "knex would throw if asking again did not help");
  await refreshed;
  assert.equal(during.expirationChecker(), true, "the new token landed");
  const next = await provide();
  assert.notEqual(next.password, fresh.password);
  assert.equal(next.expirationChecker(), false);

  failNext = true;
  await sleepUntil(source.stats().refreshAfterTimestamp);
  const failed = once(source, "error");
  const backingOff = await provide();
  await failed;
  assert.equal(backingOff.password, next.password);
  assert.equal(backingOff.expirationChecker(), false, "no re-provisioning while the retry backs off");
  failNext = false;
  await sleepUntil(source.stats().retryAfterTimestamp);
  assert.equal(backingOff.expirationChecker(), true, "the retry is due");
  assert.deepEqual([source.stats().requests, source.stats().failures], [3, 1]);
});

const badCalls = [
  ["a config that is not an object", () => knexConnection("postgres://host/db")],
  ["options that are not an object", () => knexConnection({}, "credential")],
  ["a credential without getToken", () => knexConnection({}, { credential: { token: "x" } })],
  ["a non-string scope", () => knexConnection({}, { scope: 42 })],
  ["a non-string username", () => knexConnection({}, { username: 42 })],
  ["a non-boolean allowAppId", () => knexConnection({}, { allowAppId: "yes" })],
];
for (const [what, call] of badCalls) {
  test(`knexConnection with ${what} throws INVALID_ARGUMENT`, () => {
    assert.throws(call, (e) => e instanceof ConfigurationError && e.code === "INVALID_ARGUMENT");
  });
}

test("knexConnection refuses a non-TLS remote host before any token is fetched", () => {
  const credential = countingCredential();
  assert.throws(() => knexConnection({ host: "orders.postgres.database.azure.com" }, { credential }), {
    code: "INSECURE_CONNECTION",
  });
  assert.equal(credential.calls, 0);
});
