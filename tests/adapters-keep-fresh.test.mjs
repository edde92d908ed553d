// A job that outlives its tokens, in bursts with idle gaps: a source kept fresh (keepFresh()) with
// gaps longer than a token lifetime, and a source merely in use with gaps that outlast the token in
// hand (its refresh window included, but within a lifetime of the last call), each answer every
// call but the very first from the cache with a token the server accepts; a source nobody uses
// stops refreshing.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import pg from "pg";
import { createTokenSource } from "entra-db-auth";
import {
  SHORT_LIFETIME_S,
  emulatorForTests,
  requestCeiling,
  sleep,
  sleepUntil,
  tokenLifetimeDuring,
} from "./helpers.mjs";

const CALLS_PER_BURST = 20;
let emu;
let identity;

before(async () => ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: SHORT_LIFETIME_S })));
after(() => emu?.close());

const newSource = () => createTokenSource({ credential: new identity.ManagedIdentityCredential() });

/** Logs in with the token; the front door checks its signature, audience and expiry. */
async function login(token) {
  const client = new pg.Client({ ...emu.pg, user: emu.principals.systemAssigned.role, password: token });
  await client.connect();
  await client.end();
}

async function burst(source) {
  for (let i = 0; i < CALLS_PER_BURST; i++) {
    const { expiresOnTimestamp } = await source.getToken();
    assert.ok(expiresOnTimestamp > Date.now());
  }
  await login(await source.getPassword());
}

/** `bursts` bursts, each after `idle()` but the first; returns what the source's stats say afterwards. */
async function job(source, bursts, idle) {
  await source.getPassword();
  for (let i = 0; i < bursts; i++) {
    if (i > 0) await idle(); // a long step that needs no token
    await burst(source);
  }
  return source.stats();
}

test("during a long job every getToken() but the first is served from the cache with a valid token", async () => {
  const rejected = emu.frontDoor.rejected;
  const kept = newSource().keepFresh();
  const inUse = newSource();
  const ceilings = [kept, inUse].map((source) => requestCeiling(source, SHORT_LIFETIME_S * 1000));
  const [keptBursts, inUseBursts] = [2, 3];
  const [keptStats, inUseStats] = await Promise.all([
    // Nobody asks for longer than a lifetime, so only keepFresh() can have refreshed the token.
    job(kept, keptBursts, () => sleep(SHORT_LIFETIME_S * 1000 + 500)),
    // The token in hand expires before the next call, so the source, in use, refreshed it on its own.
    job(inUse, inUseBursts, () => sleepUntil(inUse.stats().expiresOnTimestamp)),
  ]);
  kept.close();
  inUse.close();
  for (const [name, stats, bursts, ceiling] of [
    ["kept fresh, gaps over a lifetime", keptStats, keptBursts, ceilings[0]],
    ["in use, gaps past the token's expiry", inUseStats, inUseBursts, ceilings[1]],
  ]) {
    const calls = 1 + bursts * (CALLS_PER_BURST + 1);
    assert.deepEqual(
      { waited: stats.waited, servedFromCache: stats.servedFromCache, failures: stats.failures },
      { waited: 1, servedFromCache: calls - 1, failures: 0 },
      `${name}: only the very first call waited`,
    );
    const most = ceiling();
    assert.ok(stats.requests <= most, `${name}: ${stats.requests} requests, at most ${most} expected`);
  }
  assert.equal(emu.frontDoor.rejected - rejected, 0);
});

test("a source stops refreshing within two lifetimes of its last caller, and close() stops one kept fresh", async (t) => {
  // No login here, so short tokens are safe, and keep the wait short.
  const lifetimeMs = 6_000;
  tokenLifetimeDuring(t, emu, lifetimeMs / 1000);
  const inUse = newSource();
  t.after(() => inUse.close());
  const kept = newSource().keepFresh();
  for (let i = 0; i < CALLS_PER_BURST; i++) await Promise.all([inUse.getToken(), kept.getToken()]);
  const lastCall = Date.now();
  kept.close();
  const keptRequests = kept.stats().requests;
  // Calls served without asking the core reach it at its next wake-up, at the latest the token's
  // refresh point (76% of a lifetime); it stays in use for a lifetime after that.
  await sleepUntil(lastCall + 2 * lifetimeMs);
  const idleRequests = inUse.stats().requests;
  // A source still in use would refresh the token it holds before it expires.
  await sleepUntil(inUse.stats().expiresOnTimestamp);
  assert.equal(inUse.stats().requests, idleRequests, "an idle source makes no identity requests");
  assert.equal(kept.stats().requests, keptRequests, "close() stops the background refresh");
});

test("a process whose source keeps fresh still exits when its work is done", async () => {
  const script = `
    const { createTokenSource } = require("entra-db-auth");
    const credential = {
      async getToken() {
        return { token: "h.eyJ1cG4iOiJhQGIifQ.s", expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const source = createTokenSource({ credential }).keepFresh();
    source.getPassword().then(() => console.log(source.stats().requests));`;
  const { code, stdout } = await new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["-e", script],
      { cwd: new URL("..", import.meta.url), timeout: 10_000 },
      (error, stdout) => resolve({ code: error ? (error.code ?? error.signal) : 0, stdout }),
    );
    child.stdin.end();
  });
  assert.equal(code, 0, "exited by itself, not killed at the timeout");
  assert.equal(stdout.trim(), "1");
});
