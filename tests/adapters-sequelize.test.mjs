// Sequelize v7 (@sequelize/core + @sequelize/postgres) with the same configureEntraIdAuth call as v6:
// v7 clones the connection options for every connection and names the role `user`.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { sequelizeFor } from "./sequelize.mjs";
import { Sequelize as Sequelize7, QueryTypes } from "@sequelize/core";
import { PostgresDialect } from "@sequelize/postgres";
import { configureEntraIdAuth, ConfigurationError } from "entra-db-auth";
import { countingCredential, emulatorForTests, exactSource, sleepUntil } from "./helpers.mjs";

const LIFETIME_S = 3;
let emu;
let identity;

before(async () => ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: LIFETIME_S })));
after(() => emu?.close());

function newSequelize7(options = {}) {
  const { host, port, database, ssl } = emu.pg;
  // Idle connections are evicted quickly, so that later queries open new ones.
  const pool = { max: 3, idle: 100, evict: 50 };
  return new Sequelize7({ dialect: PostgresDialect, host, port, database, ssl, pool, logging: false, ...options });
}

const newSequelize6 = () => sequelizeFor(emu.pg);

async function concurrentRoles(sequelize, n) {
  const query = () => sequelize.query("SELECT current_user AS role, pg_sleep(0.1)", { type: QueryTypes.SELECT });
  return (await Promise.all(Array.from({ length: n }, query))).map(([row]) => row.role);
}

test("the same configureEntraIdAuth call logs in on Sequelize v6 and v7", async (t) => {
  // Closed at the end, so that its background refreshes stay out of the next test's count.
  const credential = exactSource(t, new identity.ManagedIdentityCredential(), emu.scope);
  for (const sequelize of [newSequelize6(), newSequelize7()]) {
    configureEntraIdAuth(sequelize, credential);
    try {
      const [[row]] = await sequelize.query("SELECT current_user AS role");
      assert.equal(row.role, emu.principals.systemAssigned.role, sequelize.constructor.version);
    } finally {
      await sequelize.close();
    }
  }
});

test("Sequelize v7: connections share one token, and new ones log in after it expired", async (t) => {
  const rejected = emu.frontDoor.rejected;
  const source = exactSource(t, new identity.ManagedIdentityCredential(), emu.scope);
  const sequelize = configureEntraIdAuth(newSequelize7(), source);
  try {
    const expected = Array(3).fill(emu.principals.systemAssigned.role);
    assert.deepEqual(await concurrentRoles(sequelize, 3), expected);
    await sleepUntil(source.stats().expiresOnTimestamp);
    assert.deepEqual(await concurrentRoles(sequelize, 3), expected);
  } finally {
    await sequelize.close();
  }
  // The first token, and its refresh at 75% of its lifetime; the next is due at 75% of the second's.
  assert.equal(source.stats().requests, 2, "one token per lifetime");
  assert.equal(emu.frontDoor.rejected - rejected, 0);
});

test("Sequelize v7: a `user` in the options is kept (a group member logs in as the group)", async () => {
  emu.identity.use("user");
  const [group] = Object.keys(emu.groups);
  const sequelize = configureEntraIdAuth(newSequelize7({ user: group }), new identity.ManagedIdentityCredential());
  try {
    assert.deepEqual(await concurrentRoles(sequelize, 2), [group, group]);
  } finally {
    emu.identity.use("systemAssigned");
    await sequelize.close();
  }
});

test("Sequelize v7: the hook's options carry the token only behind a password function", async () => {
  const credential = countingCredential({ claims: { upn: "alice@contoso.com" } });
  const sequelize = configureEntraIdAuth(new Sequelize7({ dialect: PostgresDialect, host: "localhost" }), credential);
  const config = { host: "localhost" };
  await sequelize.hooks.runAsync("beforeConnect", config);
  assert.equal(config.user, "alice@contoso.com");
  assert.equal(typeof config.password, "function");
  assert.ok(!JSON.stringify(config).includes(config.password()), "no token in the printed options");
  await sequelize.close();
});

test("Sequelize v7: a non-TLS remote host is refused before any token is fetched", async () => {
  const credential = countingCredential();
  const sequelize = configureEntraIdAuth(
    new Sequelize7({ dialect: PostgresDialect, host: "orders.postgres.database.azure.com" }),
    credential,
  );
  await assert.rejects(
    sequelize.authenticate(),
    (e) => e.code === "INSECURE_CONNECTION" || e.cause?.code === "INSECURE_CONNECTION",
  );
  assert.equal(credential.calls, 0);
  await sequelize.close();
});

const badCalls = [
  ["a credential that is a string", () => configureEntraIdAuth(newSequelize7(), "token")],
  ["options that are not an object", () => configureEntraIdAuth(newSequelize7(), undefined, 5)],
  ["a non-string username", () => configureEntraIdAuth(newSequelize7(), undefined, { username: 1 })],
];
for (const [what, call] of badCalls) {
  test(`configureEntraIdAuth on Sequelize v7 with ${what} throws INVALID_ARGUMENT`, () => {
    assert.throws(call, (e) => e instanceof ConfigurationError && e.code === "INVALID_ARGUMENT");
  });
}
