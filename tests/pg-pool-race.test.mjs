// createPool's retry after 28P01 refuses the token pg really sent. A background refresh can land
// between createPool's own fetch and the moment pg asks for the password: the refused token is
// then the newer one, and that is the one to drop before the retry.
import { once } from "node:events";
import { Socket } from "node:net";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createPool, createTokenSource } from "entra-db-auth";
import { emulatorForTests } from "./helpers.mjs";

let emu;
let identity;
before(async () => ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: 60 })));
after(() => emu?.close());

test("a refresh that lands between createPool's fetch and pg's login, with a refused token, is retried", async (t) => {
  // Tokens 1 and 2 are for the wrong audience, token 3 is right. createPool fetches the first token
  // at once; the source's own timer replaces it with the second at 10% of its minute, 6 s later.
  emu.identity.wrongAudience(undefined, { count: 2 });
  const source = createTokenSource({
    credential: new identity.DefaultAzureCredential(),
    scope: emu.scope,
    jitter: 0,
    refreshAt: 0.1,
  });
  t.after(() => source.close());
  await source.getPassword();
  const refreshed = once(source, "refresh");
  // pg's first socket connects only once that refresh has landed: pg then sends the second token.
  class AfterRefresh extends Socket {
    connect(...args) {
      refreshed.then(() => super.connect(...args));
      return this;
    }
  }
  let sockets = 0;
  const stream = () => (sockets++ === 0 ? new AfterRefresh() : new Socket());
  const pool = createPool({ ...emu.pg, stream }, { credential: source });
  const rejectedBefore = emu.frontDoor.rejected;
  assert.equal((await pool.query("SELECT current_user AS role")).rows[0].role, emu.principals.systemAssigned.role);
  assert.equal(emu.frontDoor.rejected - rejectedBefore, 1, "the token pg sent was refused once, then replaced");
  assert.equal(source.stats().requests, 3);
  await pool.end();
});
