// Drizzle (node-postgres) over createPool: Drizzle takes a pg Pool, and ours logs in as the role
// from the token, shares one token between its connections and logs in again after it expired.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { drizzle } from "drizzle-orm/node-postgres";
import { sql } from "drizzle-orm";
import { createPool } from "entra-db-auth";
import { SHORT_LIFETIME_S, emulatorForTests, exactSource, requestCeiling, sleepUntil } from "./helpers.mjs";

let emu;
let identity;

before(async () => ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: SHORT_LIFETIME_S })));
after(() => emu?.close());

test("Drizzle on createPool logs in as the role from the token, before and after the token expired", async (t) => {
  const rejected = emu.frontDoor.rejected;
  const source = exactSource(t, new identity.ManagedIdentityCredential(), emu.scope);
  const ceiling = requestCeiling(source, SHORT_LIFETIME_S * 1000);
  // Idle connections close quickly, so that later queries open new ones.
  const pool = createPool({ ...emu.pg, idleTimeoutMillis: 100 }, { credential: source });
  const db = drizzle({ client: pool });
  const role = async (executor) => (await executor.execute(sql`SELECT current_user AS role`)).rows[0].role;
  try {
    const expected = emu.principals.systemAssigned.role;
    assert.deepEqual(await Promise.all([role(db), role(db), role(db)]), [expected, expected, expected]);
    await sleepUntil(source.stats().expiresOnTimestamp);
    assert.equal(await db.transaction((tx) => role(tx)), expected);
  } finally {
    await pool.end();
  }
  // The first token, then at least its refresh at 75% of its lifetime; at most one per refresh since.
  const { requests } = source.stats();
  const most = ceiling();
  assert.ok(requests >= 2 && requests <= most, `${requests} identity requests, at most ${most}`);
  assert.equal(emu.frontDoor.rejected - rejected, 0);
});
