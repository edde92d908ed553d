// An App Service deployment slot's system-assigned identity, end to end: Entra names it
// "<app>/slots/<slot>" (its xms_mirid ends …/Microsoft.Web/sites/<app>/slots/<slot>), the role made
// for it with pgaadauth_create_principal carries that name, and the library logs in under it, not
// as the slot's name alone.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createPool, createTokenSource } from "entra-db-auth";
import { emulatorForTests } from "./helpers.mjs";

const SLOT_IDENTITY = "orders-web/slots/staging";
let emu;
let identity;

before(async () => {
  ({ emu, identity } = await emulatorForTests({
    principals: { systemAssigned: { kind: "systemAssigned", name: SLOT_IDENTITY } },
  }));
});
after(() => emu?.close());

test("a deployment slot's identity logs in as <app>/slots/<slot>, the name Entra gives it", async (t) => {
  assert.match(
    emu.principals.systemAssigned.resourceId,
    /\/providers\/Microsoft\.Web\/sites\/orders-web\/slots\/staging$/,
  );
  const source = createTokenSource({ credential: new identity.ManagedIdentityCredential() });
  t.after(() => source.close());
  assert.deepEqual(await source.describeUsername(), { name: SLOT_IDENTITY, source: "xms_mirid" });

  const pool = createPool({ ...emu.pg }, { credential: source });
  t.after(() => pool.end());
  const { rows } = await pool.query("SELECT current_user AS role");
  assert.equal(rows[0].role, SLOT_IDENTITY);
});
