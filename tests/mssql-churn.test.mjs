// Three token lifetimes of queries through createMssqlPool while the emulator re-validates sessions
// the way Azure SQL does (a session whose token has expired answers only 37396): connections
// retire before their tokens expire, and no query fails. Short tokens make it run in about a minute.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createMssqlPool, createTokenSource } from "entra-db-auth";
import { SHORT_LIFETIME_S, emulatorForTests, requestCeiling, sleep } from "./helpers.mjs";

const LIFETIMES = 3;
let emu;
let identity;

before(async () => {
  ({ emu, identity } = await emulatorForTests({
    tokenLifetimeSeconds: SHORT_LIFETIME_S,
    sqlServer: { revalidateSessionsMs: 100 },
  }));
});
after(() => emu?.close());

test("three token lifetimes of churn through createMssqlPool with session re-validation: zero failed queries", async () => {
  const source = createTokenSource({ credential: new identity.ManagedIdentityCredential(), scope: emu.sqlScope });
  const ceiling = requestCeiling(source, SHORT_LIFETIME_S * 1000);
  const lifetimes = [];
  source.on("refresh", ({ expiresOnTimestamp }) => lifetimes.push(expiresOnTimestamp - Date.now()));
  // The connect timeout is also how long before its token's expiry a connection retires (SqlClient's
  // rule): 3 s covers a login, and a query on a connection acquired just before then, on a loaded machine.
  const pool = await createMssqlPool(
    { ...emu.sqlServer, connectionTimeout: 3000, pool: { max: 4 } },
    { credential: source },
  ).connect();
  const acceptedBefore = emu.tds.accepted;
  const errors = [];
  let queries = 0;
  const end = Date.now() + LIFETIMES * SHORT_LIFETIME_S * 1000;
  while (Date.now() < end) {
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => pool.request().query("SELECT SUSER_SNAME() AS login")),
    );
    for (const result of results) {
      queries += 1;
      if (result.status === "rejected") errors.push(result.reason);
    }
    await sleep(25);
  }
  await pool.close();
  const { requests } = source.stats();
  const logins = emu.tds.accepted - acceptedBefore;
  const meanLifetime = lifetimes.reduce((a, b) => a + b, 0) / lifetimes.length;
  const lifetimesElapsed = (LIFETIMES * SHORT_LIFETIME_S * 1000) / meanLifetime;
  console.log(
    `${queries} queries, ${errors.length} failed; ${logins} logins, ${requests} identity requests over ${lifetimesElapsed.toFixed(1)} lifetimes of ${(meanLifetime / 1000).toFixed(1)} s; ${emu.tds.failedRequests} requests refused by the server`,
  );
  assert.deepEqual(
    errors.slice(0, 3).map((e) => `${e.code} ${e.number}: ${e.message}`),
    [],
  );
  assert.equal(emu.tds.failedRequests, 0, "no request reached a session whose token had expired");
  assert.ok(lifetimesElapsed >= LIFETIMES - 1, `${lifetimesElapsed.toFixed(1)} lifetimes`);
  assert.ok(logins > 2 * lifetimesElapsed, `${logins} logins: connections churned`);
  const most = ceiling();
  assert.ok(requests <= most, `${requests} identity requests, at most ${most} (see requestCeiling)`);
});
