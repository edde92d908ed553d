// What clients send to Azure SQL once logged in, answered by the emulator's TDS front door as SQL
// Server answers it: Transaction Manager requests (tedious' and mssql's transactions, and the
// commit-and-begin-the-next of a client with autocommit off), parameterized statements as RPCs
// (sp_executesql from tedious and mssql, sp_prepexec/sp_execute/sp_unprepare as ODBC sends them,
// tedious' prepare), and, before login, FEDAUTHREQUIRED only for a client that asked for it and
// Azure's 18456 for a SQL login.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect } from "node:net";
import tedious from "tedious";
import mssql from "mssql";
import { emulatorForTests } from "./helpers.mjs";
import {
  ENCRYPTION,
  MessageReader,
  TYPE,
  frame,
  parsePrelogin,
  preloginResponse,
} from "../js/emulator/tds/messages.mjs";

const { TYPES } = tedious;
let emu;
let identity;

before(async () => {
  ({ emu, identity } = await emulatorForTests({ sqlServer: true }));
});
after(() => emu?.close());

const authentication = () => ({
  type: "token-credential",
  options: { credential: new identity.ManagedIdentityCredential() },
});

async function login() {
  const connection = new tedious.Connection({
    server: emu.sqlServer.server,
    authentication: authentication(),
    options: { ...emu.sqlServer.options, serverName: "localhost", connectTimeout: 5000 },
  });
  connection.connect();
  const [error] = await once(connection, "connect");
  if (error) throw error;
  return connection;
}

/** Runs tedious' callback-style `method` on `connection` as a promise. */
const call = (connection, method, ...args) =>
  new Promise((resolve, reject) => connection[method]((error) => (error ? reject(error) : resolve()), ...args));

/** Runs a tedious Request made by `make(callback)` through `send(request)`; resolves to its rows. */
function rowsOf(make, send) {
  return new Promise((resolve, reject) => {
    const rows = [];
    const request = make((error) => (error ? reject(error) : resolve(rows)));
    request.on("row", (columns) => rows.push(Object.fromEntries(columns.map((c) => [c.metadata.colName, c.value]))));
    send(request);
  });
}

test("tedious: beginTransaction, a query inside it, commitTransaction; then rollbackTransaction and a savepoint", async () => {
  const connection = await login();
  try {
    await call(connection, "beginTransaction");
    assert.equal(connection.inTransaction, true);
    assert.equal(connection.transactionDescriptors.length, 2, "the server's descriptor is in use");
    const rows = await rowsOf(
      (done) => new tedious.Request("SELECT SUSER_SNAME() AS login", done),
      (request) => connection.execSql(request),
    );
    assert.deepEqual(rows, [{ login: emu.principals.systemAssigned.role }]);
    await call(connection, "commitTransaction");
    assert.equal(connection.transactionDescriptors.length, 1, "back to no transaction");

    await call(connection, "beginTransaction");
    await call(connection, "saveTransaction", "before_changes");
    await call(connection, "rollbackTransaction", "before_changes");
    assert.equal(connection.transactionDescriptors.length, 2, "a rollback to a savepoint keeps the transaction");
    await call(connection, "rollbackTransaction");
    assert.equal(connection.transactionDescriptors.length, 1);
    assert.equal(await querySelectOne(connection), 1, "the session goes on");
  } finally {
    connection.close();
  }
});

function querySelectOne(connection) {
  return rowsOf(
    (done) => new tedious.Request("SELECT 1 AS one", done),
    (request) => connection.execSqlBatch(request),
  ).then(([row]) => row.one);
}

test("a commit with no transaction gets SQL Server's 3902, and the session goes on", async () => {
  const connection = await login();
  try {
    await assert.rejects(call(connection, "commitTransaction"), { number: 3902 });
    await assert.rejects(call(connection, "rollbackTransaction"), { number: 3903 });
    assert.equal(await querySelectOne(connection), 1);
  } finally {
    connection.close();
  }
});

test("mssql's Transaction: begin, a query, commit; begin, rollback; the pool closes", async () => {
  const pool = await new mssql.ConnectionPool({
    server: emu.sqlServer.server,
    authentication: authentication(),
    options: { ...emu.sqlServer.options, serverName: "localhost" },
  }).connect();
  try {
    const transaction = new mssql.Transaction(pool);
    await transaction.begin(mssql.ISOLATION_LEVEL.READ_COMMITTED);
    const { recordset } = await new mssql.Request(transaction).query("SELECT DB_NAME() AS db");
    assert.deepEqual(recordset, [{ db: emu.sqlServer.options.database }]);
    await transaction.commit();

    const second = new mssql.Transaction(pool);
    await second.begin();
    await second.rollback();
  } finally {
    await pool.close();
  }
});

