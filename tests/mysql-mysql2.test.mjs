// mysql2 end to end: the real mysql2 and @azure/identity over real sockets (TLS verified against
// the run's CA) to the emulator's MySQL front door, every query running on a real MariaDB.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import mysql from "mysql2/promise";
import { createMariadbPool, createMysqlPool, createTokenSource, mysql2AuthPlugins, mysql2Options } from "entra-db-auth";
import {
  LONG_LIFETIME_S,
  SHORT_LIFETIME_S,
  emulatorForTests,
  sleep,
  mariadbSkip,
  requestCeiling,
  tokenLifetimeDuring,
} from "./helpers.mjs";

const skip = mariadbSkip();

let emu;
let identity;

before(async () => {
  if (skip) return;
  ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: LONG_LIFETIME_S, mysql: true }));
  console.log(`backend: ${emu.mysqlBackend}`);
});
after(() => emu?.close());

/**
 * A token source of its own (an empty cache) on a fresh managed identity credential, closed when its
 * test ends: a source in use keeps refreshing in the background, which would count in the next test.
 */
const sources = [];
const freshSource = (options) => {
  const source = createTokenSource({ credential: new identity.ManagedIdentityCredential(), ...options });
  sources.push(source);
  return source;
};
afterEach(() => sources.splice(0).forEach((source) => source.close()));
const whoAmI = async (db) => (await db.query("SELECT CURRENT_USER() AS user"))[0][0].user.replace(/@%$/, "");

test(
  "the front door greets as MySQL 8 without compression or multi-factor auth, and takes the token both ways",
  { skip },
  async () => {
    const token = await emu.identity.mintToken("systemAssigned");
    const user = emu.principals.systemAssigned.role;
    const before = { ...emu.mysqlFrontDoor.tokenPaths };

    // After an AuthSwitchRequest: the greeting names caching_sha2_password, as MySQL 8's does.
    const switched = await mysql.createConnection({
      ...emu.mysql,
      user,
      authPlugins: mysql2AuthPlugins({ credential: freshSource() }),
    });
    const { _handshakePacket: greeting, _isMariaDB: isMariaDB, serverCapabilityFlags } = switched.connection;
    assert.match(greeting.serverVersion, /^8\.0\.\d+$/);
    assert.equal(isMariaDB, false, "mysql2 takes it for MySQL");
    assert.equal(serverCapabilityFlags & (1 << 5), 0, "no CLIENT_COMPRESS");
    assert.equal(serverCapabilityFlags & (1 << 28), 0, "no MULTI_FACTOR_AUTHENTICATION");
    assert.equal(await whoAmI(switched), user);
    assert.match((await switched.query("SELECT VERSION() AS v"))[0][0].v, /MariaDB/, "the query ran on MariaDB");
    await switched.end();

    // In the HandshakeResponse: the greeting names mysql_clear_password and mysql2 answers at once.
    emu.mysqlFrontDoor.greetingPlugin = "mysql_clear_password";
    try {
      const direct = await mysql.createConnection({ ...emu.mysql, user, password: token, enableCleartextPlugin: true });
      assert.equal(await whoAmI(direct), user);
      await direct.end();
    } finally {
      emu.mysqlFrontDoor.greetingPlugin = "caching_sha2_password";
    }
    assert.deepEqual(emu.mysqlFrontDoor.tokenPaths, {
      authSwitch: before.authSwitch + 1,
      handshakeResponse: before.handshakeResponse + 1,
    });
  },
);

test("a cold pool's 20 concurrent logins make one identity request", { skip }, async () => {
  // No jitter, and long tokens: the first refreshes at 75% of its life, minutes after the herd, not
  // anywhere from 1%.
  const source = freshSource({ jitter: 0 });
  const pool = createMysqlPool({ ...emu.mysql, connectionLimit: 20 }, { credential: source });
  const requests = emu.identity.requests.msi;
  const accepted = emu.mysqlFrontDoor.accepted;
  const connections = await Promise.all(Array.from({ length: 20 }, () => pool.getConnection()));
  const ids = new Set(
    await Promise.all(connections.map(async (c) => (await c.query("SELECT CONNECTION_ID() AS id"))[0][0].id)),
  );
  connections.forEach((connection) => connection.release());
  await pool.end();
  assert.equal(ids.size, 20, "20 sessions on MariaDB");
  assert.equal(emu.mysqlFrontDoor.accepted - accepted, 20);
  // The source's own count: the endpoint's counter can also see a request the SDK retried under load.
  assert.equal(source.stats().requests, 1, "one credential call for 20 logins");
  assert.ok(emu.identity.requests.msi - requests >= 1);
});

