// No private key ships: not in the repository, not in the npm tarball. A published key is a key
// anyone can sign with; the emulator makes its TLS keys in memory for each run instead (tls.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// PKCS#8, encrypted PKCS#8, and the traditional RSA/EC/DSA/OPENSSH forms.
const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

/**
 * Test fixtures allowed to hold a private key, by path: each must never be packed and must not be
 * a certificate authority's. None today; a fixture that needs one gets a line here with its reason.
 */
const ALLOWED = new Map();

function holdsPrivateKey(path) {
  try {
    return PEM_PRIVATE_KEY.test(readFileSync(new URL(path, `file://${root}`), "latin1"));
  } catch (error) {
    if (error.code === "ENOENT" || error.code === "EISDIR") return false; // deleted in this work tree, or a submodule
    throw error;
  }
}

function packedPaths() {
  const [{ files }] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" }),
  );
  return files.map((file) => file.path);
}

test("no file in the repository holds a PEM private key", () => {
  const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
  assert.ok(tracked.length > 50, `git ls-files listed ${tracked.length} files`);
  const offenders = tracked.filter((path) => !ALLOWED.has(path) && holdsPrivateKey(path));
  assert.deepEqual(offenders, [], "files holding a private key");
});

test("no file npm would pack holds a PEM private key, allowed fixtures included", { timeout: 120_000 }, () => {
  const packed = packedPaths();
  assert.ok(packed.includes("js/emulator/tls.mjs"), "the emulator is packed, so the list is the real one");
  const offenders = packed.filter((path) => holdsPrivateKey(path));
  assert.deepEqual(offenders, [], "packed files holding a private key");
  for (const path of ALLOWED.keys())
    assert.ok(!packed.includes(path), `${path} is a test fixture and must not be packed`);
});
