// Azure SQL's Redirect connection policy (the default from inside Azure), on the emulator: the
// port a client is given is a gateway that answers a valid login with a routing ENVCHANGE (type
// 20) to a worker port; the client logs in again there, and the worker checks that login's token
// too. tedious follows the routing itself, and so mssql does.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect as netConnect } from "node:net";
import tedious from "tedious";
import mssql from "mssql";
import { emulatorForTests } from "./helpers.mjs";

let emu;
let identity;

before(async () => {
  ({ emu, identity } = await emulatorForTests({ sqlServer: { redirect: true } }));
});
after(() => emu?.close());

const options = () => ({ ...emu.sqlServer.options, serverName: "localhost", connectTimeout: 5000 });

function counters() {
  const { accepted, rejected, redirects } = emu.tds;
  return { accepted, rejected, redirects };
}

function since(before) {
  const now = counters();
  return Object.fromEntries(Object.entries(now).map(([key, value]) => [key, value - before[key]]));
}

async function connect(credential, encrypt = "strict") {
  const connection = new tedious.Connection({
    server: emu.sqlServer.server,
    authentication: { type: "token-credential", options: { credential } },
    options: { ...options(), encrypt },
  });
  let reroutes = 0;
  connection.on("rerouting", () => (reroutes += 1));
  connection.connect();
  const [error] = await once(connection, "connect");
  if (error) {
    connection.close();
    throw error;
  }
  return { connection, reroutes };
}

for (const encrypt of ["strict", true]) {
  test(`tedious (encrypt: ${encrypt}) is routed from the gateway to the worker and logs in there`, async () => {
    const before = counters();
    const { connection, reroutes } = await connect(new identity.ManagedIdentityCredential(), encrypt);
    try {
      assert.equal(reroutes, 1, "tedious followed one routing ENVCHANGE");
      assert.equal(connection.socket.remotePort ?? connection.socket.socket?.remotePort, emu.tds.workerPort);
      const login = await new Promise((resolve, reject) => {
        let value;
        const request = new tedious.Request("SELECT SUSER_SNAME()", (error) =>
          error ? reject(error) : resolve(value),
        );
        request.on("row", ([column]) => (value = column.value));
        connection.execSql(request);
      });
      assert.equal(login, emu.principals.systemAssigned.role);
    } finally {
      connection.close();
    }
    assert.deepEqual(since(before), { accepted: 1, rejected: 0, redirects: 1 });
  });
}

test("the worker checks the token of the second login: one good at the gateway, then a bad one, is refused", async () => {
  const good = await emu.identity.mintToken("systemAssigned", { audience: "https://database.windows.net/" });
  const tokens = [good, `${good.slice(0, -8)}AAAAAAAA`]; // the second one's signature is broken
  const credential = {
    async getToken() {
      return { token: tokens.shift() ?? good, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  const before = counters();
  await assert.rejects(connect(credential), /Login failed for user '<token-identified principal>'/);
  assert.deepEqual(since(before), { accepted: 0, rejected: 1, redirects: 1 });
});

test("mssql's pool logs in through the gateway and runs queries on the worker", async () => {
  const before = counters();
  const pool = await new mssql.ConnectionPool({
    server: emu.sqlServer.server,
    authentication: { type: "token-credential", options: { credential: new identity.ManagedIdentityCredential() } },
    options: options(),
    pool: { min: 0, max: 2 },
  }).connect();
  try {
    const { recordset } = await pool.request().query("SELECT DB_NAME() AS db");
    assert.deepEqual(recordset, [{ db: emu.sqlServer.options.database }]);
  } finally {
    await pool.close();
  }
  const { accepted, redirects } = since(before);
  assert.ok(accepted >= 1, "at least one session on the worker");
  assert.equal(redirects, accepted, "every session came through the gateway");
});

test("redirect: { host } names the worker by that host in the routing; a connector given it dials the worker", async () => {
  const { startEmulator } = await import("entra-db-auth/emulator");
  const routedName = "orders-worker.database.windows.net";
  const other = await startEmulator({ sqlServer: { redirect: { host: routedName } } });
  try {
    const token = await other.identity.mintToken("systemAssigned", { audience: "https://database.windows.net/" });
    const credential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const dialed = [];
    const connector = async ({ host }) => {
      dialed.push(host);
      const port = host === routedName ? other.tds.workerPort : other.sqlServer.options.port;
      return netConnect(port, "127.0.0.1");
    };
    const connection = new tedious.Connection({
      server: "orders.database.windows.net",
      authentication: { type: "token-credential", options: { credential } },
      options: { ...other.sqlServer.options, serverName: "localhost", connector, connectTimeout: 5000 },
    });
    let routedTo;
    connection.on("rerouting", () => (routedTo = { ...connection.routingData }));
    connection.connect();
    const [error] = await once(connection, "connect");
    connection.close();
    assert.ifError(error);
    assert.deepEqual(routedTo, { server: routedName, port: other.tds.workerPort, instance: undefined });
    assert.deepEqual(dialed, ["orders.database.windows.net", routedName]);
    assert.equal(other.tds.redirects, 1);
    assert.equal(other.tds.accepted, 1);
  } finally {
    await other.close();
  }
});

test("tediousAuthentication judges the routed worker, not the gateway: a worker off this machine that declines TLS gets no token", async () => {
  const { startEmulator } = await import("entra-db-auth/emulator");
  const { tediousAuthentication } = await import("entra-db-auth");
  const routedName = "orders-worker.database.windows.net";
  const other = await startEmulator({ sqlServer: { redirect: { host: routedName } } });
  try {
    other.tds.declineTls = true;
    const token = await other.identity.mintToken("systemAssigned", { audience: "https://database.windows.net/" });
    const credential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const connector = async ({ host }) =>
      netConnect(host === routedName ? other.tds.workerPort : other.sqlServer.options.port, "127.0.0.1");
    // The gateway is on loopback, where clear text is allowed; the worker it routes to is not.
    const config = {
      server: "127.0.0.1",
      options: { ...other.sqlServer.options, encrypt: true, connector, connectTimeout: 5000 },
    };
    const connection = new tedious.Connection({
      ...config,
      authentication: tediousAuthentication(config, { credential }),
    });
    connection.connect();
    const [error] = await once(connection, "connect");
    connection.close();
    assert.equal(error?.code, "INSECURE_CONNECTION", error?.message);
    assert.match(error.message, /orders-worker\.database\.windows\.net/);
    assert.equal(other.tds.redirects, 1, "the gateway routed the first login");
    assert.equal(other.tds.clearTextTokens, 1, "only the gateway's loopback login carried a token");
  } finally {
    await other.close();
  }
});

test("createMssqlPool follows the redirect with the one cached token and counts it", async () => {
  const { createMssqlPool, createTokenSource } = await import("entra-db-auth");
  const source = createTokenSource({ credential: new identity.ManagedIdentityCredential(), scope: emu.sqlScope });
  const before = counters();
  const pool = await createMssqlPool({ ...emu.sqlServer, pool: { max: 3 } }, { credential: source }).connect();
  const connections = await Promise.all([1, 2, 3].map(() => pool.acquire(pool)));
  for (const connection of connections) pool.release(connection);
  const { logins, redirects } = pool.stats();
  await pool.close();
  source.close();
  assert.equal(logins, 4, "mssql's probe connection, then 3 pooled ones");
  assert.equal(redirects, logins, "each came through the gateway");
  assert.equal(since(before).redirects, redirects);
  assert.equal(source.stats().requests, 1, "one token for every login, on the gateway and the worker");
});