test(
  "createMysqlPool keeps logging in over two token lifetimes: 0 failures, about one identity request per lifetime",
  { skip },
  async (t) => {
    const LIFETIMES = 2;
    tokenLifetimeDuring(t, emu, SHORT_LIFETIME_S);
    // Connections retire after 0.2-0.3 s: a new login every few queries, each with the token of the moment.
    const source = freshSource();
    const ceiling = requestCeiling(source, SHORT_LIFETIME_S * 1000);
    const pool = createMysqlPool(
      { ...emu.mysql, connectionLimit: 4, maxLifetimeSeconds: 0.25 },
      { credential: source },
    );
    const { accepted, rejected } = emu.mysqlFrontDoor;
    const end = Date.now() + LIFETIMES * SHORT_LIFETIME_S * 1000;
    let queries = 0;
    while (Date.now() < end) {
      const rows = await Promise.all(Array.from({ length: 4 }, () => pool.query("SELECT CURRENT_USER() AS user")));
      for (const [[row]] of rows) assert.equal(row.user, `${emu.principals.systemAssigned.role}@%`);
      queries += 4;
      await sleep(20);
    }
    await pool.end();
    const logins = emu.mysqlFrontDoor.accepted - accepted;
    const identityRequests = source.stats().requests;
    assert.equal(emu.mysqlFrontDoor.rejected, rejected, "no refused login");
    assert.ok(logins >= 2 * LIFETIMES * SHORT_LIFETIME_S, `${logins} logins: connections were retired and replaced`);
    // At least one token per lifetime; at most as requestCeiling says.
    const most = ceiling();
    assert.ok(identityRequests >= LIFETIMES && identityRequests <= most, `${identityRequests} identity requests`);
    console.log(
      `${queries} queries, ${logins} logins over ${LIFETIMES * SHORT_LIFETIME_S} s of ${SHORT_LIFETIME_S} s tokens: ${identityRequests} identity requests`,
    );
  },
);

test(
  "the user comes from the token: a managed identity's name (xms_mirid), a user's upn; a group member names the group",
  { skip },
  async () => {
    const managed = createMysqlPool({ ...emu.mysql }, { credential: freshSource() });
    assert.equal(await whoAmI(managed), emu.principals.systemAssigned.role);
    await managed.end();

    const restore = emu.applyEnv("azureCli");
    try {
      const credential = new identity.AzureCliCredential();
      const user = createMysqlPool({ ...emu.mysql }, { credential });
      assert.equal(await whoAmI(user), emu.principals.user.role);
      await user.end();

      const [group] = Object.keys(emu.groups);
      const member = createMysqlPool({ ...emu.mysql, user: group }, { credential });
      assert.equal(await whoAmI(member), group);
      await member.end();
      // The username option wins over config.user, as it does for pg's createPool and mysql2Options.
      const named = createMysqlPool({ ...emu.mysql, user: "not-this-one" }, { credential, username: group });
      assert.equal(await whoAmI(named), group);
      await named.end();
      const mariadbPool = createMariadbPool({ ...emu.mysql, user: "not-this-one" }, { credential, username: group });
      const [row] = await mariadbPool.query("SELECT CURRENT_USER() AS user");
      assert.equal(row.user.split("@")[0], group);
      await mariadbPool.end();

      // mysql2Options: the same user from the token, for a single connection.
      const connection = await mysql.createConnection(await mysql2Options({ ...emu.mysql }, { credential }));
      assert.equal(await whoAmI(connection), emu.principals.user.role);
      // COM_CHANGE_USER is a login too: the front door checks the token for the new user.
      const changes = emu.mysqlFrontDoor.changeUsers;
      await connection.changeUser({ user: group });
      assert.equal(await whoAmI(connection), group);
      assert.equal(emu.mysqlFrontDoor.changeUsers - changes, 1);
      await assert.rejects(connection.changeUser({ user: emu.principals.systemAssigned.role }), { errno: 1045 });
      await connection.end().catch(() => {});
    } finally {
      restore();
    }
  },
);

