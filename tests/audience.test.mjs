// A token source answers only for its own scope: a token goes only to the audience it was asked
// for, even when one source is the credential of another, through every way a scope reaches it.
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

test("a source used as another source's credential gives a storage caller a storage token", async () => {
  const dbSource = createTokenSource({ credential: new identity.ManagedIdentityCredential(), scope: emu.scope });
  const dbToken = await dbSource.getPassword();
  const outer = createTokenSource({ credential: dbSource, scope: emu.scope });
  const { token } = await outer.asTokenCredential().getToken(STORAGE);
  assert.equal(audienceOf(token), "https://storage.azure.com");
  assert.notEqual(token, dbToken);
  assert.equal(audienceOf(await outer.getPassword()), emu.audience, "its own scope is still the database's");
});

test("a source asked for another scope answers with that scope's token, and for its own with its own", async () => {
  const source = createTokenSource({ credential: new identity.ManagedIdentityCredential(), scope: emu.scope });
  assert.equal(audienceOf((await source.getToken(STORAGE)).token), "https://storage.azure.com");
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
