// Prisma Client over @prisma/adapter-pg over createPool. Prisma 7 runs queries in JS through the
// driver adapter, with no query engine binary; `prisma generate` runs here offline once the schema
// engine, which only migrations use, is pointed at a stand-in instead of downloaded.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import { startEmulator } from "entra-db-auth/emulator";
import { createPool } from "entra-db-auth";
import { SHORT_LIFETIME_S, exactSource, requestCeiling, sleepUntil } from "./helpers.mjs";

const require = createRequire(import.meta.url);
let emu;
let identity;
let PrismaClient;

before(async () => {
  execFileSync(
    process.execPath,
    [require.resolve("prisma/build/index.js"), "generate", "--schema", "tests/prisma/schema.prisma"],
    {
      cwd: new URL("..", import.meta.url),
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true", CHECKPOINT_DISABLE: "1" },
      stdio: "pipe",
    },
  );
  ({ PrismaClient } = require("@prisma/client"));
  emu = await startEmulator({ tokenLifetimeSeconds: SHORT_LIFETIME_S, tls: true });
  emu.applyEnv();
  identity = await import("@azure/identity");
});
after(() => emu?.close());

test("PrismaPg takes our pool as it is, not as a config to build its own pool from", async (t) => {
  // Closed at the end, so that its background refreshes stay out of the next test's count.
  const source = exactSource(t, new identity.ManagedIdentityCredential(), emu.scope);
  const pool = createPool(emu.pg, { credential: source });
  const adapter = await new PrismaPg(pool).connect();
  try {
    assert.equal(adapter.underlyingDriver(), pool);
  } finally {
    await pool.end();
  }
});

test("Prisma Client on createPool logs in as the role from the token, before and after the token expired", async (t) => {
  const rejected = emu.frontDoor.rejected;
  const source = exactSource(t, new identity.ManagedIdentityCredential(), emu.scope);
  const ceiling = requestCeiling(source, SHORT_LIFETIME_S * 1000);
  // Idle connections close quickly, so that later queries open new ones.
  const pool = createPool({ ...emu.pg, idleTimeoutMillis: 100 }, { credential: source });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  try {
    await prisma.$executeRaw`CREATE TABLE prisma_orders (id serial PRIMARY KEY, item text NOT NULL)`;
    const [{ role }] = await prisma.$queryRaw`SELECT current_user AS role`;
    assert.equal(role, emu.principals.systemAssigned.role);
    await prisma.order.create({ data: { item: "tea" } });
    await sleepUntil(source.stats().expiresOnTimestamp);
    await prisma.$transaction(async (tx) => tx.order.create({ data: { item: "coffee" } }));
    const items = (await prisma.order.findMany({ orderBy: { id: "asc" } })).map((order) => order.item);
    assert.deepEqual(items, ["tea", "coffee"]);
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
  // The first token, then at least its refresh at 75% of its lifetime; at most one per refresh since.
  const { requests } = source.stats();
  const most = ceiling();
  assert.ok(requests >= 2 && requests <= most, `${requests} identity requests, at most ${most}`);
  assert.equal(emu.frontDoor.rejected - rejected, 0);
});
