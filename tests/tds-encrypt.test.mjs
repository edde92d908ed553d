// The emulator's Azure SQL front door serves both ways TDS is encrypted: TDS 7.4 (`encrypt: true`,
// tedious' and mssql's default: PRELOGIN in clear text, then the TLS handshake inside PRELOGIN
// packets) and TDS 8 (`encrypt: "strict"`), with its certificate verified against the run's CA for
// `localhost`. With the fault `declineTls` it answers PRELOGIN "encryption not supported", as a man
// in the middle can: plain tedious then logs in in clear text, and entra-db-auth sends no token.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect } from "node:net";
import tedious from "tedious";
import { createMssqlPool, tediousAuthentication } from "entra-db-auth";
import { emulatorForTests } from "./helpers.mjs";
import {
  ENCRYPTION,
  MessageReader,
  TYPE,
  frame,
  parsePrelogin,
  preloginResponse,
} from "../js/emulator/tds/messages.mjs";

let emu;
let identity;

before(async () => {
  ({ emu, identity } = await emulatorForTests({ sqlServer: true }));
});
after(() => emu?.close());

/**
 * tedious' options for the front door with `encrypt`: the certificate checked against the run's CA
 * (trustServerCertificate false) for the name `localhost`, which the run's certificates are for.
 */
function optionsWith(encrypt) {
  return { ...emu.sqlServer.options, encrypt, serverName: "localhost", connectTimeout: 5000 };
}

/**
 * The same under an Azure server name, reached through tedious' connector: entra-db-auth checks
 * a server off this machine (not a loopback name) for TLS before it hands over a token.
 */
function azureNamed(encrypt) {
  const connector = async () => connect(emu.sqlServer.options.port, emu.sqlServer.server);
  return { server: "orders.database.windows.net", options: { ...optionsWith(encrypt), connector } };
}

/** A plain tedious login (no entra-db-auth) with a managed identity token; resolves to the connection. */
async function plainTedious(encrypt) {
  const connection = new tedious.Connection({
    server: emu.sqlServer.server,
    authentication: { type: "token-credential", options: { credential: new identity.ManagedIdentityCredential() } },
    options: optionsWith(encrypt),
  });
  connection.connect();
  const [error] = await once(connection, "connect");
  if (error) {
    connection.close();
    throw error;
  }
  return connection;
}

function query(connection, sql) {
  return new Promise((resolve, reject) => {
    let value;
    const request = new tedious.Request(sql, (error) => (error ? reject(error) : resolve(value)));
    request.on("row", ([column]) => (value = column.value));
    connection.execSql(request);
  });
}

/** Runs `body` with the door declining TLS, and returns how many tokens reached it in clear text. */
async function whileDecliningTls(body) {
  const before = emu.tds.clearTextTokens;
  emu.tds.declineTls = true;
  try {
    await body();
  } finally {
    emu.tds.declineTls = false;
  }
  return emu.tds.clearTextTokens - before;
}

test("tedious with encrypt: true logs in over TLS inside PRELOGIN, the certificate verified", async () => {
  const config = azureNamed(true);
  const connection = new tedious.Connection({ ...config, authentication: tediousAuthentication(config) });
  connection.connect();
  const [error] = await once(connection, "connect");
  assert.ifError(error);
  try {
    assert.equal(connection.messageIo.tlsNegotiationComplete, true);
    assert.equal(await query(connection, "SELECT SUSER_SNAME()"), emu.principals.systemAssigned.role);
  } finally {
    connection.close();
  }
});

test("mssql (createMssqlPool) with encrypt: true logs in over TLS and runs a query", async () => {
  const pool = await createMssqlPool(azureNamed(true), {
    credential: new identity.ManagedIdentityCredential(),
  }).connect();
  try {
    const connection = await pool.acquire(pool);
    assert.equal(connection.messageIo.tlsNegotiationComplete, true);
    pool.release(connection);
    const { recordset } = await pool.request().query("SELECT SUSER_SNAME() AS login, DB_NAME() AS db");
    assert.deepEqual(recordset, [{ login: emu.principals.systemAssigned.role, db: emu.sqlServer.options.database }]);
  } finally {
    await pool.close();
  }
});