/**
 * A Transaction Manager request's payload as ODBC sends it with autocommit off: ALL_HEADERS with
 * the current transaction descriptor, the request type, then its data.
 */
function tmPayload(descriptor, type, data) {
  const headers = Buffer.alloc(22);
  headers.writeUInt32LE(22, 0); // total length
  headers.writeUInt32LE(18, 4); // this header's length
  headers.writeUInt16LE(2, 8); // transaction descriptor header
  descriptor.copy(headers, 10);
  headers.writeUInt32LE(1, 18); // outstanding requests
  const kind = Buffer.alloc(2);
  kind.writeUInt16LE(type);
  return Object.assign([Buffer.concat([headers, kind, data])], { toString: () => `TM ${type}` });
}

test("autocommit off: begin at connect, each commit and rollback begins the next (fBeginXact), close", async () => {
  const connection = await login();
  try {
    const send = (type, data) =>
      new Promise((resolve, reject) => {
        const request = new tedious.Request(undefined, (error) => (error ? reject(error) : resolve()));
        connection.makeRequest(
          request,
          TYPE.TRANSACTION_MANAGER,
          tmPayload(connection.currentTransactionDescriptor(), type, data),
        );
      });
    const READ_COMMITTED_NO_NAME = Buffer.from([0x02, 0]); // isolation level, empty name
    await send(5, READ_COMMITTED_NO_NAME); // TM_BEGIN_XACT, as at connect
    const first = connection.currentTransactionDescriptor();
    assert.equal(connection.transactionDescriptors.length, 2);

    // TM_COMMIT_XACT: no name, fBeginXact, then the new transaction's isolation level and name.
    await send(7, Buffer.from([0, 0x01, ...READ_COMMITTED_NO_NAME]));
    const second = connection.currentTransactionDescriptor();
    assert.equal(connection.transactionDescriptors.length, 2, "committed, and in a new transaction");
    assert.notDeepEqual(second, first);

    await send(8, Buffer.from([0, 0x01, ...READ_COMMITTED_NO_NAME])); // TM_ROLLBACK_XACT, begin the next
    assert.notDeepEqual(connection.currentTransactionDescriptor(), second);
    await send(8, Buffer.from([0, 0])); // the rollback a client sends as it closes
    assert.equal(connection.transactionDescriptors.length, 1);
  } finally {
    connection.close();
  }
  await once(connection, "end");
});

test("tedious Request with addParameter goes as sp_executesql; the parameters come back", async () => {
  const connection = await login();
  try {
    const rows = await rowsOf(
      (done) => {
        const request = new tedious.Request(
          "SELECT @name AS name, @count AS count, @big AS big, @ratio AS ratio, @flag AS flag, @missing AS missing, SUSER_SNAME() AS login",
          done,
        );
        request.addParameter("name", TYPES.NVarChar, "Zoë");
        request.addParameter("count", TYPES.Int, 42);
        request.addParameter("big", TYPES.BigInt, 2 ** 40);
        request.addParameter("ratio", TYPES.Float, 0.25);
        request.addParameter("flag", TYPES.Bit, true);
        request.addParameter("missing", TYPES.VarChar, null);
        return request;
      },
      (request) => connection.execSql(request),
    );
    assert.deepEqual(rows, [
      {
        name: "Zoë",
        count: 42,
        big: String(2 ** 40),
        ratio: 0.25,
        flag: true,
        missing: null,
        login: emu.principals.systemAssigned.role,
      },
    ]);
  } finally {
    connection.close();
  }
});

test("mssql request().input(...).query(...) answers with the parameter", async () => {
  const pool = await new mssql.ConnectionPool({
    server: emu.sqlServer.server,
    authentication: authentication(),
    options: { ...emu.sqlServer.options, serverName: "localhost" },
  }).connect();
  try {
    const { recordset } = await pool
      .request()
      .input("id", mssql.Int, 7)
      .input("label", mssql.NVarChar(50), "seven")
      .query("SELECT @id AS id, @label AS label, DB_NAME() AS db");
    assert.deepEqual(recordset, [{ id: 7, label: "seven", db: emu.sqlServer.options.database }]);
    await assert.rejects(pool.request().input("id", mssql.Int, 7).query("SELECT * FROM orders WHERE id = @id"), {
      number: 50000,
      message: /not a database.*SELECT \* FROM orders WHERE id = @id/,
    });
  } finally {
    await pool.close();
  }
});

