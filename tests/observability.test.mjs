// keepFresh, stats, events, diagnostics channels, the Azure SDK logger and asTokenCredential.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import diagnosticsChannel from "node:diagnostics_channel";
import { once } from "node:events";
import { createTokenSource } from "entra-db-auth";
import { countingCredential, sleep } from "./helpers.mjs";

/**
 * Counts the timers set while `during()` runs: the real setTimeout, counted. A timer that spins
 * while a refresh is in flight shows up as one per millisecond.
 */
async function timersSetDuring(during) {
  const real = globalThis.setTimeout;
  let count = 0;
  globalThis.setTimeout = (...args) => {
    count += 1;
    return real(...args);
  };
  try {
    await during();
  } finally {
    globalThis.setTimeout = real;
  }
  return count;
}

test("keepFresh refreshes on schedule with no callers, and close stops it", { timeout: 20_000 }, async () => {
  const credential = countingCredential({ lifetimeMs: 1_000, delayMs: 100 });
  const source = createTokenSource({ credential, refreshAt: 0.5, jitter: 0 });
  const refreshes = [];
  source.on("refresh", (event) => refreshes.push(event.background));
  // keepFresh's timers are unref'd: the test itself must keep the process alive while it waits.
  const alive = setInterval(() => {}, 1_000);
  const timers = await timersSetDuring(async () => {
    source.keepFresh();
    while (refreshes.length < 4) await once(source, "refresh");
  });
  clearInterval(alive);
  assert.deepEqual(refreshes, [true, true, true, true], "all in the background, no caller involved");
  // Per refresh: the wake-up, the end of the fast path while it is in flight, the request's timeout
  // and the credential's own delay.
  assert.ok(timers <= 4 * 4 + 1, `${timers} timers for 4 refreshes of 100 ms each`);
  source.close();
  const calls = credential.calls;
  await sleep(500);
  assert.equal(credential.calls, calls);
});

test("keepFresh started while a caller's request is in flight waits for it instead of spinning", async () => {
  const credential = countingCredential({ delayMs: 300 });
  const source = createTokenSource({ credential });
  const first = source.getPassword();
  // The request is under way (its timeout and the credential's delay set) before timers are counted.
  while (credential.calls === 0) await new Promise(setImmediate);
  const timers = await timersSetDuring(async () => {
    source.keepFresh();
    await first;
  });
  source.close();
  assert.ok(timers <= 2, `${timers} timers during a 300 ms request`);
  assert.equal(credential.calls, 1);
});

test("invalidate() during a background refresh waits for it instead of spinning", async () => {
  let refreshing;
  const started = new Promise((resolve) => (refreshing = resolve));
  const credential = countingCredential({
    lifetimeMs: 1_000,
    answer: async (call) => {
      if (call === 2) {
        refreshing();
        await sleep(300);
      }
      return { token: `token-${call}`, expiresOnTimestamp: Date.now() + 1_000 };
    },
  });
  const source = createTokenSource({ credential, refreshAt: 0.2, jitter: 0 });
  const token = await source.getPassword();
  const alive = setInterval(() => {}, 1_000);
  source.keepFresh();
  await started;
  const timers = await timersSetDuring(async () => {
    assert.equal(source.invalidate(token), true);
    await once(source, "refresh");
  });
  clearInterval(alive);
  source.close();
  assert.ok(timers <= 2, `${timers} timers during a 300 ms refresh`);
});

test("a process that keeps a source fresh still exits when its work is done", () => {
  const script = `
    import { createTokenSource } from "entra-db-auth";
    const credential = { async getToken() { return { token: "t", expiresOnTimestamp: Date.now() + 3600e3 }; } };
    const source = createTokenSource({ credential }).keepFresh();
    await source.getPassword();
    console.log("done");`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 20_000,
  });
  assert.equal(child.error, undefined, "exited by itself");
  assert.equal(child.stdout.trim(), "done");
});