test("encrypt: true refuses a certificate that does not chain to the trusted CA", async () => {
  const accepted = emu.tds.accepted;
  const connection = new tedious.Connection({
    server: emu.sqlServer.server,
    authentication: { type: "token-credential", options: { credential: new identity.ManagedIdentityCredential() } },
    options: { ...optionsWith(true), cryptoCredentialsDetails: {} }, // Node's roots only
  });
  connection.connect();
  const [error] = await once(connection, "connect");
  connection.close();
  assert.match(error?.message ?? "", /certificate/i);
  assert.equal(emu.tds.accepted, accepted);
});

test('encrypt: "strict" (TDS 8) still logs in, TLS from the first byte', async () => {
  const connection = await plainTedious("strict");
  try {
    assert.equal(connection.socket.encrypted, true);
    assert.equal(connection.socket.alpnProtocol, "tds/8.0");
    assert.equal(await query(connection, "SELECT 1"), 1);
  } finally {
    connection.close();
  }
});

test("a client that cannot encrypt (tedious encrypt: false) is told encryption is required", async () => {
  const accepted = emu.tds.accepted;
  await assert.rejects(plainTedious(false), { code: "EENCRYPT" });
  assert.equal(emu.tds.accepted, accepted);
});

test("PRELOGIN's ENCRYPTION is answered as a server that requires encryption (MS-TDS 2.2.6.5)", async () => {
  // The client's value → the server's answer, and whether the server then closes the connection
  // (otherwise it waits for the TLS handshake, which the tedious tests above go through).
  const table = [
    [ENCRYPTION.OFF, ENCRYPTION.REQ, false], // may encrypt, does not ask: must encrypt it all
    [ENCRYPTION.ON, ENCRYPTION.ON, false],
    [ENCRYPTION.REQ, ENCRYPTION.ON, false],
    [ENCRYPTION.NOT_SUP, ENCRYPTION.REQ, true],
  ];
  for (const [asked, expected, closes] of table) {
    const socket = connect(emu.sqlServer.options.port, emu.sqlServer.server);
    try {
      const reader = new MessageReader(socket);
      // A PRELOGIN has the same option table either way: this one says VERSION and `asked`.
      socket.write(frame(TYPE.PRELOGIN, preloginResponse({ encryption: asked })));
      const reply = await reader.next();
      assert.equal(reply?.type, TYPE.TABULAR_RESULT);
      assert.equal(parsePrelogin(reply.payload).encryption, expected, `client ${asked}`);
      if (closes) assert.equal(await reader.next(), undefined, `client ${asked} is disconnected`);
    } finally {
      socket.destroy();
    }
  }
});

test("declineTls: plain tedious with encrypt: true goes on in clear text, and its token is counted", async () => {
  const clearTextTokens = await whileDecliningTls(async () => {
    const connection = await plainTedious(true);
    try {
      assert.equal(connection.messageIo.tlsNegotiationComplete, false);
      assert.equal(await query(connection, "SELECT SUSER_SNAME()"), emu.principals.systemAssigned.role);
    } finally {
      connection.close();
    }
  });
  assert.equal(clearTextTokens, 1);
});

test("declineTls: createMssqlPool refuses with INSECURE_CONNECTION and sends no token", async () => {
  const clearTextTokens = await whileDecliningTls(async () => {
    const pool = createMssqlPool(azureNamed(true), { credential: new identity.ManagedIdentityCredential() });
    await assert.rejects(pool.connect(), (error) => {
      const causes = [error, error.originalError, ...(error.originalError?.errors ?? [])];
      assert.ok(
        causes.some((cause) => cause?.code === "INSECURE_CONNECTION"),
        error.message,
      );
      return true;
    });
  });
  assert.equal(clearTextTokens, 0);
});

test("declineTls: tediousAuthentication refuses with INSECURE_CONNECTION and sends no token", async () => {
  const clearTextTokens = await whileDecliningTls(async () => {
    const config = azureNamed(true);
    const connection = new tedious.Connection({ ...config, authentication: tediousAuthentication(config) });
    connection.connect();
    const [error] = await once(connection, "connect");
    connection.close();
    assert.equal(error?.code, "INSECURE_CONNECTION", error?.message);
  });
  assert.equal(clearTextTokens, 0);
});

test('declineTls: an encrypt: "strict" client is disconnected, as no TLS is on offer', async () => {
  const clearTextTokens = await whileDecliningTls(async () => {
    await assert.rejects(plainTedious("strict"), { code: "ESOCKET" });
  });
  assert.equal(clearTextTokens, 0);
});
