#!/usr/bin/env node
// The wasm core, js/wasm/core.cjs: wasm-bindgen's Node glue with the optimized wasm embedded
// (deflated, then base64), so that nothing has to be found beside it (bundlers, single executables).
// It is committed, with js/wasm/core.inputs.json (what it was built from), so that a clone needs no
// Rust. It is the workspace's crates/wasm (the boundary) over crates/core (the decisions);
// crates/python is not in it.
//
//   node scripts/build-wasm.mjs            build the crates and write js/wasm/ (`npm run build`)
//   node scripts/build-wasm.mjs --check    `npm test`: the prebuilt core is a build of the crates as
//                                          they are
// `npm install` runs nothing of this: a clone uses the committed core until someone runs the build.
//
// A build: the wasm32 target, the wasm-bindgen CLI at exactly the version in Cargo.lock (installed
// once under ~/.cache, reused), cargo, wasm-bindgen, then wasm-opt from the npm `binaryen` package.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = "wasm32-unknown-unknown";
const outDir = join(root, "js", "wasm");
const corePath = join(outDir, "core.cjs");
const inputsPath = join(outDir, "core.inputs.json");
/** The crates whose sources go into the wasm (with the workspace's Cargo.toml and Cargo.lock). */
const CRATES = ["crates/core", "crates/wasm"];
const WASM_PACKAGE = "entra-db-auth-wasm";

const NO_RUST = `Rust is not installed (no \`cargo\` or \`rustup\` on PATH).
  Needs Rust: \`npm test\` (its Rust checks and the check that js/wasm/core.cjs is a build of crates/)
  and \`npm run build\`. Everything else — the package, \`npm run demo\`, \`npm run bench\` — runs on the
  prebuilt core in js/wasm/.
  Install Rust with rustup (https://rustup.rs), open a new shell, and run the command again.`;

class BuildError extends Error {}

function run(command, args, options = {}) {
  console.error(`> ${command} ${args.join(" ")}`);
  execFileSync(command, args, { cwd: root, stdio: "inherit", ...options });
}

function output(command, args) {
  try {
    return execFileSync(command, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

function hasRust() {
  return output("cargo", ["--version"]) !== "" && output("rustup", ["--version"]) !== "";
}

function ensureTarget() {
  if (!output("rustup", ["target", "list", "--installed"]).split("\n").includes(target)) {
    run("rustup", ["target", "add", target]);
  }
}

function lockedVersion(crate) {
  const lock = readFileSync(join(root, "Cargo.lock"), "utf8");
  const match = lock.match(new RegExp(`name = "${crate}"\\nversion = "([^"]+)"`));
  if (!match) throw new BuildError(`Cargo.lock has no ${crate} entry`);
  return match[1];
}

/** What a build depends on besides the crates: the toolchain and the tools' versions. */
function toolchain() {
  const binaryen = JSON.parse(readFileSync(join(root, "node_modules", "binaryen", "package.json"), "utf8"));
  return {
    rustc: output("rustc", ["--version"]),
    wasmBindgen: lockedVersion("wasm-bindgen"),
    binaryen: binaryen.version,
  };
}

/** sha256 of the wasm's crates (sources and Cargo.toml), the workspace's Cargo.toml and Cargo.lock, by path and content. */
function inputsHash() {
  const files = ["Cargo.toml", "Cargo.lock"];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(relative(root, path));
    }
  };
  for (const crate of CRATES) walk(join(root, crate));
  const hash = createHash("sha256");
  for (const file of files.sort())
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(root, file)))
      .update("\0");
  return hash.digest("hex");
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