test("stats count requests, cache hits and waits, never holding the token", async () => {
  const credential = countingCredential();
  const source = createTokenSource({ credential });
  await Promise.all([source.getPassword(), source.getPassword()]);
  await source.getPassword();
  const stats = source.stats();
  assert.equal(stats.requests, 1);
  assert.equal(stats.waited, 2);
  assert.equal(stats.servedFromCache, 1);
  assert.equal(stats.failures, 0);
  assert.ok(stats.expiresOnTimestamp > Date.now());
  assert.ok(!JSON.stringify(stats).includes(await source.getPassword()));
});

test("refresh and error events and diagnostics channels report each credential call", async () => {
  let fail = false;
  const credential = countingCredential({
    answer: () => {
      if (fail) throw new Error("boom");
      return { token: "opaque", expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  });
  const source = createTokenSource({ credential });
  const seen = [];
  const onRefresh = (m) => seen.push(["channel:refresh", m.scope]);
  const onError = (m) => seen.push(["channel:error", m.error.code]);
  diagnosticsChannel.subscribe("entra-db-auth:refresh", onRefresh);
  diagnosticsChannel.subscribe("entra-db-auth:error", onError);
  source.on("refresh", (e) => seen.push(["refresh", typeof e.durationMs]));
  try {
    await source.getPassword();
    source.invalidate("opaque");
    fail = true;
    await assert.rejects(source.getPassword(), { code: "TOKEN_ACQUISITION_FAILED" });
    source.on("error", (e) => seen.push(["error", e.code]));
    await sleep(1_100);
    await assert.rejects(source.getPassword(), { code: "TOKEN_ACQUISITION_FAILED" });
  } finally {
    diagnosticsChannel.unsubscribe("entra-db-auth:refresh", onRefresh);
    diagnosticsChannel.unsubscribe("entra-db-auth:error", onError);
  }
  assert.deepEqual(seen, [
    ["channel:refresh", source.scope],
    ["refresh", "number"],
    ["channel:error", "TOKEN_ACQUISITION_FAILED"],
    ["channel:error", "TOKEN_ACQUISITION_FAILED"],
    ["error", "TOKEN_ACQUISITION_FAILED"],
  ]);
});

test("with AZURE_LOG_LEVEL=verbose, refreshes and failures are logged without the token", () => {
  const script = `
    import { createTokenSource } from "entra-db-auth";
    let n = 0;
    const credential = { async getToken() {
      if (++n === 2) throw new Error("identity endpoint unavailable");
      return { token: "SECRET-TOKEN-VALUE-" + n, expiresOnTimestamp: Date.now() + 3600e3 };
    } };
    const source = createTokenSource({ credential });
    const token = await source.getPassword();
    source.invalidate(token);
    await source.getPassword().catch(() => {});`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { ...process.env, AZURE_LOG_LEVEL: "verbose" },
  });
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stderr, /entra-db-auth:verbose requesting a token/);
  assert.match(child.stderr, /entra-db-auth:info token for \S+ obtained in \d+ ms; expires/);
  assert.match(child.stderr, /entra-db-auth:info token for \S+ invalidated/);
  assert.match(
    child.stderr,
    /entra-db-auth:warning token request for \S+ failed \(1 in a row.*identity endpoint unavailable; next attempt from/,
  );
  assert.doesNotMatch(child.stderr, /SECRET-TOKEN/);
});

test("asTokenCredential serves Azure SDK clients from the same cache, for its own scope only, honouring abort signals", async () => {
  const credential = countingCredential();
  const source = createTokenSource({ credential });
  const asCredential = source.asTokenCredential();
  const a = await asCredential.getToken(source.scope);
  const b = await asCredential.getToken([source.scope], {});
  assert.equal(a.token, await source.getPassword());
  assert.equal(b.token, a.token);
  assert.equal(typeof a.expiresOnTimestamp, "number");
  assert.equal(credential.calls, 1);
  await assert.rejects(asCredential.getToken("https://storage.azure.com/.default"), { code: "SCOPE_NOT_ALLOWED" });
  assert.deepEqual(credential.scopes, [source.scope]);
  const fresh = createTokenSource({ credential: countingCredential({ delayMs: 1_000 }) }).asTokenCredential();
  await assert.rejects(fresh.getToken(source.scope, { abortSignal: AbortSignal.abort() }), { name: "AbortError" });
  await assert.rejects(asCredential.getToken(["a", "b"]), { code: "INVALID_ARGUMENT" });
});