test("sp_prepexec returns a handle and the rows; sp_execute runs it again; sp_unprepare drops it (as ODBC sends them)", async () => {
  const connection = await login();
  try {
    let handle;
    const procedure = (name, fill) =>
      rowsOf(
        (done) => {
          const request = new tedious.Request(name, done);
          fill(request);
          request.on("returnValue", (parameter, value) => parameter === "handle" && (handle = value));
          return request;
        },
        (request) => connection.callProcedure(request),
      );
    const rows = await procedure("sp_prepexec", (request) => {
      request.addOutputParameter("handle", TYPES.Int);
      request.addParameter("params", TYPES.NVarChar, "@P1 int, @P2 nvarchar(20)");
      request.addParameter("stmt", TYPES.NVarChar, "SELECT @P1 AS id, @P2 AS name");
      request.addParameter("P1", TYPES.Int, 1);
      request.addParameter("P2", TYPES.NVarChar, "first");
    });
    assert.deepEqual(rows, [{ id: 1, name: "first" }]);
    assert.equal(typeof handle, "number");

    const again = await procedure("sp_execute", (request) => {
      request.addParameter("handle", TYPES.Int, handle);
      request.addParameter("P1", TYPES.Int, 2);
      request.addParameter("P2", TYPES.NVarChar, "second");
    });
    assert.deepEqual(again, [{ id: 2, name: "second" }]);

    await procedure("sp_unprepare", (request) => request.addParameter("handle", TYPES.Int, handle));
    await assert.rejects(
      procedure("sp_execute", (request) => request.addParameter("handle", TYPES.Int, handle)),
      { number: 8179 },
    );
    await assert.rejects(
      procedure("sp_no_such_procedure", () => {}),
      { number: 2812, message: "Could not find stored procedure 'sp_no_such_procedure'." },
    );
  } finally {
    connection.close();
  }
});

test("tedious prepare, execute, unprepare (sp_prepare, sp_execute, sp_unprepare)", async () => {
  const connection = await login();
  try {
    const rows = [];
    const request = new tedious.Request("SELECT @word AS word", () => {});
    request.addParameter("word", TYPES.NVarChar);
    request.on("row", ([column]) => rows.push(column.value));
    await new Promise((resolve, reject) => {
      request.once("prepared", resolve);
      request.once("error", reject);
      connection.prepare(request);
    });
    for (const word of ["one", "two"]) {
      await new Promise((resolve, reject) => {
        request.once("requestCompleted", resolve);
        request.once("error", reject);
        connection.execute(request, { word });
      });
    }
    assert.deepEqual(rows, ["one", "two"]);
    await new Promise((resolve) => {
      request.once("requestCompleted", resolve);
      connection.unprepare(request);
    });
  } finally {
    connection.close();
  }
});

/** Sends a PRELOGIN in clear text to the door and returns what its answer says. */
async function preloginAnswer(fedAuthRequired) {
  const socket = connect(emu.sqlServer.options.port, emu.sqlServer.server);
  try {
    await once(socket, "connect");
    const reader = new MessageReader(socket);
    socket.write(frame(TYPE.PRELOGIN, preloginResponse({ encryption: ENCRYPTION.ON, fedAuthRequired })));
    return parsePrelogin((await reader.next()).payload);
  } finally {
    socket.destroy();
  }
}

test("PRELOGIN answers FEDAUTHREQUIRED only to a client that asked for it", async () => {
  assert.equal((await preloginAnswer(true)).fedAuthRequired, true);
  assert.equal((await preloginAnswer(false)).fedAuthRequired, false);
});

test("a SQL login gets Azure's 18456 for a server with Entra-only authentication", async () => {
  const rejected = emu.tds.rejected;
  const connection = new tedious.Connection({
    server: emu.sqlServer.server,
    authentication: { type: "default", options: { userName: "app_user", password: "a password" } },
    options: { ...emu.sqlServer.options, encrypt: true, serverName: "localhost", connectTimeout: 5000 },
  });
  connection.connect();
  const [error] = await once(connection, "connect");
  connection.close();
  assert.equal(
    error?.message,
    "Login failed for user 'app_user'. Reason: Azure Active Directory only authentication is enabled. Please contact your system administrator.",
  );
  assert.equal(emu.tds.rejected - rejected, 1);
});
