// The registry behind sharedTokenSource: one source per (credential, scope), shared, and bounded,
// since the default credential's entry lives as long as the process and a scope can come from outside.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedTokenSource } from "entra-db-auth";
import { countingCredential } from "./helpers.mjs";

const scope = (name) => `https://${name}.example/.default`;

test("the default credential keeps at most 64 scopes' sources: the oldest leaves first", () => {
  const first = sharedTokenSource(undefined, scope("first"));
  const second = sharedTokenSource(undefined, scope("second"));
  assert.equal(sharedTokenSource(undefined, scope("first")), first, "shared while it is kept");
  for (let i = 0; i < 63; i++) sharedTokenSource(undefined, scope(`scope-${i}`));
  assert.notEqual(sharedTokenSource(undefined, scope("first")), first, "the 65th scope pushed out the first");
  assert.equal(sharedTokenSource(undefined, scope("scope-62")), sharedTokenSource(undefined, scope("scope-62")));
  assert.notEqual(sharedTokenSource(undefined, scope("second")), second);
});

test("a credential's sources are bounded the same way, and an evicted one still works for its users", async () => {
  const credential = countingCredential();
  const evicted = sharedTokenSource(credential, scope("first"));
  for (let i = 0; i < 64; i++) sharedTokenSource(credential, scope(`scope-${i}`));
  assert.notEqual(sharedTokenSource(credential, scope("first")), evicted);
  assert.equal(typeof (await evicted.getPassword()), "string");
  assert.deepEqual(credential.scopes, [scope("first")]);
});
