// postgres.js with postgresJsOptions: the role from the token, and a `pass` function that every
// new connection calls, so connections opened after the first token expired log in with a new one.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import postgres from "postgres";
import { postgresJsOptions, ConfigurationError } from "entra-db-auth";
import {
  LONG_LIFETIME_S,
  SHORT_LIFETIME_S,
  countingCredential,
  emulatorForTests,
  exactSource,
  requestCeiling,
  sleepUntil,
  tokenLifetimeDuring,
} from "./helpers.mjs";

let emu;
let identity;

before(async () => ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: LONG_LIFETIME_S })));
after(() => emu?.close());

/** Runs `n` queries at once, so that postgres.js opens `n` connections; returns the roles. */
async function concurrentRoles(sql, n) {
  const results = await Promise.all(Array.from({ length: n }, () => sql`SELECT current_user AS role, pg_sleep(0.1)`));
  return results.map(([row]) => row.role);
}

test("postgres.js logs in as the role from the token; its connections share one identity request", async (t) => {
  const accepted = emu.frontDoor.accepted;
  const credential = exactSource(t, new identity.ManagedIdentityCredential(), emu.scope);
  const sql = postgres(await postgresJsOptions({ ...emu.pg, max: 4 }, { credential }));
  try {
    assert.deepEqual(await concurrentRoles(sql, 4), Array(4).fill(emu.principals.systemAssigned.role));
  } finally {
    await sql.end();
  }
  assert.equal(emu.frontDoor.accepted - accepted, 4);
  assert.equal(credential.stats().requests, 1);
});

test("a connection opened after the first token expired logs in with a fresh one", async (t) => {
  tokenLifetimeDuring(t, emu, SHORT_LIFETIME_S);
  const rejected = emu.frontDoor.rejected;
  const credential = exactSource(t, new identity.ManagedIdentityCredential(), emu.scope);
  const ceiling = requestCeiling(credential, SHORT_LIFETIME_S * 1000);
  // idle_timeout closes idle connections, so each round opens new ones and calls `pass` again.
  const sql = postgres(await postgresJsOptions({ ...emu.pg, max: 2, idle_timeout: 0.2 }, { credential }));
  try {
    assert.deepEqual(await concurrentRoles(sql, 2), Array(2).fill(emu.principals.systemAssigned.role));
    await sleepUntil(credential.stats().expiresOnTimestamp);
    assert.deepEqual(await concurrentRoles(sql, 2), Array(2).fill(emu.principals.systemAssigned.role));
  } finally {
    await sql.end();
  }
  // The first token, then at least its refresh at 75% of its lifetime; at most one per refresh since.
  const { requests } = credential.stats();
  const most = ceiling();
  assert.ok(requests >= 2 && requests <= most, `${requests} identity requests, at most ${most}`);
  assert.equal(emu.frontDoor.rejected - rejected, 0);
});

test("a configured user is kept, and postgresJsOptions never holds the token itself", async () => {
  const credential = countingCredential({ claims: { upn: "alice@contoso.com" } });
  const options = await postgresJsOptions({ host: "localhost", username: "db-admins" }, { credential });
  assert.equal(options.user, "db-admins");
  assert.equal(typeof options.pass, "function");
  assert.ok(!JSON.stringify(options).includes(await options.pass()), "the token is only behind `pass`");
  assert.equal((await postgresJsOptions({}, { credential })).user, "alice@contoso.com");
  assert.equal(credential.calls, 1);
});

test("ssl modes that may fall back to plain text, or that verify nothing, are refused off loopback", async () => {
  const credential = countingCredential();
  const host = "orders.postgres.database.azure.com";
  for (const ssl of [false, "disable", "allow", "prefer", "require", { rejectUnauthorized: false }]) {
    await assert.rejects(postgresJsOptions({ host, ssl }, { credential }), { code: "INSECURE_CONNECTION" }, `${ssl}`);
  }
  assert.equal(credential.calls, 0);
  for (const ssl of ["verify-full", true, { rejectUnauthorized: true }]) {
    assert.equal((await postgresJsOptions({ host, ssl }, { credential })).host, host);
  }
});

test("a URL given to postgres() is read for the host and sslmode, as postgres.js reads it", async () => {
  const credential = countingCredential();
  for (const url of [
    "postgres://orders.postgres.database.azure.com/orders",
    "postgres://app@orders.postgres.database.azure.com:5432/orders?sslmode=require",
    "postgres://orders.postgres.database.azure.com/orders?ssl=prefer",
    "postgres://u:p@orders.postgres.database.azure.com,replica.postgres.database.azure.com/orders",
  ]) {
    await assert.rejects(postgresJsOptions(url, { credential }), { code: "INSECURE_CONNECTION" }, url);
  }
  assert.equal(credential.calls, 0);
  const options = await postgresJsOptions(
    "postgres://app@orders.postgres.database.azure.com/orders?sslmode=verify-full",
    {
      credential,
    },
  );
  assert.deepEqual(Object.keys(options), ["user", "pass"]);
  assert.equal(options.user, "app");
  assert.equal((await postgresJsOptions("postgres://localhost/orders", { credential })).user, "alice@contoso.com");
});

const badCalls = [
  ["a config that is not an object", () => postgresJsOptions(42)],
  ["a URL postgres.js cannot read", () => postgresJsOptions("not a url")],
  ["options that are not an object", () => postgresJsOptions({}, 7)],
  ["a credential without getToken", () => postgresJsOptions({}, { credential: "token" })],
  ["an empty scope", () => postgresJsOptions({}, { scope: "" })],
  ["a non-string fallbackUsername", () => postgresJsOptions({}, { fallbackUsername: {} })],
  ["a host that is not a string", () => postgresJsOptions({ host: ["a", "b"] })],
];
for (const [what, call] of badCalls) {
  test(`postgresJsOptions with ${what} rejects with INVALID_ARGUMENT`, async () => {
    await assert.rejects(call(), (e) => e instanceof ConfigurationError && e.code === "INVALID_ARGUMENT");
  });
}
