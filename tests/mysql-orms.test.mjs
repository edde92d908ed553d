// The libraries over MySQL, each as docs/mysql.md shows it, end to end on the emulator's MySQL
// front door (TLS verified against the run's CA) with the real package and @azure/identity:
// Sequelize v6 and v7 (mysql and mariadb dialects), knex, TypeORM, Drizzle, and Prisma's
// @prisma/adapter-mariadb over createMariadbPool.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import mysql2 from "mysql2";
import knex from "knex";
import { QueryTypes, Sequelize as SequelizeV6 } from "sequelize";
import { Sequelize } from "@sequelize/core";
import { MySqlDialect } from "@sequelize/mysql";
import { MariaDbDialect } from "@sequelize/mariadb";
import { DataSource } from "typeorm";
import { drizzle } from "drizzle-orm/mysql2";
import { sql } from "drizzle-orm";
import { PrismaMariaDb } from "@prisma/adapter-mariadb";
import {
  configureEntraIdAuth,
  createMariadbPool,
  createMysqlPool,
  createTokenSource,
  mysql2Options,
} from "entra-db-auth";
import { emulatorForTests, sleep, mariadbSkip } from "./helpers.mjs";

const skip = mariadbSkip();

// Each test outlives its first token, so short tokens; each source refreshes from a quarter of a
// token's lifetime on, so that no token is handed out with less than about 6 s to live: ample for
// a login on a loaded machine.
const LIFETIME_S = 10;
let emu;
let identity;

before(async () => {
  if (skip) return;
  ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: LIFETIME_S, mysql: true }));
});
after(() => emu?.close());

/** emu.mysql, a copy each time: mysql2 writes into `ssl`, and Sequelize v7 freezes what it is given. */
const config = () => structuredClone(emu.mysql);
const freshSource = () =>
  createTokenSource({ credential: new identity.ManagedIdentityCredential(), refreshAt: 0.25, jitter: 0 });
const me = () => emu.principals.systemAssigned.role;

/**
 * Runs `query` once per 300 ms, with new logins all along, until the token `source` held at the
 * first query has expired, and once more after that (a library that kept that token fails there);
 * returns the users seen.
 */
async function pastTheFirstExpiry(source, query) {
  const users = new Set();
  const run = async () => users.add(String(await query()).replace(/@%$/, ""));
  await run();
  const { expiresOnTimestamp } = source.stats();
  while (Date.now() < expiresOnTimestamp) {
    await sleep(300);
    await run();
  }
  await sleep(300);
  await run();
  return users;
}

for (const dialect of ["mysql", "mariadb"]) {
  test(
    `Sequelize v6, dialect "${dialect}": configureEntraIdAuth, the user from the token, new logins past the first token's expiry`,
    { skip },
    async () => {
      const { host, port, database, ssl } = config();
      const sequelize = new SequelizeV6(database, null, null, {
        dialect,
        host,
        port,
        dialectOptions: { ssl },
        logging: false,
        pool: { max: 2, evict: 100, idle: 200 },
      });
      const source = freshSource();
      configureEntraIdAuth(sequelize, source);
      const rejected = emu.mysqlFrontDoor.rejected;
      const accepted = emu.mysqlFrontDoor.accepted;
      const users = await pastTheFirstExpiry(source, async () => {
        // A SELECT, not a raw query: Sequelize v6 deletes `meta` from a raw result, which mariadb 3 forbids.
        const [row] = await sequelize.query("SELECT CURRENT_USER() AS user", { type: QueryTypes.SELECT });
        return row.user;
      });
      await sequelize.close();
      assert.deepEqual([...users], [me()]);
      assert.equal(emu.mysqlFrontDoor.rejected, rejected);
      assert.ok(emu.mysqlFrontDoor.accepted - accepted >= 3, "connections were replaced and logged in again");
    },
  );

  test(`Sequelize v7, @sequelize/${dialect}: the same call`, { skip }, async () => {
    const { host, port, database, ssl } = config();
    const sequelize = new Sequelize({
      dialect: dialect === "mysql" ? MySqlDialect : MariaDbDialect,
      host,
      port,
      database,
      ssl,
      logging: false,
      pool: { max: 2, evict: 100, idle: 200 },
    });
    const source = freshSource();
    configureEntraIdAuth(sequelize, source);
    const rejected = emu.mysqlFrontDoor.rejected;
    // The mariadb dialect reads the greeting's version, MySQL 8's here as on Azure, and warns at
    // every connection that it is no MariaDB it supports (docs/mysql.md: use the mysql dialect).
    const warn = console.warn;
    console.warn = (message, ...rest) => /^Database mariadb version/.test(message) || warn(message, ...rest);
    const users = await pastTheFirstExpiry(source, async () => {
      const [[row]] = await sequelize.query("SELECT CURRENT_USER() AS user");
      return row.user;
    }).finally(() => (console.warn = warn));
    await sequelize.close();
    assert.deepEqual([...users], [me()]);
    assert.equal(emu.mysqlFrontDoor.rejected, rejected);
  });
}

