// What production does to a token source, replayed on the emulator with real pg and @azure/identity:
// identity outages before and past expiry, a hung endpoint, malformed answers.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { createTokenSource } from "entra-db-auth";
import { SHORT_LIFETIME_S, emulatorForTests, sleep, tokenLifetimeDuring } from "./helpers.mjs";

let emu;
let identity;

before(async () => ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: SHORT_LIFETIME_S })));
after(() => emu?.close());
// A failed test must not leave its fault behind for the next one.
afterEach(() => emu.identity.reset());

/**
 * A fresh source on a fresh DefaultAzureCredential, and a connect-per-query function using it. The
 * source is closed when test `t` ends: a source in use keeps refreshing in the background, which
 * would add to the next test's count of identity requests.
 */
function setup(t, options = {}) {
  const source = createTokenSource({ credential: new identity.DefaultAzureCredential(), ...options });
  t.after(() => source.close());
  const role = emu.principals.systemAssigned.role;
  const tally = { ok: 0, failed: 0, errors: [] };
  async function connectOnce() {
    const client = new pg.Client({ ...emu.pg, user: role, password: () => source.getPassword() });
    try {
      await client.connect();
      await client.query("SELECT 1");
      tally.ok += 1;
    } catch (error) {
      tally.failed += 1;
      tally.errors.push(error);
    } finally {
      await client.end().catch(() => {});
    }
  }
  return { source, tally, connectOnce };
}

/** Connects every `everyMs` until `untilMs` from now. */
async function churn(connectOnce, untilMs, everyMs = 100) {
  const end = Date.now() + untilMs;
  while (Date.now() < end) {
    await connectOnce();
    await sleep(everyMs);
  }
}

test("an identity outage of half a lifetime while the token is valid fails no connection", async (t) => {
  // No jitter: the first token's refresh point is at 75%, not drawn from 1-76%.
  const { source, tally, connectOnce } = setup(t, { jitter: 0 });
  await connectOnce();
  const { expiresOnTimestamp } = source.stats();
  const lifetime = expiresOnTimestamp - Date.now();
  // Down from 35% to 85% of the lifetime: across the refresh point (75%), up to just before the
  // hard deadline (90%).
  await churn(connectOnce, 0.35 * lifetime);
  const requestsBefore = emu.identity.requests.msi;
  emu.identity.fail({ status: 429, forMs: 0.5 * lifetime });
  await churn(connectOnce, 0.5 * lifetime);
  const duringOutage = emu.identity.requests.msi - requestsBefore;
  await churn(connectOnce, 0.5 * lifetime);
  assert.deepEqual(tally.errors, []);
  const stats = source.stats();
  assert.ok(stats.failures >= 1, "refreshes were attempted during the outage");
  assert.ok(duringOutage <= 8, `${duringOutage} identity requests during the outage: backoff, not one per connection`);
  assert.ok(stats.expiresOnTimestamp > expiresOnTimestamp, "a refresh succeeded after the outage");
  console.log(
    `outage of ${(lifetime / 2000).toFixed(1)} s: ${tally.ok} connections, 0 failed, ${duringOutage} identity requests during it`,
  );
});

test("an outage past expiry fails callers fast with the credential's error, and the first call after recovery succeeds", async (t) => {
  // A 10 s token, handed out until 7 s before its expiry: with no jitter, its refresh point (75%) is
  // past that hard deadline, so no background refresh runs before callers find no usable token. Even
  // a second short of its lifetime (whole-second expiries) and late, it arrives before the deadline.
  tokenLifetimeDuring(t, emu, 10);
  const { source, connectOnce, tally } = setup(t, { marginMs: 7_000, jitter: 0 });
  await connectOnce();
  emu.identity.fail({ status: 400, forMs: 60_000 });
  const requestsBefore = emu.identity.requests.msi;
  await sleep(source.stats().expiresOnTimestamp - 7_000 - Date.now());
  const started = Date.now();
  await churn(connectOnce, 3_000, 50);
  const duringOutage = emu.identity.requests.msi - requestsBefore;
  assert.ok(tally.failed >= 10, `${tally.failed} connections failed`);
  for (const error of tally.errors) {
    assert.equal(error.code, "TOKEN_ACQUISITION_FAILED");
    assert.ok(error.cause instanceof Error, "the credential's error is the cause");
  }
  const seconds = (Date.now() - started) / 1000;
  assert.ok(duringOutage <= Math.ceil(seconds) + 1, `${duringOutage} requests in ${seconds} s: at most one a second`);
  emu.identity.reset();
  await sleep(1_000);
  const failedBefore = tally.failed;
  await connectOnce();
  assert.equal(tally.failed, failedBefore, "the first connection after recovery succeeds");
});

test(
  "a hung identity endpoint never makes a caller wait while the token is valid, and is abandoned after timeoutMs",
  { timeout: 60_000 },
  async (t) => {
    // A 30 s token, refreshed from 1.5 s: the churn below stays far from its hard deadline even on a
    // loaded machine.
    tokenLifetimeDuring(t, emu, 30);
    const { source, tally, connectOnce } = setup(t, { timeoutMs: 500, refreshAt: 0.05, jitter: 0 });
    await connectOnce();
    emu.identity.hang();
    const waitedBefore = source.stats().waited;
    await churn(connectOnce, 3_000);
    const stats = source.stats();
    assert.equal(stats.waited, waitedBefore, "every caller was served from the cache");
    assert.ok(stats.failures >= 1, "the hung refresh was abandoned");
    emu.identity.reset();
    while (source.stats().consecutiveFailures > 0) await churn(connectOnce, 200);
    assert.deepEqual(tally.errors, []);
    assert.equal(
      source.stats().waited,
      waitedBefore,
      "a new attempt succeeded after the endpoint came back, in the background",
    );
  },
);

test("malformed identity answers become a typed error with the credential's error as cause", async (t) => {
  emu.identity.malformed({ count: 1 });
  const { source } = setup(t);
  const error = await source.getPassword().catch((e) => e);
  assert.equal(error.code, "TOKEN_ACQUISITION_FAILED");
  assert.ok(error.cause);
  emu.identity.reset();
});
