// TypeORM (postgres driver) with typeormDriver: a real DataSource whose pool is createPool's, so it
// logs in as the role from the token, syncs a schema and keeps logging in after the token expired.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { DataSource, EntitySchema } from "typeorm";
import { typeormDriver, ConfigurationError } from "entra-db-auth";
import { SHORT_LIFETIME_S, emulatorForTests, exactSource, requestCeiling, sleepUntil } from "./helpers.mjs";

let emu;
let identity;

before(async () => ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: SHORT_LIFETIME_S })));
after(() => emu?.close());

const Order = new EntitySchema({
  name: "Order",
  tableName: "typeorm_orders",
  columns: { id: { type: Number, primary: true, generated: true }, item: { type: String } },
});

function newDataSource(options, dataSourceOptions) {
  const { host, port, database, ssl } = emu.pg;
  return new DataSource({
    type: "postgres",
    host,
    port,
    database,
    ssl,
    driver: typeormDriver(options),
    ...dataSourceOptions,
  });
}

test("a TypeORM DataSource logs in as the role from the token and keeps logging in after it expired", async (t) => {
  const rejected = emu.frontDoor.rejected;
  const source = exactSource(t, new identity.ManagedIdentityCredential(), emu.scope);
  const ceiling = requestCeiling(source, SHORT_LIFETIME_S * 1000);
  const dataSource = newDataSource(
    { credential: source },
    // Idle connections close quickly, so that later queries open new ones with the token of the day.
    { entities: [Order], synchronize: true, extra: { idleTimeoutMillis: 100 } },
  );
  await dataSource.initialize();
  try {
    const [{ role }] = await dataSource.query("SELECT current_user AS role");
    assert.equal(role, emu.principals.systemAssigned.role);
    const orders = dataSource.getRepository(Order);
    await orders.save({ item: "tea" });
    await sleepUntil(source.stats().expiresOnTimestamp);
    await orders.save({ item: "coffee" });
    assert.deepEqual(
      (await orders.find({ order: { id: "ASC" } })).map((o) => o.item),
      ["tea", "coffee"],
    );
  } finally {
    await dataSource.destroy();
  }
  // The first token, then at least its refresh at 75% of its lifetime; at most one per refresh since.
  const { requests } = source.stats();
  const most = ceiling();
  assert.ok(requests >= 2 && requests <= most, `${requests} identity requests, at most ${most}`);
  assert.equal(emu.frontDoor.rejected - rejected, 0);
});

test("a username in the DataSource options is the role it logs in as", async () => {
  emu.identity.use("user");
  const dataSource = newDataSource({ credential: new identity.ManagedIdentityCredential() }, { username: "db-admins" });
  await dataSource.initialize();
  try {
    assert.deepEqual(await dataSource.query("SELECT current_user AS role"), [{ role: "db-admins" }]);
  } finally {
    emu.identity.use("systemAssigned");
    await dataSource.destroy();
  }
});

test("a non-TLS remote host fails initialize() with INSECURE_CONNECTION", async () => {
  const dataSource = new DataSource({
    type: "postgres",
    host: "orders.postgres.database.azure.com",
    driver: typeormDriver({ credential: new identity.ManagedIdentityCredential() }),
  });
  await assert.rejects(dataSource.initialize(), { code: "INSECURE_CONNECTION" });
});

const badCalls = [
  ["options that are not an object", () => typeormDriver("credential")],
  ["a credential without getToken", () => typeormDriver({ credential: 42 })],
  ["a non-boolean allowInsecure", () => typeormDriver({ allowInsecure: 1 })],
  ["a non-string fallbackUsername", () => typeormDriver({ fallbackUsername: 1 })],
];
for (const [what, call] of badCalls) {
  test(`typeormDriver with ${what} throws INVALID_ARGUMENT`, () => {
    assert.throws(call, (e) => e instanceof ConfigurationError && e.code === "INVALID_ARGUMENT");
  });
}