test(
  "knex (mysql2): the connection provider is mysql2Options, logins past the first token's expiry get fresh tokens",
  { skip },
  async () => {
    const credential = freshSource();
    const db = knex({
      client: "mysql2",
      connection: () => mysql2Options(config(), { credential }),
      pool: { min: 0, max: 2, maxConnectionLifetimeMillis: 500, maxConnectionLifetimeJitterMillis: 200 },
    });
    const accepted = emu.mysqlFrontDoor.accepted;
    const users = await pastTheFirstExpiry(
      credential,
      async () => (await db.raw("SELECT CURRENT_USER() AS user"))[0][0].user,
    );
    await db.destroy();
    assert.deepEqual([...users], [me()]);
    assert.ok(emu.mysqlFrontDoor.accepted - accepted >= 3, "connections retired and logged in again");
  },
);

test("TypeORM (mysql): the driver's createPool is createMysqlPool's", { skip }, async () => {
  const credential = freshSource();
  const { host, port, database, ssl } = config();
  const dataSource = new DataSource({
    type: "mysql",
    host,
    port,
    database,
    ssl,
    driver: {
      ...mysql2,
      createPool: (config) => createMysqlPool({ ...config, maxLifetimeSeconds: 0.5 }, { credential }).pool,
    },
  });
  await dataSource.initialize();
  const users = await pastTheFirstExpiry(
    credential,
    async () => (await dataSource.query("SELECT CURRENT_USER() AS user"))[0].user,
  );
  await dataSource.destroy();
  assert.deepEqual([...users], [me()]);
});

test("Drizzle (mysql2) takes createMysqlPool's pool", { skip }, async () => {
  const credential = freshSource();
  const pool = createMysqlPool({ ...config(), maxLifetimeSeconds: 0.5 }, { credential });
  const db = drizzle({ client: pool });
  const users = await pastTheFirstExpiry(
    credential,
    async () => (await db.execute(sql`SELECT CURRENT_USER() AS user`))[0][0].user,
  );
  await pool.end();
  assert.deepEqual([...users], [me()]);
});

test(
  "Prisma's @prisma/adapter-mariadb over createMariadbPool: a new pool, with the new token, after each refresh",
  { skip },
  async () => {
    const { host, port, database, ssl } = config();
    const credential = freshSource();
    const pool = createMariadbPool({ host, port, database, ssl, connectionLimit: 2 }, { credential });
    const factory = new PrismaMariaDb(pool);
    const adapter = await factory.connect();
    const rejected = emu.mysqlFrontDoor.rejected;
    const accepted = emu.mysqlFrontDoor.accepted;
    const users = await pastTheFirstExpiry(credential, async () => {
      const result = await adapter.queryRaw({ sql: "SELECT CURRENT_USER()", args: [], argTypes: [] });
      const transaction = await adapter.startTransaction();
      await transaction.executeRaw({ sql: "SELECT 1", args: [], argTypes: [] });
      await transaction.commit();
      return result.rows[0][0];
    });
    await adapter.dispose();
    await pool.end();
    assert.deepEqual([...users], [me()]);
    assert.equal(emu.mysqlFrontDoor.rejected, rejected, "no login with an old token");
    assert.ok(emu.mysqlFrontDoor.accepted - accepted >= 2, "a new pool logged in after a refresh");
  },
);

test(
  "createMariadbPool: no token in util.inspect or JSON.stringify of the pool, its config, or any connection mariadb hands out",
  { skip },
  async () => {
    const { host, port, database, ssl } = config();
    const poolConfig = { host, port, database, ssl, connectionLimit: 2 };
    const source = freshSource();
    const pool = createMariadbPool(poolConfig, { credential: source });
    const handed = [];
    for (const event of ["acquire", "release", "connection"]) {
      pool.on(event, (connection) => handed.push([`the connection of '${event}'`, connection]));
    }
    try {
      assert.equal(String((await pool.query("SELECT CURRENT_USER() AS user"))[0].user).replace(/@%$/, ""), me());
      const connection = await pool.getConnection();
      await connection.query("SELECT 1");
      await connection.release();
      assert.deepEqual([...new Set(handed.map(([what]) => what))].sort(), [
        "the connection of 'acquire'",
        "the connection of 'connection'",
        "the connection of 'release'",
      ]);

      const jwt = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}/;
      const json = (value) => {
        try {
          return JSON.stringify(value) ?? "";
        } catch {
          return ""; // circular (a socket): JSON.stringify cannot print it at all
        }
      };
      const shown = [
        ["the pool", pool],
        ["the config", poolConfig],
        ["getConnection()'s connection", connection],
        ...handed.flatMap(([what, value]) => [
          [what, value],
          [`${what}'s opts`, value.opts],
        ]),
      ];
      // assert.ok, not doesNotMatch: a failure must not print the text, token and all.
      for (const [what, value] of shown) {
        assert.ok(!jwt.test(inspect(value, { depth: 4, showHidden: true })), `util.inspect of ${what} shows a token`);
        assert.ok(!jwt.test(json(value)), `JSON.stringify of ${what} shows a token`);
      }
      // mariadb copies a connection's opts to open the one that KILLs a busy connection's query
      // (and to follow a redirect): the copy still carries the token.
      const [, acquired] = handed.find(([what]) => what.endsWith("'acquire'"));
      assert.ok(jwt.test(Object.assign({}, acquired.opts).password), "a copy of opts has the password");
    } finally {
      await pool.end();
      source.close();
    }
  },
);
