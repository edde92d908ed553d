// tedious's `token-credential` authentication with asTokenCredential(), against a minimal TDS server
// on 127.0.0.1 that asks for a federated token (as Azure SQL does) and records the one it receives.
// The emulator's own front door checks tokens; these come from an in-process fake credential.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import tedious from "tedious";
import { createTokenSource } from "entra-db-auth";
import { countingCredential } from "./helpers.mjs";
import {
  ENCRYPTION,
  MessageReader,
  TYPE,
  done,
  fedAuthAck,
  fedAuthInfo,
  frame,
  loginAck,
  parseFedAuthToken,
  preloginResponse,
  TDS_7_4,
} from "../js/emulator/tds/messages.mjs";

const SQL_SCOPE = "https://database.windows.net/.default";

/**
 * A TDS server from the emulator's messages that takes any token: it asks for a federated token
 * the way Azure SQL does (PRELOGIN with FEDAUTHREQUIRED, then FEDAUTHINFO), records the token it is
 * sent and logs the client in; a batch gets DONE.
 */
function startTdsServer() {
  const tokens = [];
  const server = createServer(async (socket) => {
    socket.on("error", () => {});
    const send = (payload) => socket.write(frame(TYPE.TABULAR_RESULT, payload));
    const reader = new MessageReader(socket);
    for (let request = await reader.next(); request; request = await reader.next()) {
      if (request.type === TYPE.PRELOGIN) send(preloginResponse({ encryption: ENCRYPTION.NOT_SUP }));
      if (request.type === TYPE.LOGIN7) {
        send(fedAuthInfo({ stsUrl: "https://login.microsoftonline.com/tenant", spn: "https://database.windows.net/" }));
      }
      if (request.type === TYPE.FEDAUTH_TOKEN) {
        tokens.push(parseFedAuthToken(request.payload));
        send(Buffer.concat([loginAck(TDS_7_4), fedAuthAck(), done()]));
      }
      if (request.type === TYPE.SQL_BATCH) send(done());
    }
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