// The CLI refuses to process output of any other crate version, so reuse one only on an exact match.
function wasmBindgenCli(version) {
  if (output("wasm-bindgen", ["--version"]) === `wasm-bindgen ${version}`) return "wasm-bindgen";
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

/**
 * wasm-bindgen's glue reads core_bg.wasm from beside itself; ours carries the bytes, deflated (a
 * 55 KB module is 25 KB so, and 33 KB as base64: every bundle carries it) and inflated by Node's
 * zlib on first load in about 0.3 ms (pg, tedious and @azure/identity load zlib anyway).
 */
function embed(glue, wasm) {
  const load =
    /const wasmPath = `\$\{__dirname\}\/core_bg\.wasm`;\nconst wasmBytes = require\('fs'\)\.readFileSync\(wasmPath\);\n/;
  if (!load.test(glue))
    throw new BuildError("wasm-bindgen's glue no longer reads core_bg.wasm as expected; update embed()");
  const packed = zlib.deflateRawSync(wasm, { level: 9 });
  const bytes = `const wasmBytes = require("node:zlib").inflateRawSync(\n  Buffer.from(\n    "${packed.toString("base64")}",\n    "base64",\n  ),\n);\n`;
  return glue.replace('/* @ts-self-types="./core.d.ts" */\n', "").replace(load, bytes);
}

/** Builds the core from the crates and returns js/wasm/core.cjs's text. */
function build() {
  ensureTarget();
  const cli = wasmBindgenCli(lockedVersion("wasm-bindgen"));
  run("cargo", ["build", "--release", "--lib", "--target", target, "--package", WASM_PACKAGE]);
  const staging = mkdtempSync(join(tmpdir(), "entra-db-auth-wasm-"));
  try {
    const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, "target");
    const wasm = join(targetDir, target, "release", `${WASM_PACKAGE.replaceAll("-", "_")}.wasm`);
    run(cli, ["--target", "nodejs", "--out-dir", staging, "--out-name", "core", wasm]);
    const bg = join(staging, "core_bg.wasm");
    // Flattening and re-relooping before -Oz, to a fixed point, and dropping the producers and
    // target_features sections (wasm-bindgen has read them) keep the module smaller than the one-crate
    // build's plain -Oz did: splitting the core from its boundary cost LLVM some inlining.
    const passes = ["--flatten", "--rereloop", "-Oz", "--converge", "--strip-producers", "--strip-target-features"];
    run(join(root, "node_modules", ".bin", "wasm-opt"), [...passes, bg, "-o", bg]);
    return embed(readFileSync(join(staging, "core.js"), "utf8"), readFileSync(bg));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function recorded() {
  return existsSync(inputsPath) ? JSON.parse(readFileSync(inputsPath, "utf8")) : undefined;
}

function write(core) {
  // Written beside and renamed, so that a process loading the core meanwhile never reads half a file.
  writeFileSync(`${corePath}.tmp`, core);
  renameSync(`${corePath}.tmp`, corePath);
  const inputs = { inputs: inputsHash(), core: sha256(core), toolchain: toolchain() };
  writeFileSync(inputsPath, `${JSON.stringify(inputs, null, 2)}\n`);
}

function sameToolchain(a, b) {
  return a.rustc === b.rustc && a.wasmBindgen === b.wasmBindgen && a.binaryen === b.binaryen;
}

function check() {
  if (!hasRust()) throw new BuildError(NO_RUST);
  const record = recorded();
  const refresh = "run `npm run build` and commit js/wasm/";
  if (!record || !existsSync(corePath))
    throw new BuildError(`js/wasm/core.cjs or core.inputs.json is missing: ${refresh}`);
  if (inputsHash() !== record.inputs)
    throw new BuildError(
      `${CRATES.join(", ")}, Cargo.toml or Cargo.lock changed since js/wasm/core.cjs was built: ${refresh}`,
    );
  if (sha256(readFileSync(corePath)) !== record.core)
    throw new BuildError(`js/wasm/core.cjs is not the build core.inputs.json records: ${refresh}`);
  const here = toolchain();
  if (!sameToolchain(here, record.toolchain)) {
    console.error(
      `wasm core: inputs match; not rebuilt byte for byte, since the toolchain differs (recorded ${JSON.stringify(record.toolchain)}, here ${JSON.stringify(here)})`,
    );
    return;
  }
  if (unpacked(build()) !== unpacked(readFileSync(corePath, "utf8"))) {
    throw new BuildError(`a build of crates/ with the recorded toolchain differs from js/wasm/core.cjs: ${refresh}`);
  }
  console.error("wasm core: js/wasm/core.cjs is byte for byte a build of crates/ (its glue and its wasm)");
}

/**
 * core.cjs with its wasm inflated, as text: what the check compares, so that another zlib (Node 24
 * bundles another than Node 20) deflating the same wasm to other bytes does not count as another build.
 */
function unpacked(core) {
  return core.replace(/"([A-Za-z0-9+/=]{100,})"/, (_, base64) =>
    JSON.stringify(zlib.inflateRawSync(Buffer.from(base64, "base64")).toString("base64")),
  );
}

try {
  const mode = process.argv[2];
  if (mode === "--check") check();
  else if (mode === undefined) {
    if (!hasRust()) throw new BuildError(NO_RUST);
    write(build());
  } else throw new BuildError(`unknown option ${mode}: use --check or nothing`);
} catch (error) {
  // Our own errors and failed commands (whose output is already on screen) end with a message, not a stack.
  console.error(
    `\nentra-db-auth: ${error instanceof BuildError ? error.message : `the wasm core build failed: ${error.message}`}`,
  );
  process.exit(1);
}
