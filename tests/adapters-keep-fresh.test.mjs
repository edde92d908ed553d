// A job that outlives its tokens, in bursts with idle gaps: a source kept fresh (keepFresh()) with
// gaps longer than a token lifetime, and a source merely in use with gaps wider than the refresh
// window (but within a lifetime), each answer every call but the very first from the cache with a
// token the server accepts; a source nobody uses stops refreshing. Short tokens make it run in seconds.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import pg from "pg";
import { createTokenSource } from "entra-db-auth";
import { emulatorForTests, sleep } from "./helpers.mjs";

const LIFETIME_S = 2;
const CALLS_PER_BURST = 20;
let emu;
let identity;

before(async () => ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: LIFETIME_S })));
after(() => emu?.close());

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

/** `bursts` bursts `gapMs` apart; returns what the source's stats say afterwards. */
async function job(source, bursts, gapMs) {
  await source.getPassword();
  for (let i = 0; i < bursts; i++) {
    if (i > 0) await sleep(gapMs); // a long step that needs no token
    await burst(source);
  }
  return source.stats();
}

test("during a long job every getToken() but the first is served from the cache with a valid token", async () => {
  const rejected = emu.frontDoor.rejected;
  const started = Date.now();
  const newSource = () => createTokenSource({ credential: new identity.ManagedIdentityCredential() });
  const kept = newSource().keepFresh();
  const inUse = newSource();
  // Whole-second expiries make a token's real lifetime up to a second shorter than configured.
  let shortestLifetime = Infinity;
  for (const source of [kept, inUse]) {
    source.on("refresh", ({ expiresOnTimestamp }) => {
      shortestLifetime = Math.min(shortestLifetime, expiresOnTimestamp - Date.now());
    });
  }
  const LONG_GAPS = 3;
  const SHORT_GAPS = 6;
  const [keptStats, inUseStats] = await Promise.all([
    job(kept, LONG_GAPS, LIFETIME_S * 1000 + 500),
    job(inUse, SHORT_GAPS, LIFETIME_S * 600),
  ]);
  for (const [name, stats, bursts] of [
    ["kept fresh, gaps over a lifetime", keptStats, LONG_GAPS],
    ["in use, gaps over the refresh window", inUseStats, SHORT_GAPS],
  ]) {
    const calls = 1 + bursts * (CALLS_PER_BURST + 1);
    assert.deepEqual(
      { waited: stats.waited, servedFromCache: stats.servedFromCache, failures: stats.failures },
      { waited: 1, servedFromCache: calls - 1, failures: 0 },
      `${name}: only the very first call waited`,
    );
    // No token is refreshed before half its lifetime: a refresh that ran more often is a broken cache.
    const most = 1 + Math.ceil((Date.now() - started) / (0.5 * shortestLifetime));
    assert.ok(stats.requests <= most, `${name}: ${stats.requests} requests, at most ${most} expected`);
  }
  assert.equal(emu.frontDoor.rejected - rejected, 0);

  // Idle: the source in use stops within a lifetime or two of its last caller; close() stops the other.
  kept.close();
  const keptRequests = kept.stats().requests;
  await sleep(LIFETIME_S * 2000);
  const idleRequests = inUse.stats().requests;
  await sleep(LIFETIME_S * 1500);
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
