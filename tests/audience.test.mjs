// A token source answers only for its own scope: a token goes only to the audience it was asked
// for, even when one source is the credential of another, through every way a scope reaches it;
// a caller that asks a source for another resource gets SCOPE_NOT_ALLOWED, never a token.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createTokenSource, sharedTokenSource } from "entra-db-auth";
import { emulatorForTests } from "./helpers.mjs";

const STORAGE = "https://storage.azure.com/.default";
let emu;
let identity;

before(async () => ({ emu, identity } = await emulatorForTests()));
after(() => emu?.close());

/** The `aud` claim of a token the emulator signed. */
const audienceOf = (token) => JSON.parse(Buffer.from(token.split(".")[1], "base64url")).aud;

test("a source made over a database source for storage asks the credential for a storage token", async () => {
  const dbSource = createTokenSource({ credential: new identity.ManagedIdentityCredential(), scope: emu.scope });
  const dbToken = await dbSource.getPassword();
  const storage = createTokenSource({ credential: dbSource, scope: STORAGE });
  const { token } = await storage.asTokenCredential().getToken(STORAGE);
  assert.equal(audienceOf(token), "https://storage.azure.com");
  assert.notEqual(token, dbToken);
  assert.equal(audienceOf(await dbSource.getPassword()), emu.audience, "the database source is unchanged");
});

test("a source asked for another scope refuses with SCOPE_NOT_ALLOWED, and answers for its own", async () => {
  const source = createTokenSource({ credential: new identity.ManagedIdentityCredential(), scope: emu.scope });
  const requests = emu.identity.requests.total;
  await assert.rejects(source.getToken(STORAGE), { code: "SCOPE_NOT_ALLOWED" });
  await assert.rejects(source.asTokenCredential().getToken(STORAGE), { code: "SCOPE_NOT_ALLOWED" });
  assert.equal(emu.identity.requests.total, requests, "no token was requested for storage");
  assert.equal(audienceOf((await source.getToken([emu.scope])).token), emu.audience);
  assert.equal(audienceOf((await source.getToken()).token), emu.audience);
});

test("sharedTokenSource(source, otherScope) is not that source, and asks for the other scope", async () => {
  const credential = new identity.ManagedIdentityCredential();
  const source = createTokenSource({ credential, scope: emu.scope });
  assert.equal(sharedTokenSource(source), source);
  assert.equal(sharedTokenSource(source, emu.scope), source);
  const storage = sharedTokenSource(source, STORAGE);
  assert.notEqual(storage, source);
  assert.equal(storage.scope, STORAGE);
  assert.equal(storage, sharedTokenSource(credential, STORAGE), "the credential's shared source for that scope");
  assert.equal(audienceOf(await storage.getPassword()), "https://storage.azure.com");
});
