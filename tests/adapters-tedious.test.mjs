// tedious's `token-credential` authentication with asTokenCredential(), against a minimal TDS server
// on 127.0.0.1 that asks for a federated token (as Azure SQL does) and records the one it receives.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import tedious from "tedious";
import { createTokenSource } from "entra-db-auth";
import { countingCredential } from "./helpers.mjs";

const SQL_SCOPE = "https://database.windows.net/.default";
const TYPE = { TABULAR_RESULT: 0x04, SQL_BATCH: 0x01, LOGIN7: 0x10, PRELOGIN: 0x12, FEDAUTH_TOKEN: 0x08 };

/** One TDS message in packets of 8-byte headers (type, status 1 = last, big-endian length). */
function packet(type, payload) {
  const header = Buffer.from([type, 0x01, 0, 0, 0, 0, 1, 0]);
  header.writeUInt16BE(8 + payload.length, 2);
  return Buffer.concat([header, payload]);
}

/** Server's PRELOGIN answer: a version, no encryption, federated authentication required. */
function preloginResponse() {
  const options = [
    [0x00, Buffer.from([15, 0, 0x07, 0xd0, 0, 0])],
    [0x01, Buffer.from([0x02])],
    [0x06, Buffer.from([0x01])],
  ];
  const table = Buffer.alloc(options.length * 5 + 1, 0xff);
  let offset = table.length;
  options.forEach(([token, data], i) => {
    table.writeUInt8(token, i * 5);
    table.writeUInt16BE(offset, i * 5 + 1);
    table.writeUInt16BE(data.length, i * 5 + 3);
    offset += data.length;
  });
  return Buffer.concat([table, ...options.map(([, data]) => data)]);
}

/** FEDAUTHINFO: where to get a token (STS URL) and for which resource (SPN). */
function fedAuthInfo(stsurl, spn) {
  const [sts, spnData] = [Buffer.from(stsurl, "ucs2"), Buffer.from(spn, "ucs2")];
  const data = Buffer.alloc(4 + 2 * 9);
  data.writeUInt32LE(2, 0);
  [
    [0x01, sts, data.length],
    [0x02, spnData, data.length + sts.length],
  ].forEach(([id, value, at], i) => {
    data.writeUInt8(id, 4 + i * 9);
    data.writeUInt32LE(value.length, 5 + i * 9);
    data.writeUInt32LE(at, 9 + i * 9);
  });
  const body = Buffer.concat([data, sts, spnData]);
  const header = Buffer.alloc(5);
  header.writeUInt8(0xee, 0);
  header.writeUInt32LE(body.length, 1);
  return Buffer.concat([header, body]);
}

const DONE = Buffer.from([0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

function loginAck() {
  const name = "fake";
  const body = Buffer.alloc(1 + 4 + 1 + name.length * 2 + 4);
  body.writeUInt8(1, 0);
  body.writeUInt32BE(0x74000004, 1);
  body.writeUInt8(name.length, 5);
  body.write(name, 6, "ucs2");
  body.set([15, 0, 0, 0], 6 + name.length * 2);
  const header = Buffer.alloc(3);
  header.writeUInt8(0xad, 0);
  header.writeUInt16LE(body.length, 1);
  return Buffer.concat([header, body]);
}

/** Answers each client message in turn; records the federated tokens it is sent. */
function startTdsServer() {
  const tokens = [];
  const server = createServer((socket) => {
    let buffered = Buffer.alloc(0);
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 8 && buffered.length >= buffered.readUInt16BE(2)) {
        const length = buffered.readUInt16BE(2);
        const [type, payload] = [buffered[0], buffered.subarray(8, length)];
        buffered = buffered.subarray(length);
        if (type === TYPE.PRELOGIN) socket.write(packet(TYPE.TABULAR_RESULT, preloginResponse()));
        if (type === TYPE.LOGIN7) {
          const info = fedAuthInfo("https://login.microsoftonline.com/tenant", "https://database.windows.net/");
          socket.write(packet(TYPE.TABULAR_RESULT, info));
        }
        if (type === TYPE.FEDAUTH_TOKEN) {
          tokens.push(payload.toString("ucs2", 8, 8 + payload.readUInt32LE(4)));
          socket.write(packet(TYPE.TABULAR_RESULT, Buffer.concat([loginAck(), DONE])));
        }
        if (type === TYPE.SQL_BATCH) socket.write(packet(TYPE.TABULAR_RESULT, DONE));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, tokens })));
}

let tds;
before(async () => (tds = await startTdsServer()));
after(() => tds.server.close());

function connect(credential) {
  const connection = new tedious.Connection({
    server: "127.0.0.1",
    authentication: { type: "token-credential", options: { credential } },
    options: { port: tds.server.address().port, encrypt: false, connectTimeout: 5_000 },
  });
  return new Promise((resolve, reject) => {
    connection.on("connect", (error) => (error ? reject(error) : resolve(connection)));
    connection.connect();
  });
}

test("tedious logs in with the cached token: two connections, one credential call", async () => {
  const credential = countingCredential();
  const source = createTokenSource({ credential, scope: SQL_SCOPE });
  const connections = [await connect(source.asTokenCredential()), await connect(source.asTokenCredential())];
  for (const connection of connections) connection.close();
  assert.deepEqual(tds.tokens.slice(-2), [await source.getPassword(), await source.getPassword()]);
  assert.deepEqual(credential.scopes, [SQL_SCOPE], "tedious asks for the SPN's /.default scope");
});

test("a source for another scope serves tedious's scope from the same credential's shared cache", async () => {
  const credential = countingCredential();
  const tokenCredential = createTokenSource({ credential }).asTokenCredential();
  (await connect(tokenCredential)).close();
  (await connect(tokenCredential)).close();
  assert.equal(tds.tokens.at(-1), tds.tokens.at(-2));
  assert.deepEqual(credential.scopes, [SQL_SCOPE]);
});
