import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import diagnosticsChannel from "node:diagnostics_channel";
import { createTokenSource, UsernameError } from "entra-db-auth";
import { countingCredential, exactSource, fakeJwt, sleep } from "./helpers.mjs";

test("1,000 concurrent callers on a cold cache make exactly one getToken call", async () => {
  const credential = countingCredential({ delayMs: 20 });
  const source = createTokenSource({ credential });
  const passwords = await Promise.all(Array.from({ length: 1000 }, () => source.getPassword()));
  assert.equal(credential.calls, 1);
  assert.equal(new Set(passwords).size, 1);
});

test("a warm cache answers without calling the credential again", async () => {
  const credential = countingCredential();
  const source = createTokenSource({ credential });
  const first = await source.getPassword();
  for (let i = 0; i < 10_000; i++) assert.equal(await source.getPassword(), first);
  assert.equal(credential.calls, 1);
});

test("past the refresh point the old token is handed out at once while one refresh runs", async () => {
  const credential = countingCredential({ lifetimeMs: 2_000, delayMs: 100 });
  const source = createTokenSource({ credential, refreshAt: 0.1, jitter: 0 });
  const first = await source.getPassword();
  await sleep(250);
  const started = Date.now();
  const during = await Promise.all(Array.from({ length: 50 }, () => source.getPassword()));
  assert.ok(Date.now() - started < 50, "callers did not wait for the refresh");
  assert.deepEqual(new Set(during), new Set([first]));
  assert.equal(credential.calls, 2, "one background refresh");
  await sleep(150);
  assert.notEqual(await source.getPassword(), first);
  assert.equal(credential.calls, 2);
});

test("from the moment a refresh lands, callers get the new token with its own expiry", async (t) => {
  const credential = countingCredential({ lifetimeMs: 1_000 });
  const source = exactSource(t, credential);
  const first = await source.getPassword();
  assert.equal(await source.getPassword(), first, "the fast path is on");
  // A caller in a "refresh" listener comes before anything else runs after the token landed.
  const inListener = new Promise((resolve) => source.once("refresh", () => resolve(source.getToken())));
  const alive = setInterval(() => {}, 1_000); // the source's timer is unref'd
  const { token, expiresOnTimestamp } = await inListener;
  clearInterval(alive);
  assert.notEqual(token, first);
  assert.deepEqual([token, expiresOnTimestamp], [await source.getPassword(), source.stats().expiresOnTimestamp]);
});

test("the scope is passed to the credential with an abort signal", async () => {
  const credential = countingCredential();
  const scope = "https://ossrdbms-aad.database.usgovcloudapi.net/.default";
  await createTokenSource({ credential, scope }).getPassword();
  assert.deepEqual(credential.scopes, [scope]);
  assert.ok(credential.options[0].abortSignal instanceof AbortSignal);
});

test("getToken returns an AccessToken with the expiry and refresh point", async () => {
  const credential = countingCredential({ lifetimeMs: 3_600_000 });
  const source = createTokenSource({ credential, jitter: 0 });
  const before = Date.now();
  const accessToken = await source.getToken();
  assert.equal(accessToken.tokenType, "Bearer");
  assert.ok(Math.abs(accessToken.expiresOnTimestamp - (before + 3_600_000)) < 1000);
  assert.ok(Math.abs(accessToken.refreshAfterTimestamp - (before + 2_700_000)) < 1000);
});

test("the username comes from the claims, an explicit one wins, fallback and PGUSER follow", async () => {
  const mirid =
    "/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders-id";
  const uami = createTokenSource({ credential: countingCredential({ claims: { xms_mirid: mirid, appid: "guid" } }) });
  assert.equal(await uami.getUsername(), "orders-id");
  assert.deepEqual(await uami.describeUsername(), { name: "orders-id", source: "xms_mirid" });
  assert.equal(await uami.getUsername({ username: "db-admins" }), "db-admins");
  const sp = createTokenSource({ credential: countingCredential({ claims: { appid: "3f2a", idtyp: "app" } }) });
  assert.equal(await sp.getUsername({ allowAppId: true }), "3f2a");
  assert.equal(await sp.getUsername({ fallbackUsername: "app-role" }), "app-role");
  process.env.PGUSER = "from-env";
  try {
    assert.equal(await sp.getUsername(), "from-env");
  } finally {
    delete process.env.PGUSER;
  }
  await assert.rejects(
    sp.getUsername(),
    (e) => e instanceof UsernameError && e.code === "NO_USERNAME" && /upn/.test(e.message),
  );
});

