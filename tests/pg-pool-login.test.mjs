// Who createPool logs in as, over real sockets to the emulator: the `username` option, a
// connection string without a user, and what a rejected login costs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createPool } from "entra-db-auth";
import { emulatorForTests, exactSource } from "./helpers.mjs";

let emu;
let identity;

// Tokens under 300 s: msal keeps no process-wide copy, so switching identities takes effect.
before(async () => ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: 120 })));
after(() => emu?.close());

async function currentUser(pool) {
  try {
    const { rows } = await pool.query("SELECT current_user AS role");
    return rows[0].role;
  } finally {
    await pool.end();
  }
}

test("createPool's username option is the role it logs in as (a group member as the group)", async () => {
  emu.identity.use("user");
  try {
    const [group] = Object.keys(emu.groups);
    const pool = createPool({ ...emu.pg }, { credential: new identity.DefaultAzureCredential(), username: group });
    assert.equal(await currentUser(pool), group);
  } finally {
    emu.identity.use("systemAssigned");
  }
});

test("a connection string without a user logs in as the role from the token", async () => {
  const pool = createPool(
    { connectionString: emu.connectionString },
    { credential: new identity.DefaultAzureCredential() },
  );
  assert.equal(await currentUser(pool), emu.principals.systemAssigned.role);
});

test("a server that requires TLS refuses a plain login with 28000: no new token, and a hint about TLS", async (t) => {
  const source = exactSource(t, new identity.ManagedIdentityCredential(), emu.scope);
  const invalidations = [];
  source.on("invalidate", (event) => invalidations.push(event));
  emu.frontDoor.requireTls = true;
  try {
    // Loopback, so a plain connection is allowed; real PostgreSQL 15 answers the same way.
    const pool = createPool({ ...emu.pg, ssl: false }, { credential: source });
    const error = await pool.connect().catch((e) => e);
    await pool.end();
    assert.equal(error.code, "28000");
    assert.match(error.message, /^no pg_hba\.conf entry for host .*, no encryption$/);
    assert.match(error.hint, /accepts only encrypted connections.*ssl: true/);
    assert.doesNotMatch(error.hint, /pgaadauth/);
  } finally {
    emu.frontDoor.requireTls = false;
  }
  assert.equal(source.stats().requests, 1, "one token, not a forced refresh");
  assert.deepEqual(invalidations, []);
});
