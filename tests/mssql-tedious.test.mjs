// tediousAuthentication without a server: which scopes its credential serves (Azure SQL's in every
// cloud, another only when the app names it), and when it refuses to be used at all.
import { test } from "node:test";
import assert from "node:assert/strict";
import { tediousAuthentication, createMssqlPool, createTokenSource } from "entra-db-auth";
import { countingCredential } from "./helpers.mjs";

const SCOPES = [
  "https://database.windows.net/.default",
  "https://database.chinacloudapi.cn/.default",
  "https://database.usgovcloudapi.net/.default",
];

test("the credential serves the scope tedious asks for, in the public and sovereign clouds, from one cache each", async () => {
  const credential = countingCredential();
  const { type, options } = tediousAuthentication({ server: "orders.database.windows.net" }, { credential });
  assert.equal(type, "token-credential");
  for (const scope of SCOPES) {
    const first = await options.credential.getToken(scope);
    const second = await options.credential.getToken(scope);
    assert.equal(first.token, second.token);
  }
  assert.deepEqual(credential.scopes, SCOPES);
});

test("a server that asks for another resource's token gets none, unless the app names that scope", async () => {
  const credential = countingCredential();
  const { options } = tediousAuthentication({}, { credential });
  await assert.rejects(options.credential.getToken("https://management.azure.com/.default"), {
    code: "INVALID_ARGUMENT",
    message: /not Azure SQL's/,
  });
  assert.equal(credential.calls, 0);
  const scope = "api://sql-proxy/.default";
  const named = tediousAuthentication({}, { credential, scope }).options.credential;
  await named.getToken("https://management.azure.com/.default");
  assert.deepEqual(credential.scopes, [scope]);
});

test("encrypt: false is refused for a remote server, allowed on loopback or with allowInsecure", () => {
  const credential = countingCredential();
  const remote = { server: "orders.database.windows.net", options: { encrypt: false } };
  assert.throws(() => tediousAuthentication(remote, { credential }), { code: "INSECURE_CONNECTION" });
  assert.throws(() => tediousAuthentication({ ...remote, options: undefined, encrypt: false }, { credential }), {
    code: "INSECURE_CONNECTION",
  });
  assert.throws(() => createMssqlPool(remote, { credential }), { code: "INSECURE_CONNECTION" });
  tediousAuthentication({ server: "127.0.0.1", options: { encrypt: false } }, { credential });
  tediousAuthentication(remote, { credential, allowInsecure: true });
  tediousAuthentication({ server: "orders.database.windows.net" }, { credential }); // tedious' default: true
});

test("bad arguments throw INVALID_ARGUMENT", () => {
  assert.throws(() => tediousAuthentication(null), { code: "INVALID_ARGUMENT" });
  assert.throws(() => tediousAuthentication({ server: 42 }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => tediousAuthentication({}, { credential: {} }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => createMssqlPool({ authentication: { type: "default" } }), {
    code: "INVALID_ARGUMENT",
    message: /config.authentication is set by createMssqlPool/,
  });
  assert.throws(() => createMssqlPool({ maxLifetimeSeconds: 0 }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => createMssqlPool({}, { scope: "" }), { code: "INVALID_ARGUMENT" });
});

test("a TokenSource given as the credential is used for its own scope", async () => {
  const credential = countingCredential();
  const source = createTokenSource({ credential, scope: SCOPES[0] });
  const { options } = tediousAuthentication({}, { credential: source });
  assert.equal((await options.credential.getToken(SCOPES[0])).token, await source.getPassword());
  assert.equal(credential.calls, 1);
});