test("a token that is not a JWT still works as a password but names no user", async () => {
  const credential = countingCredential({
    answer: () => ({ token: "opaque-token-value", expiresOnTimestamp: Date.now() + 3_600_000 }),
  });
  const source = createTokenSource({ credential });
  assert.equal(await source.getPassword(), "opaque-token-value");
  await assert.rejects(source.getUsername(), (e) => e.code === "NO_USERNAME" && /not a JWT/.test(e.message));
  assert.equal(await source.getUsername({ fallbackUsername: "svc" }), "svc");
});

test("after a failure, callers fail fast until the backoff ends, then the next one fetches", async () => {
  let fail = true;
  const credential = countingCredential({
    answer: () => {
      if (fail) throw new Error("endpoint down");
      return { token: fakeJwt({ upn: "a" }), expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  });
  const source = createTokenSource({ credential });
  await assert.rejects(source.getPassword(), { code: "TOKEN_ACQUISITION_FAILED" });
  const fast = await Promise.allSettled(Array.from({ length: 20 }, () => source.getPassword()));
  assert.deepEqual(
    fast.map((r) => r.reason?.code),
    Array(20).fill("TOKEN_ACQUISITION_FAILED"),
    "every caller failed with the last failure's code",
  );
  assert.equal(credential.calls, 1, "and none of them called the credential");
  fail = false;
  await sleep(1_050);
  assert.ok(await source.getPassword());
});

test("a hung credential is abandoned after timeoutMs with its signal aborted", async () => {
  let signal;
  const credential = {
    calls: 0,
    getToken(_scope, options) {
      this.calls += 1;
      signal = options.abortSignal;
      return new Promise(() => {});
    },
  };
  const source = createTokenSource({ credential, timeoutMs: 50 });
  await assert.rejects(source.getPassword(), { code: "TOKEN_REQUEST_TIMEOUT" });
  assert.equal(signal.aborted, true);
});

test("a credential that fails after close() changes nothing that callers or monitors see", async () => {
  let called;
  const asked = new Promise((resolve) => (called = resolve));
  const credential = {
    async getToken() {
      await new Promise((fail) => called(fail));
      throw new Error("identity endpoint unavailable");
    },
  };
  const source = createTokenSource({ credential });
  const seen = [];
  source.on("error", (error) => seen.push(`error event: ${error.code}`));
  const onError = ({ error }) => seen.push(`channel: ${error.code}`);
  diagnosticsChannel.subscribe("entra-db-auth:error", onError);
  try {
    const pending = source.getPassword();
    const fail = await asked;
    source.close();
    fail();
    await assert.rejects(pending, { code: "TOKEN_ACQUISITION_FAILED" });
  } finally {
    diagnosticsChannel.unsubscribe("entra-db-auth:error", onError);
  }
  const { failures, consecutiveFailures, retryAfterTimestamp } = source.stats();
  assert.deepEqual(
    { seen, failures, consecutiveFailures, retryAfterTimestamp },
    {
      seen: [],
      failures: 0,
      consecutiveFailures: 0,
      retryAfterTimestamp: undefined,
    },
  );
});

test("invalidate drops the current token once, so the next caller gets a fresh one", async () => {
  const credential = countingCredential();
  const source = createTokenSource({ credential });
  const first = await source.getPassword();
  assert.equal(source.invalidate("some other token"), false);
  assert.equal(source.invalidate(first), true);
  const second = await source.getPassword();
  assert.notEqual(second, first);
  assert.equal(source.invalidate(second), false, "at most one forced refresh per 30 s");
  assert.equal(credential.calls, 2);
});

test("util.inspect shows the state with the token redacted", async () => {
  const source = createTokenSource({ credential: countingCredential() });
  const token = await source.getPassword();
  const shown = inspect(source, { depth: 5, showHidden: true });
  assert.match(shown, /TokenSource/);
  assert.match(shown, /\[redacted\]/);
  assert.ok(!shown.includes(token.slice(0, 20)) && !shown.includes(token.split(".")[1].slice(0, 20)));
});

test("after the event loop stalls past a token's expiry, the next caller gets a new token, not the expired one", async () => {
  // A synchronous stall: no timer can run, so only the clock can end the fast path.
  const credential = countingCredential({ lifetimeMs: 1_000, delayMs: 1 });
  const source = createTokenSource({ credential, jitter: 0 });
  const first = await source.getPassword();
  await new Promise((resolve) => setImmediate(resolve)); // the token has settled: the fast path is on
  assert.equal(await source.getPassword(), first);
  const { expiresOnTimestamp } = source.stats();
  while (Date.now() <= expiresOnTimestamp);
  const second = await source.getPassword();
  assert.notEqual(second, first, "the expired token was handed out");
  assert.equal(credential.calls, 2);
  source.close();
});
