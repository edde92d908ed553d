// The 61-minute failure, replayed: three token lifetimes of connection churn through pg and
// Sequelize while the identity endpoint has random outages (shorter than half a lifetime, each
// while a token is valid) and slow answers, and refuses the first refresh outright, so that at least
// one refresh certainly fails. Short tokens make it run in about a minute.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { sequelizeFor } from "./sequelize.mjs";
import { createTokenSource, configureEntraIdAuth } from "entra-db-auth";
import { SHORT_LIFETIME_S, emulatorForTests, requestCeiling, sleep } from "./helpers.mjs";

const LIFETIMES = 3;
let emu;
let identity;

before(async () => ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: SHORT_LIFETIME_S })));
after(() => emu?.close());

/**
 * A deterministic random source for the faults: FAULT_SEED=<seed> repeats a run's pattern of
 * outages and slow answers. Not the run itself: refresh jitter (Math.random() in the token source)
 * and real timing differ from run to run.
 */
function draws(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

test("three lifetimes of churn through pg and Sequelize with identity faults: zero failed queries", async () => {
  const seed = Number(process.env.FAULT_SEED ?? Date.now() % 100_000);
  const random = draws(seed);
  const lifetimeMs = SHORT_LIFETIME_S * 1000;
  const source = createTokenSource({ credential: new identity.DefaultAzureCredential() });
  const ceiling = requestCeiling(source, lifetimeMs);
  const { host, port, database, ssl } = emu.pg;
  const role = emu.principals.systemAssigned.role;
  const pool = new pg.Pool({ host, port, database, ssl, user: role, password: () => source.getPassword(), maxUses: 1 });
  const sequelize = configureEntraIdAuth(sequelizeFor(emu.pg, { pool: { max: 2, maxUses: 1 } }), source);

  // After each refresh, maybe an outage that starts at 30-40% of the lifetime and lasts 35-45% of
  // it, across the refresh point (70-80%) and ending while the token is still valid; or a slow answer.
  const faults = { refused: 0, outages: 0, slow: 0 };
  const lifetimes = [];
  const timers = [];
  source.on("refresh", ({ expiresOnTimestamp }) => {
    // Whole-second expiries make a token's real lifetime up to a second shorter than configured.
    const lifetime = expiresOnTimestamp - Date.now();
    lifetimes.push(lifetime);
    if (lifetimes.length === 1) {
      // The next identity request is this token's refresh: a 400, which MSAL does not retry, fails it.
      emu.identity.fail({ status: 400, count: 1 });
      faults.refused += 1;
      return;
    }
    const kind = random();
    if (kind < 0.5) {
      const startIn = (0.3 + random() * 0.1) * lifetime;
      const forMs = (0.35 + random() * 0.1) * lifetime;
      timers.push(setTimeout(() => emu.identity.fail({ status: 429, forMs }), startIn));
      faults.outages += 1;
    } else if (kind < 0.75) {
      emu.identity.slow(0.05 * lifetime, { count: 1 });
      faults.slow += 1;
    }
  });

  const errors = [];
  let queries = 0;
  const end = Date.now() + LIFETIMES * lifetimeMs;
  while (Date.now() < end) {
    const results = await Promise.allSettled([pool.query("SELECT 1"), sequelize.query("SELECT 1")]);
    for (const result of results) {
      queries += 1;
      if (result.status === "rejected") errors.push(result.reason);
    }
    await sleep(50);
  }
  const meanLifetime = lifetimes.reduce((a, b) => a + b, 0) / lifetimes.length;
  const lifetimesElapsed = (LIFETIMES * lifetimeMs) / meanLifetime;
  timers.forEach(clearTimeout);
  emu.identity.reset();
  await Promise.all([pool.end(), sequelize.close()]);

  // The source's credential calls: MSAL retries a 429 by itself, up to three times, which the
  // endpoint counts too.
  const { requests, failures } = source.stats();
  console.log(
    `seed ${seed}: ${queries} queries, ${errors.length} failed; ${faults.refused} refused request, ${faults.outages} outages, ${faults.slow} slow answers; ${requests} identity requests (${failures} failed) over ${lifetimesElapsed.toFixed(1)} lifetimes of ${(meanLifetime / 1000).toFixed(1)} s`,
  );
  assert.deepEqual(
    errors.slice(0, 3).map((e) => `${e.code}: ${e.message}`),
    [],
    `seed ${seed}`,
  );
  assert.ok(failures >= faults.refused, `${failures} failed refreshes: the refused one at least`);
  // One request per refresh (see requestCeiling), and one more for each that failed.
  const most = ceiling() + failures;
  assert.ok(requests <= most, `${requests} identity requests, ${failures} of them failed; at most ${most}`);
});
