// asTokenCredential() against the TokenCredential contract of @azure/core-auth, and inside the Azure
// SDK's own bearer token policy (what every Azure SDK client sends its requests through).
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { isTokenCredential } from "@azure/core-auth";
import { bearerTokenAuthenticationPolicy, createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import { createTokenSource, ConfigurationError } from "entra-db-auth";
import { countingCredential, requestCeiling, sleepUntil } from "./helpers.mjs";

const DB_SCOPE = "https://ossrdbms-aad.database.windows.net/.default";
const STORAGE_SCOPE = "https://storage.azure.com/.default";

test("asTokenCredential() is a TokenCredential to @azure/core-auth", () => {
  assert.equal(isTokenCredential(createTokenSource({ credential: countingCredential() }).asTokenCredential()), true);
});

test("a scope as a string or a one-element array gets the cached token, with one credential call", async () => {
  const credential = countingCredential();
  const tokenCredential = createTokenSource({ credential }).asTokenCredential();
  const fromString = await tokenCredential.getToken(DB_SCOPE);
  const fromArray = await tokenCredential.getToken([DB_SCOPE]);
  assert.equal(fromArray.token, fromString.token);
  assert.equal(fromString.tokenType, "Bearer");
  assert.deepEqual(credential.scopes, [DB_SCOPE]);
});

test("another scope is refused with SCOPE_NOT_ALLOWED, and the credential is not asked", async () => {
  const credential = countingCredential();
  const tokenCredential = createTokenSource({ credential }).asTokenCredential();
  for (const scope of [
    STORAGE_SCOPE,
    "https://management.azure.com/.default",
    "https://database.windows.net/.default",
  ]) {
    await assert.rejects(tokenCredential.getToken(scope), { name: "ConfigurationError", code: "SCOPE_NOT_ALLOWED" });
  }
  await assert.rejects(tokenCredential.getToken(STORAGE_SCOPE, { claims: "{}" }), { code: "SCOPE_NOT_ALLOWED" });
  assert.equal(credential.calls, 0);
});

const badScopes = [
  ["two scopes", [DB_SCOPE, STORAGE_SCOPE]],
  ["no scope", []],
  ["an empty scope", ""],
  ["a number", 42],
];
for (const [what, scopes] of badScopes) {
  test(`getToken with ${what} rejects with INVALID_ARGUMENT`, async () => {
    const tokenCredential = createTokenSource({ credential: countingCredential() }).asTokenCredential();
    await assert.rejects(
      tokenCredential.getToken(scopes),
      (e) => e instanceof ConfigurationError && e.code === "INVALID_ARGUMENT",
    );
  });
}

test("an aborted signal abandons the caller's wait, not the shared refresh", async () => {
  const credential = countingCredential({ delayMs: 100 });
  const tokenCredential = createTokenSource({ credential }).asTokenCredential();
  const controller = new AbortController();
  const abandoned = tokenCredential.getToken(DB_SCOPE, { abortSignal: controller.signal });
  const patient = tokenCredential.getToken(DB_SCOPE);
  controller.abort();
  await assert.rejects(abandoned, { name: "AbortError" });
  await assert.rejects(
    tokenCredential.getToken(DB_SCOPE, { abortSignal: AbortSignal.abort() }),
    { name: "AbortError" },
    "already aborted",
  );
  assert.equal(typeof (await patient).token, "string");
  assert.equal(credential.calls, 1);
});

test("claims (a CAE challenge) and tenantId go to the credential itself, past the cache", async () => {
  const credential = countingCredential();
  const tokenCredential = createTokenSource({ credential }).asTokenCredential();
  const cached = await tokenCredential.getToken(DB_SCOPE);
  const challenged = await tokenCredential.getToken(DB_SCOPE, { claims: '{"access_token":{}}' });
  const otherTenant = await tokenCredential.getToken(DB_SCOPE, { tenantId: "other-tenant" });
  assert.equal(new Set([cached.token, challenged.token, otherTenant.token]).size, 3);
  assert.equal(credential.options[1].claims, '{"access_token":{}}');
  assert.equal(credential.options[2].tenantId, "other-tenant");
  assert.equal((await tokenCredential.getToken(DB_SCOPE)).token, cached.token, "the cache is untouched");
});

test("expiresOnTimestamp is the token's own expiry, and an expiring token is never handed out", async () => {
  const credential = countingCredential({ lifetimeMs: 1_000 });
  const source = createTokenSource({ credential, jitter: 0 });
  const ceiling = requestCeiling(source, 1_000);
  const tokenCredential = source.asTokenCredential();
  const before = Date.now();
  const first = await tokenCredential.getToken(DB_SCOPE);
  assert.ok(first.expiresOnTimestamp >= before + 1_000 && first.expiresOnTimestamp <= Date.now() + 1_000);
  assert.ok(first.refreshAfterTimestamp > before && first.refreshAfterTimestamp < first.expiresOnTimestamp);
  // Past the margin before expiry (10% of the lifetime), the first token is not handed out (the
  // source in use has refreshed it at 75%).
  await sleepUntil(first.expiresOnTimestamp - 90);
  const second = await tokenCredential.getToken(DB_SCOPE);
  assert.notEqual(second.token, first.token);
  assert.ok(second.expiresOnTimestamp > first.expiresOnTimestamp, "a newer token");
  await sleepUntil(second.expiresOnTimestamp);
  const third = await tokenCredential.getToken(DB_SCOPE);
  assert.ok(third.expiresOnTimestamp > second.expiresOnTimestamp, "after expiry, a new token");
  // Three tokens at least; however late this test's timers fire, no more than one per refresh.
  const most = ceiling();
  assert.ok(credential.calls >= 3 && credential.calls <= most, `${credential.calls} calls, at most ${most}`);
});

/** The Azure SDK's bearer token policy, sending to a stub that answers 200 instead of the network. */
function azureSdkClient(tokenCredential) {
  const policy = bearerTokenAuthenticationPolicy({ credential: tokenCredential, scopes: STORAGE_SCOPE });
  const sent = [];
  const send = () =>
    policy.sendRequest(
      createPipelineRequest({ url: "https://account.blob.core.windows.net/container" }),
      async (request) => {
        sent.push(request.headers.get("authorization"));
        return { request, status: 200, headers: createHttpHeaders() };
      },
    );
  return { send, sent };
}

test("an Azure SDK client's requests carry the cached token and move to the new one after the refresh point", async () => {
  const credential = countingCredential({ lifetimeMs: 1_500, delayMs: 20 });
  // No jitter: the first token refreshes at exactly 75%, the second not before the first expires.
  const source = createTokenSource({ credential, scope: STORAGE_SCOPE, jitter: 0 });
  const ceiling = requestCeiling(source, 1_500);
  const client = azureSdkClient(source.asTokenCredential());
  await Promise.all(Array.from({ length: 20 }, client.send));
  assert.equal(new Set(client.sent).size, 1, "20 requests, one cached token");
  const first = source.stats();
  // The source's timer is unref'd: the test itself keeps the process alive while it waits.
  const alive = setInterval(() => {}, 1_000);
  const [{ background }] = await once(source, "refresh");
  clearInterval(alive);
  assert.ok(background && Date.now() >= first.refreshAfterTimestamp, "the source in use refreshed by itself");
  await client.send();
  await sleepUntil(first.expiresOnTimestamp);
  await client.send();
  assert.ok(client.sent.every((header) => header.startsWith("Bearer ey")));
  assert.notEqual(client.sent.at(-1), client.sent[0]);
  assert.equal(client.sent.at(-1), `Bearer ${await source.getPassword()}`, "after expiry, the new token");
  const most = ceiling();
  assert.ok(credential.calls <= most, `${credential.calls} calls, at most ${most}`);
});

test("a CAE claims challenge from the service reaches the credential, and the retried request carries its token", async () => {
  const credential = countingCredential();
  const source = createTokenSource({ credential, scope: STORAGE_SCOPE });
  const claims = Buffer.from('{"access_token":{"nbf":{"essential":true,"value":"1"}}}').toString("base64");
  const challenge = `Bearer authorization_uri="https://login.example", error="insufficient_claims", claims="${claims}"`;
  const policy = bearerTokenAuthenticationPolicy({ credential: source.asTokenCredential(), scopes: STORAGE_SCOPE });
  const sent = [];
  const response = await policy.sendRequest(
    createPipelineRequest({ url: "https://account.blob.core.windows.net/container" }),
    async (request) => {
      sent.push(request.headers.get("authorization"));
      const challenged = sent.length === 1;
      const headers = createHttpHeaders(challenged ? { "www-authenticate": challenge } : {});
      return { request, status: challenged ? 401 : 200, headers };
    },
  );
  assert.equal(response.status, 200);
  assert.equal(credential.calls, 2);
  assert.equal(credential.options[1].claims, Buffer.from(claims, "base64").toString());
  assert.notEqual(sent[1], sent[0], "the retry carries the token issued for the claims");
});
