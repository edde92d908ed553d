// keepFresh() for a job that outlives its tokens: work in bursts with idle gaps longer than a token
// lifetime, where every call is answered from the cache with a token the server accepts, while a
// source that is not kept fresh has to wait after each gap. Short tokens make it run in seconds.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import pg from "pg";
import { createTokenSource } from "entra-db-auth";
import { emulatorForTests, sleep } from "./helpers.mjs";

const LIFETIME_S = 2;
const BURSTS = 3;
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

test("during a long job every getToken() is served from the cache with a valid token", async () => {
  const rejected = emu.frontDoor.rejected;
  const started = Date.now();
  const kept = createTokenSource({ credential: new identity.ManagedIdentityCredential() });
  // Whole-second expiries make a token's real lifetime up to a second shorter than configured.
  let shortestLifetime = Infinity;
  kept.on("refresh", ({ expiresOnTimestamp }) => {
    shortestLifetime = Math.min(shortestLifetime, expiresOnTimestamp - Date.now());
  });
  kept.keepFresh();
  const notKept = createTokenSource({ credential: new identity.ManagedIdentityCredential() });
  await Promise.all([kept.getPassword(), notKept.getPassword()]);
  for (let i = 0; i < BURSTS; i++) {
    if (i > 0) await sleep(LIFETIME_S * 1000 + 500); // a long step that needs no token
    await Promise.all([burst(kept), burst(notKept)]);
  }
  const calls = 1 + BURSTS * (CALLS_PER_BURST + 1);
  assert.deepEqual(
    { waited: kept.stats().waited, servedFromCache: kept.stats().servedFromCache, failures: kept.stats().failures },
    { waited: 1, servedFromCache: calls - 1, failures: 0 },
    "only the very first call waited",
  );
  const { requests } = kept.stats();
  // No token is refreshed before half its lifetime: a refresh that ran more often is a broken cache.
  const most = 1 + Math.ceil((Date.now() - started) / (0.5 * shortestLifetime));
  assert.ok(requests >= BURSTS + 1, `${requests} requests: it refreshed in the background at least once per lifetime`);
  assert.ok(requests <= most, `${requests} requests, at most ${most} expected`);
  assert.equal(notKept.stats().waited, BURSTS, "without keepFresh, the first call after each gap waits");
  assert.equal(emu.frontDoor.rejected - rejected, 0);

  kept.close();
  await sleep(LIFETIME_S * 1000);
  assert.equal(kept.stats().requests, requests, "close() stops the background refresh");
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