test(
  "no token in clear text: a remote host without TLS is refused before connecting, the front door refuses plain connections when TLS is required",
  { skip },
  async () => {
    for (const create of [
      () => createMysqlPool({ host: "orders.mysql.database.azure.com" }, { credential: freshSource() }),
      () => mysql2Options({ host: "orders.mysql.database.azure.com", ssl: false }, { credential: freshSource() }),
    ]) {
      await assert.rejects(async () => create(), { code: "INSECURE_CONNECTION" });
    }
    // mysql2 calls the plugin with the connection's config: it refuses there too.
    const plugin = mysql2AuthPlugins().mysql_clear_password;
    assert.throws(() => plugin({ connection: { config: { host: "orders.mysql.database.azure.com", ssl: false } } }), {
      code: "INSECURE_CONNECTION",
    });

    emu.mysqlFrontDoor.requireTls = true;
    try {
      const { ssl, ...plain } = emu.mysql;
      assert.ok(ssl);
      const pool = createMysqlPool({ ...plain }, { credential: freshSource() });
      await assert.rejects(pool.query("SELECT 1"), { errno: 3159, message: /insecure transport are prohibited/ });
      await pool.end();
    } finally {
      emu.mysqlFrontDoor.requireTls = false;
    }
  },
);

test(
  "a token for another audience is refused with 1045, retried once with a fresh token, then fails with a hint",
  { skip },
  async () => {
    // Every token is for another audience, the fresh one too, however many requests the SDK sends.
    emu.identity.wrongAudience();
    const rejected = emu.mysqlFrontDoor.rejected;
    const pool = createMysqlPool({ ...emu.mysql }, { credential: freshSource() });
    const error = await pool
      .query("SELECT 1")
      .then(
        () => assert.fail("the login should have been refused"),
        (e) => e,
      )
      .finally(() => emu.identity.reset());
    await pool.end();
    assert.equal(error.errno, 1045);
    assert.match(error.message, /^Access denied for user 'orders-web'@'127\.0\.0\.1' \(using password: YES\)$/);
    assert.match(error.hint, /check that user "orders-web" exists .*\(CREATE AADUSER\)/);
    assert.equal(emu.mysqlFrontDoor.rejected - rejected, 2, "the first token, then one fresh one");
    assert.match(emu.mysqlFrontDoor.lastRejections.at(-1).reason, /audience/);
  },
);

test(
  "an expired token (the server's clock ahead of ours) gets 1045 and a hint; a token for someone else names the right user",
  { skip },
  async () => {
    const expired = await emu.identity.mintToken("systemAssigned", { expired: true });
    const stale = createTokenSource({
      credential: { getToken: async () => ({ token: expired, expiresOnTimestamp: Date.now() + 3_600_000 }) },
    });
    const pool = createMysqlPool({ ...emu.mysql }, { credential: stale });
    await assert.rejects(pool.query("SELECT 1"), (error) => error.errno === 1045 && /CREATE AADUSER/.test(error.hint));
    await pool.end();
    assert.match(emu.mysqlFrontDoor.lastRejections.at(-1).reason, /expired/);

    const wrongUser = createMysqlPool(
      { ...emu.mysql, user: emu.principals.userAssigned.role },
      { credential: freshSource() },
    );
    await assert.rejects(wrongUser.query("SELECT 1"), (error) => {
      assert.equal(error.errno, 1045);
      assert.equal(
        error.hint,
        `the Entra ID token is for "orders-web" (from xms_mirid), but the connection logs in as "${emu.principals.userAssigned.role}": set user to "orders-web", or to a group the principal belongs to`,
      );
      return true;
    });
    await wrongUser.end();
  },
);

test("a connection past its lifetime is not handed out again", { skip }, async () => {
  const pool = createMysqlPool(
    { ...emu.mysql, connectionLimit: 1, maxLifetimeSeconds: 0.5 },
    { credential: freshSource() },
  );
  const id = async () => (await pool.query("SELECT CONNECTION_ID() AS id"))[0][0].id;
  const first = await id();
  assert.equal(await id(), first, "reused within its lifetime");
  await sleep(600);
  assert.notEqual(await id(), first, "replaced after it");
  await pool.end();
});
