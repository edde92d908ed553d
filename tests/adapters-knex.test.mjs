// knex (pg client) with knexConnection: the role from the token, one identity request per token
// lifetime, and a pool that moves to the new token once the source has refreshed, without churning.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import knex from "knex";
import { createTokenSource, knexConnection, ConfigurationError } from "entra-db-auth";
import { countingCredential, emulatorForTests, exactSource, fakeJwt, sleepUntil } from "./helpers.mjs";

const LIFETIME_S = 4;
let emu;
let identity;

before(async () => ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: LIFETIME_S })));
after(() => emu?.close());

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

test("knex logs in as the role from the token, and its connections share one identity request", async (t) => {
  const source = exactSource(t, new identity.ManagedIdentityCredential(), emu.scope);
  const connection = countedConnection({ credential: source });
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
  assert.equal(source.stats().requests, 1);
});

test("the source refreshes at its refresh point, knex moves to the new token, and logs in after the first token expired", async (t) => {
  const rejected = emu.frontDoor.rejected;
  const source = exactSource(t, new identity.ManagedIdentityCredential(), emu.scope);
  const connection = countedConnection({ credential: source });
  const db = knex({ client: "pg", connection, pool: { min: 0, max: 3 } });
  try {
    await db.raw("SELECT 1");
    const first = source.stats();
    const [{ background }] = await once(source, "refresh");
    assert.ok(background && Date.now() >= first.refreshAfterTimestamp, "refreshed in the background at 75%");
    assert.equal(connection.calls, 1, "with no call from knex");
    await db.raw("SELECT 1"); // knex re-validates: the checker sees the new token, and knex takes it
    assert.equal(connection.calls, 2);
    await sleepUntil(first.expiresOnTimestamp);
    assert.deepEqual(await concurrentRoles(db, 3), Array(3).fill(emu.principals.systemAssigned.role));
    assert.equal(connection.calls, 2, "no call while the new token is fresh");
  } finally {
    await db.destroy();
  }
  // The first token, and its refresh at 75% of its lifetime; the next is due at 75% of the second's.
  assert.equal(source.stats().requests, 2);
  assert.equal(emu.frontDoor.rejected - rejected, 0, "no login with an expired token");
});

/**
 * A credential that answers only when the test says: `next()` resolves with the next call, which the
 * test then `answer()`s with a token living `lifetimeMs` from that moment, or `fail()`s.
 */
function heldCredential(lifetimeMs) {
  const calls = [];
  const takers = [];
  const credential = {
    calls: 0,
    getToken() {
      const n = (credential.calls += 1);
      return new Promise((resolve, reject) => {
        const call = {
          answer() {
            const expiresOnTimestamp = Date.now() + lifetimeMs;
            const exp = Math.floor(expiresOnTimestamp / 1000);
            resolve({ token: fakeJwt({ upn: "alice@contoso.com", n, exp }), expiresOnTimestamp });
          },
          fail: () => reject(new Error("identity endpoint down")),
        };
        if (takers.length > 0) takers.shift()(call);
        else calls.push(call);
      });
    },
    next: () => (calls.length > 0 ? Promise.resolve(calls.shift()) : new Promise((take) => takers.push(take))),
  };
  return credential;
}

test("the expiration checker says expired exactly when asking again would change something", async (t) => {
  const credential = heldCredential(1000);
  const source = createTokenSource({ credential, refreshAt: 0.5, jitter: 0 });
  t.after(() => source.close());
  const provide = knexConnection({ host: "localhost", user: "app" }, { credential: source });

  const providing = provide();
  (await credential.next()).answer();
  const fresh = await providing;
  assert.equal(fresh.user, "app");
  assert.equal(fresh.expirationChecker(), false);
  assert.ok(!JSON.stringify(fresh).includes(fresh.password), "the token is not enumerable");
  // An event loop too busy to run the source's timer: past the refresh point, knex's call would start it.
  const { refreshAfterTimestamp } = source.stats();
  while (Date.now() < refreshAfterTimestamp) {
    // busy, as an app can be
  }
  assert.equal(fresh.expirationChecker(), true, "past the refresh point, no refresh started");

  // The source's own timer starts the refresh; while it runs, asking again would change nothing.
  const refresh = await credential.next();
  assert.equal(source.stats().refreshing, true);
  assert.equal(fresh.expirationChecker(), false, "knex would throw if asking again did not help");
  const during = await provide();
  assert.equal(during.password, fresh.password, "the old token, still valid, while the refresh runs");
  assert.equal(during.expirationChecker(), false);
  const refreshed = once(source, "refresh");
  refresh.answer();
  await refreshed;
  assert.equal(during.expirationChecker(), true, "the new token landed");
  const next = await provide();
  assert.notEqual(next.password, fresh.password);
  assert.equal(next.expirationChecker(), false);
  assert.equal(credential.calls, 2);

  // The next refresh fails: the old token stays, and the source retries by itself once its backoff ends.
  const failing = await credential.next();
  const failed = new Promise((resolve) => {
    // Read at the moment of the failure: a backoff is drawn from [0, 200 ms) here.
    source.once("error", () => resolve({ expired: next.expirationChecker(), stats: source.stats() }));
  });
  failing.fail();
  const { expired, stats } = await failed;
  assert.equal(expired, false, "no re-provisioning while the retry backs off");
  const backingOff = await provide();
  assert.equal(backingOff.password, next.password);
  const retry = await credential.next();
  assert.ok(Date.now() >= stats.retryAfterTimestamp, "retried once the backoff ended");
  assert.equal(backingOff.expirationChecker(), false, "the retry is in flight");
  const retried = once(source, "refresh");
  retry.answer();
  await retried;
  assert.equal(backingOff.expirationChecker(), true, "the retry's token landed");
  assert.deepEqual([source.stats().requests, source.stats().failures], [4, 1]);
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
