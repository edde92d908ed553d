// tedious's `token-credential` authentication with asTokenCredential(), against a minimal TDS server
// on 127.0.0.1 that asks for a federated token (as Azure SQL does) and records the one it receives.
// The emulator's own front door checks tokens; these come from an in-process fake credential.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import tedious from "tedious";
import { createTokenSource } from "entra-db-auth";
import { countingCredential } from "./helpers.mjs";
import { startTdsServer } from "./tds-server.mjs";

const SQL_SCOPE = "https://database.windows.net/.default";

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

test("a source for another resource gives tedious no token: the login fails with SCOPE_NOT_ALLOWED", async () => {
  const credential = countingCredential();
  const received = tds.tokens.length;
  const tokenCredential = createTokenSource({ credential }).asTokenCredential();
  await assert.rejects(connect(tokenCredential), (error) =>
    (error.errors ?? [error]).some((inner) => inner.code === "SCOPE_NOT_ALLOWED"),
  );
  assert.equal(tds.tokens.length, received, "the server received no token");
  assert.equal(credential.calls, 0);
});
