// tediousAuthentication outside a tedious login: which scopes its credential serves (the Azure SQL
// scope of the server's own cloud, another only when the app names it), and when it refuses to be
// used at all.
import { test } from "node:test";
import assert from "node:assert/strict";
import { tediousAuthentication, createMssqlPool, createTokenSource } from "entra-db-auth";
import { countingCredential } from "./helpers.mjs";

/** Each cloud's Azure SQL server and the one scope a server there may be given a token for. */
const CLOUDS = [
  ["orders.database.windows.net", "https://database.windows.net/.default"],
  ["orders.database.chinacloudapi.cn", "https://database.chinacloudapi.cn/.default"],
  ["orders.database.usgovcloudapi.net", "https://database.usgovcloudapi.net/.default"],
];
/** What a rogue or compromised server might name as its SPN. */
const FOREIGN_SCOPES = [
  "https://management.azure.com/.default",
  "https://storage.azure.com/.default",
  "https://vault.azure.net/.default",
  "https://ossrdbms-aad.database.windows.net/.default",
  "https://attacker.example/.default",
];
const strict = (server) => ({ server, options: { encrypt: "strict" } });

test("a server is given its own cloud's Azure SQL token, from one cache per cloud", async () => {
  const credential = countingCredential();
  for (const [server, scope] of CLOUDS) {
    const { type, options } = tediousAuthentication(strict(server), { credential });
    assert.equal(type, "token-credential");
    const first = await options.credential.getToken(scope);
    assert.equal((await options.credential.getToken([scope])).token, first.token);
  }
  assert.deepEqual(
    credential.scopes,
    CLOUDS.map(([, scope]) => scope),
  );
});

test("a server never obtains a token for another resource or another cloud: SCOPE_NOT_ALLOWED, no request", async () => {
  const credential = countingCredential();
  for (const [server, own] of [...CLOUDS, ["localhost", "https://database.windows.net/.default"]]) {
    const tokens = tediousAuthentication(strict(server), { credential }).options.credential;
    const others = [...FOREIGN_SCOPES, ...CLOUDS.map(([, scope]) => scope).filter((scope) => scope !== own)];
    for (const scope of others) {
      await assert.rejects(tokens.getToken(scope), { name: "ConfigurationError", code: "SCOPE_NOT_ALLOWED" });
    }
  }
  assert.equal(credential.calls, 0);
});

test("a scope the app names is the only one its servers get, whatever they ask for", async () => {
  const credential = countingCredential();
  const scope = "api://sql-proxy/.default";
  const named = tediousAuthentication(strict("orders.database.windows.net"), { credential, scope }).options.credential;
  await named.getToken("https://management.azure.com/.default");
  assert.deepEqual(credential.scopes, [scope]);
});

test('outside a tedious login, only encrypt: "strict" or loopback is trusted with a token', async () => {
  const credential = countingCredential();
  const scope = CLOUDS[0][1];
  for (const config of [{ server: "orders.database.windows.net" }, { host: "orders.database.windows.net" }]) {
    await assert.rejects(tediousAuthentication(config, { credential }).options.credential.getToken(scope), {
      code: "INSECURE_CONNECTION",
    });
  }
  await tediousAuthentication({ server: "localhost" }, { credential }).options.credential.getToken(scope);
  assert.equal(credential.calls, 1);
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

test("knex's and TypeORM's `host` is the server: encrypt false to a remote host is refused", () => {
  const credential = countingCredential();
  const remote = { host: "orders.database.windows.net", options: { encrypt: false } };
  assert.throws(() => tediousAuthentication(remote, { credential }), { code: "INSECURE_CONNECTION" });
  tediousAuthentication({ ...remote, host: "localhost" }, { credential });
});

test("trustServerCertificate: true to a remote server is refused, and the opt-in is named", () => {
  const credential = countingCredential();
  for (const config of [
    { server: "orders.database.windows.net", options: { trustServerCertificate: true } },
    { host: "orders.database.windows.net", trustServerCertificate: true, encrypt: "strict" },
  ]) {
    assert.throws(() => tediousAuthentication(config, { credential }), {
      code: "INSECURE_CONNECTION",
      message: /trustServerCertificate.*allowInsecure: true/,
    });
    assert.throws(() => createMssqlPool(config, { credential }), { code: "INSECURE_CONNECTION" });
    tediousAuthentication(config, { credential, allowInsecure: true });
  }
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
  const [[server, scope]] = CLOUDS;
  const source = createTokenSource({ credential, scope });
  const { options } = tediousAuthentication(strict(server), { credential: source });
  assert.equal((await options.credential.getToken(scope)).token, await source.getPassword());
  assert.equal(credential.calls, 1);
});
