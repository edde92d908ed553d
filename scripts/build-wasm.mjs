#!/usr/bin/env node
// Builds js/wasm/ from src/: the wasm32 target, the wasm-bindgen CLI at exactly the version in
// Cargo.lock (installed once under ~/.cache, reused), cargo, wasm-bindgen, then wasm-opt from the
// npm `binaryen` package. Runs on `npm install` (prepare); not on a user's install of the tarball.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = "wasm32-unknown-unknown";
const outDir = join(root, "js", "wasm");

function run(command, args, options = {}) {
  console.error(`> ${command} ${args.join(" ")}`);
  execFileSync(command, args, { cwd: root, stdio: "inherit", ...options });
}

function output(command, args) {
  try {
    return execFileSync(command, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return "";
  }
}

function ensureTarget() {
  if (!output("rustup", ["target", "list", "--installed"]).split("\n").includes(target)) {
    run("rustup", ["target", "add", target]);
  }
}

function lockedWasmBindgenVersion() {
  const lock = readFileSync(join(root, "Cargo.lock"), "utf8");
  const match = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/);
  if (!match) throw new Error("Cargo.lock has no wasm-bindgen entry");
  return match[1];
}

// The CLI refuses to process output of any other crate version, so reuse one only on an exact match.
function wasmBindgenCli(version) {
  const onPath = output("wasm-bindgen", ["--version"]).trim();
  if (onPath === `wasm-bindgen ${version}`) return "wasm-bindgen";
  const cacheRoot = join(homedir(), ".cache", "entra-db-auth", `wasm-bindgen-cli-${version}`);
  const cached = join(cacheRoot, "bin", "wasm-bindgen");
  if (!existsSync(cached)) {
    const install = ["install", "wasm-bindgen-cli", "--version", version, "--root", cacheRoot];
    try {
      run("cargo", [...install, "--locked"]);
    } catch {
      // The CLI's own lock file can name a dependency release the registry no longer serves.
      console.error("wasm-bindgen-cli's lock file does not resolve here; installing without --locked");
      run("cargo", install);
    }
  }
  return cached;
}

ensureTarget();
const cli = wasmBindgenCli(lockedWasmBindgenVersion());
run("cargo", ["build", "--release", "--lib", "--target", target]);
// Built beside js/wasm and swapped in whole, so that a process loading the module meanwhile never
// reads a half-written file.
const staging = `${outDir}.build`;
rmSync(staging, { recursive: true, force: true });
const wasm = join(root, "target", target, "release", "entra_db_auth.wasm");
run(cli, ["--target", "nodejs", "--out-dir", staging, "--out-name", "core", wasm]);
const bg = join(staging, "core_bg.wasm");
run(join(root, "node_modules", ".bin", "wasm-opt"), ["-Oz", bg, "-o", bg]);
rmSync(outDir, { recursive: true, force: true });
renameSync(staging, outDir);
