// Garbage on a front door ends that connection, with the protocol's own error where it has one,
// and the door stays up: the next good login works. The bytes are pseudo-random from fixed seeds,
// so that a failure can be replayed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect } from "node:net";
import pg from "pg";
import tedious from "tedious";
import mysql from "mysql2/promise";
import { emulatorForTests, mariadbSkip } from "./helpers.mjs";

const mysqlSkip = mariadbSkip();
const SEEDS = [1, 2, 3, 5, 8, 13, 21, 34];
let emu;
let identity;

before(async () => {
  ({ emu, identity } = await emulatorForTests({ sqlServer: true, mysql: !mysqlSkip }));
});
after(() => emu?.close());

/** `length` pseudo-random bytes from `seed` (mulberry32). */
function garbage(seed, length = 256) {
  let state = seed >>> 0;
  return Buffer.from(
    Array.from({ length }, () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) & 0xff;
    }),
  );
}

/**
 * Connects to `port`, waits for `before(socket)` (what the server says first, if anything), sends
 * `bytes`, and resolves to everything the server sent after them once it has closed the connection.
 */
async function sendAndWaitForClose(port, bytes, before = async () => {}) {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  await before(socket);
  const received = [];
  socket.on("data", (chunk) => received.push(chunk));
  socket.on("error", () => {});
  socket.write(bytes);
  await once(socket, "close");
  return Buffer.concat(received);
}

test("TDS: garbage instead of PRELOGIN, and garbage inside a logged-in session, end the connection; logins go on", async () => {
  for (const seed of SEEDS) {
    await sendAndWaitForClose(emu.sqlServer.options.port, garbage(seed));
  }
  const login = async () => {
    const connection = new tedious.Connection({
      server: emu.sqlServer.server,
      authentication: { type: "token-credential", options: { credential: new identity.ManagedIdentityCredential() } },
      options: { ...emu.sqlServer.options, serverName: "localhost", connectTimeout: 5000 },
    });
    connection.connect();
    const [error] = await once(connection, "connect");
    assert.ifError(error);
    return connection;
  };
  // After login (TDS 8: the socket tedious writes to is the TLS one), random bytes where a request
  // would be: SQL Server ends the connection; so does the door.
  const session = await login();
  const errors = [];
  session.on("error", (error) => errors.push(error));
  const ended = once(session, "end");
  session.socket.write(garbage(99));
  await ended;
  assert.match(errors[0]?.message ?? "", /Connection lost/, "tedious hears the server hang up");

  const connection = await login();
  try {
    const value = await new Promise((resolve, reject) => {
      let one;
      const request = new tedious.Request("SELECT 1", (error) => (error ? reject(error) : resolve(one)));
      request.on("row", ([column]) => (one = column.value));
      connection.execSql(request);
    });
    assert.equal(value, 1);
  } finally {
    connection.close();
  }
});

test(
  "MySQL: garbage after the greeting gets ERR 1043 Bad handshake and the connection ends; logins go on",
  { skip: mysqlSkip },
  async () => {
    for (const seed of SEEDS) {
      const reply = await sendAndWaitForClose(emu.mysql.port, garbage(seed), async (socket) => {
        await once(socket, "data"); // the greeting
      });
      // ERR_Packet, sequence id 2: 0xff, error code 1043, '#', SQLSTATE 08S01, message.
      assert.equal(reply[3], 2, `seed ${seed}: sequence id`);
      assert.equal(reply[4], 0xff, `seed ${seed}: an ERR packet`);
      assert.equal(reply.readUInt16LE(5), 1043);
      assert.equal(reply.subarray(7).toString(), "#08S01Bad handshake");
    }
    const user = emu.principals.systemAssigned.role;
    const token = await emu.identity.mintToken("systemAssigned");
    const connection = await mysql.createConnection({
      ...emu.mysql,
      user,
      password: token,
      enableCleartextPlugin: true,
    });
    try {
      assert.equal((await connection.query("SELECT 1 AS one"))[0][0].one, 1);
    } finally {
      await connection.end();
    }
  },
);

test("PostgreSQL: garbage instead of a startup packet ends the connection; logins go on", async () => {
  for (const seed of SEEDS) {
    const reply = await sendAndWaitForClose(emu.pg.port, garbage(seed));
    // PostgreSQL answers an unreadable startup packet by hanging up (it only logs "invalid length
    // of startup packet"); an unknown protocol version gets an ErrorResponse.
    if (reply.length) assert.equal(String.fromCharCode(reply[0]), "E", `seed ${seed}: an ErrorResponse or nothing`);
  }
  const client = new pg.Client({
    ...emu.pg,
    user: emu.principals.systemAssigned.role,
    password: await emu.identity.mintToken("systemAssigned"),
  });
  await client.connect();
  try {
    assert.equal((await client.query("SELECT 1 AS one")).rows[0].one, 1);
  } finally {
    await client.end();
  }
});
