// A newcomer with Node but no Rust: on a copy of the repository's files, with a PATH that has node,
// npm and the system's tools but no cargo or rustup, `npm install` succeeds on the prebuilt core and
// runs no script of ours, `npm run demo` runs, and `npm test` and `npm run build` stop at once with
// what to install. Nothing prints a stack trace.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const STACK_FRAME = /^\s+at .+[:(]/m;

// The machine's PATH without Rust's bin folders, with this node first.
const PATH = [
  dirname(process.execPath),
  ...process.env.PATH.split(":").filter((dir) => !existsSync(join(dir, "cargo")) && !existsSync(join(dir, "rustup"))),
].join(":");
const env = { ...process.env, PATH, CARGO_HOME: "/nonexistent", RUSTUP_HOME: "/nonexistent" };

/** Runs `npm args` in the copy; resolves to { code, output } (stdout and stderr together). */
function npm(cwd, args, timeout = 300_000) {
  return new Promise((resolve) => {
    execFile("npm", args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (error.code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
    );
  });
}

let clone;
let install;
before(async () => {
  clone = mkdtempSync(join(tmpdir(), "entra-db-auth-no-rust-"));
  // What a clone holds: the tracked files, as they are in this working tree.
  const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of tracked) {
    if (!existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(clone, file));
  }
  install = await npm(clone, ["ci", "--no-audit", "--no-fund", "--prefer-offline"]);
});
after(() => rmSync(clone, { recursive: true, force: true }));

test("the copy's PATH has no Rust", () => {
  assert.throws(() => execFileSync("cargo", ["--version"], { env, stdio: "ignore" }));
});

test("npm install succeeds on the prebuilt core, runs no script of ours, and prints no stack trace", () => {
  assert.equal(install.code, 0, install.output);
  assert.doesNotMatch(install.output, /^> entra-db-auth@/m, "no lifecycle script of ours ran");
  assert.doesNotMatch(install.output, STACK_FRAME);
  assert.equal(
    readFileSync(join(clone, "js/wasm/core.cjs"), "utf8"),
    readFileSync(join(ROOT, "js/wasm/core.cjs"), "utf8"),
    "the prebuilt core is used as committed",
  );
});

test("npm run demo runs", async () => {
  const demo = await npm(clone, ["run", "demo", "--", "--seconds", "6", "--lifetime", "3"], 120_000);
  assert.equal(demo.code, 0, demo.output);
  assert.match(demo.output, /entra-db-auth: zero failures/);
  assert.doesNotMatch(demo.output, STACK_FRAME);
});

for (const script of ["test", "run build"]) {
  test(`npm ${script} stops at once and says what to install, with no stack trace`, async () => {
    const result = await npm(clone, script.split(" "), 60_000);
    assert.notEqual(result.code, 0);
    assert.match(result.output, /Rust is not installed \(no `cargo` or `rustup` on PATH\)/);
    assert.match(result.output, /Install Rust with rustup/);
    assert.match(result.output, /prebuilt core/);
    assert.doesNotMatch(result.output, /> entra-db-auth@\S+ lint|^> cargo /m, "nothing else ran");
    assert.doesNotMatch(result.output, STACK_FRAME);
  });
}
