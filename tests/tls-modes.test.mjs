// One rule for every sslmode, in every integration: off loopback, a token goes only over a
// connection that is sure to be encrypted and to verify the server's certificate. `allow` and
// `prefer` fall back to clear text when the server declines TLS (libpq's meaning, postgres.js's,
// and pg's with uselibpqcompat=true), so they count as no TLS, like `disable`; `no-verify`, libpq's
// `require` and postgres.js's `require` encrypt without verifying. Each is refused unless
// `allowInsecure`.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { createPool, getEntraTokenPassword, postgresJsOptions } from "entra-db-auth";
import { countingCredential, emulatorForTests } from "./helpers.mjs";

const REMOTE = "orders.postgres.database.azure.com";
/** Each sslmode of a pg connection string, and whether a token may go over it. */
const PG_MODES = [
  ["sslmode=disable", false],
  ["sslmode=allow", false],
  ["sslmode=prefer", false],
  ["uselibpqcompat=true&sslmode=prefer", false],
  ["sslmode=require", true],
  ["uselibpqcompat=true&sslmode=require", false],
  ["sslmode=verify-ca", true],
  ["sslmode=verify-full", true],
  ["sslmode=no-verify", false],
];

let emu;
before(async () => ({ emu } = await emulatorForTests({ tls: false })));
after(() => emu?.close());

/**
 * `refused` (INSECURE_CONNECTION, before any token was asked for) or `accepted`. `credential`
 * counts token requests; without one, the emulator's identity endpoint counts them.
 */
async function outcome(connect, credential) {
  const requests = () => credential?.calls ?? emu.identity.requests.total;
  const before = requests();
  try {
    await connect();
  } catch (error) {
    assert.equal(error.code, "INSECURE_CONNECTION", error.message);
    assert.equal(requests(), before, "refused before any token was asked for");
    return "refused";
  }
  return "accepted";
}

const expected = (modes) => Object.fromEntries(modes.map(([mode, tls]) => [mode, tls ? "accepted" : "refused"]));

async function createPoolOutcome(config, options) {
  const pool = createPool(config, options);
  await pool.end();
}

/** Runs `body` with PGSSLMODE set to `mode`, restoring it after. */
async function withPgSslMode(mode, body) {
  const saved = process.env.PGSSLMODE;
  process.env.PGSSLMODE = mode;
  try {
    return await body();
  } finally {
    if (saved === undefined) delete process.env.PGSSLMODE;
    else process.env.PGSSLMODE = saved;
  }
}

test("createPool: each sslmode of a connection string to a remote host", async () => {
  const credential = countingCredential();
  const seen = {};
  for (const [mode] of PG_MODES) {
    const connectionString = `postgres://${REMOTE}/orders?${mode}`;
    seen[mode] = await outcome(() => createPoolOutcome({ connectionString }, { credential }), credential);
  }
  assert.deepEqual(seen, expected(PG_MODES));
});

test("createPool: each PGSSLMODE, for a config that sets no ssl", async () => {
  const credential = countingCredential();
  const modes = PG_MODES.filter(([mode]) => !mode.includes("&")).map(([mode, tls]) => [mode.slice(8), tls]);
  const seen = {};
  for (const [mode] of modes) {
    seen[mode] = await withPgSslMode(mode, () =>
      outcome(() => createPoolOutcome({ host: REMOTE }, { credential }), credential),
    );
  }
  assert.deepEqual(seen, expected(modes));
  assert.equal(
    await withPgSslMode("prefer", () =>
      outcome(() => createPoolOutcome({ host: REMOTE, ssl: true }, { credential }), credential),
    ),
    "accepted",
    "pg reads PGSSLMODE only when nothing sets ssl",
  );
});

test("createPool: allowInsecure lets each mode through", async () => {
  const credential = countingCredential();
  for (const [mode] of PG_MODES) {
    const connectionString = `postgres://${REMOTE}/orders?${mode}`;
    assert.equal(
      await outcome(() => createPoolOutcome({ connectionString }, { credential, allowInsecure: true }), credential),
      "accepted",
      mode,
    );
  }
});

test("getEntraTokenPassword (DefaultAzureCredential): the parameters pg builds for each mode, and with an sslmode", async () => {
  const seen = {};
  for (const [mode] of PG_MODES) {
    const params = new pg.Client({ connectionString: `postgres://${REMOTE}/orders?${mode}` }).connectionParameters;
    // pg 8's parameters carry `ssl` but not the sslmode; a caller (or a later pg) may add it.
    seen[mode] = await outcome(() => getEntraTokenPassword(params));
    const withMode = { ...params, sslmode: new URLSearchParams(mode).get("sslmode") };
    seen[`${mode}, with sslmode`] = await outcome(() => getEntraTokenPassword(withMode));
  }
  assert.deepEqual(seen, {
    ...expected(PG_MODES.map(([mode, tls]) => [`${mode}, with sslmode`, tls])),
    // What pg 8 passes: TLS options for every mode but disable, and pg 8 never falls back (next
    // test); they skip verification for no-verify and for uselibpqcompat's require and prefer.
    ...expected(PG_MODES.map(([mode]) => [mode, !/disable|no-verify|uselibpqcompat/.test(mode)])),
  });
});

test("postgres.js: each ssl mode, and PGSSL and PGHOST as postgres.js reads them", async () => {
  const credential = countingCredential();
  const modes = [
    [false, false],
    ["disable", false],
    ["allow", false],
    ["prefer", false],
    ["require", false],
    ["verify-full", true],
    [true, true],
    [{ rejectUnauthorized: true }, true],
    [{ rejectUnauthorized: false }, false],
  ];
  const seen = {};
  for (const [ssl] of modes) {
    seen[JSON.stringify(ssl)] = await outcome(
      () => postgresJsOptions({ host: REMOTE, ssl }, { credential }),
      credential,
    );
  }
  assert.deepEqual(seen, expected(modes.map(([ssl, tls]) => [JSON.stringify(ssl), tls])));
  const saved = { PGHOST: process.env.PGHOST, PGSSL: process.env.PGSSL };
  try {
    process.env.PGHOST = REMOTE;
    assert.equal(await outcome(() => postgresJsOptions({}, { credential }), credential), "refused", "PGHOST");
    process.env.PGSSL = "prefer";
    assert.equal(await outcome(() => postgresJsOptions({}, { credential }), credential), "refused", "PGSSL=prefer");
    process.env.PGSSL = "require";
    assert.equal(await outcome(() => postgresJsOptions({}, { credential }), credential), "refused", "PGSSL=require");
    process.env.PGSSL = "verify-full";
    assert.equal(
      await outcome(() => postgresJsOptions({}, { credential }), credential),
      "accepted",
      "PGSSL=verify-full",
    );
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});

// pg 8 treats allow and prefer as require: with a server that declines TLS it fails before it asks
// for the password. If a pg release falls back to clear text instead, this fails, and
// getEntraTokenPassword would need the sslmode that pg's parameters do not carry today.
test("pg with allow or prefer never asks for the password over a connection the server left plain", async () => {
  const { host, port, database } = emu.pg;
  for (const mode of ["sslmode=allow", "sslmode=prefer", "uselibpqcompat=true&sslmode=prefer"]) {
    let asked = 0;
    const client = new pg.Client({
      connectionString: `postgres://${emu.principals.systemAssigned.role}@${host}:${port}/${database}?${mode}`,
      password: () => {
        asked += 1;
        return "not sent";
      },
    });
    await assert.rejects(client.connect(), /does not support SSL/, mode);
    assert.equal(asked, 0, mode);
  }
});
