// Bundled apps work: each bundler turns tests/fixtures/bundled-app/app.mjs (createPool on
// DefaultAzureCredential) into its output folder, which is copied alone into an empty folder, away
// from node_modules, and run against the emulator. The wasm core travels inside the JavaScript
// (js/wasm/core.cjs), so there is no .wasm file to copy or to miss.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { startEmulator } from "entra-db-auth/emulator";

const require = createRequire(import.meta.url);
const run = promisify(execFile);
const APP = fileURLToPath(new URL("./fixtures/bundled-app/app.mjs", import.meta.url));
const BIN = fileURLToPath(new URL("../node_modules/.bin/", import.meta.url));
// pg loads pg-native only when asked for it; no bundler can resolve it here.
const OPTIONAL = ["pg-native"];

let emu;
let work;
before(async () => {
  emu = await startEmulator({ tls: true });
  work = mkdtempSync(join(tmpdir(), "entra-db-auth-bundlers-"));
});
after(async () => {
  await emu?.close();
  rmSync(work, { recursive: true, force: true });
});

/**
 * Copies the output folder holding `file` into an empty folder and runs `file` there (with node, or
 * as `command`), with the emulator's managed identity; returns what the app printed.
 */
async function runAlone(file, command = [process.execPath, file]) {
  const outputs = readdirSync(dirname(file));
  assert.ok(!outputs.some((name) => name.endsWith(".wasm")), `no .wasm among the outputs: ${outputs}`);
  const dir = mkdtempSync(join(work, "run-"));
  cpSync(dirname(file), dir, { recursive: true });
  const moved = join(dir, basename(file));
  const [program, ...args] = command.map((part) => (part === file ? moved : part));
  const env = { ...process.env, ...emu.envFor("managedIdentity"), APP_PG: JSON.stringify(emu.pg) };
  const { stdout } = await run(program, args, { cwd: dir, env, timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").pop());
}

const expected = () => ({ role: emu.principals.systemAssigned.role });

async function esbuild(format, outfile, extra = []) {
  await run(join(BIN, "esbuild"), [
    APP,
    "--bundle",
    "--platform=node",
    `--format=${format}`,
    `--outfile=${outfile}`,
    "--log-level=error",
    ...OPTIONAL.map((name) => `--external:${name}`),
    ...extra,
  ]);
  return outfile;
}

test("esbuild, CJS: the bundle runs alone", async () => {
  const out = await esbuild("cjs", join(work, "esbuild-cjs", "app.cjs"));
  assert.deepEqual(await runAlone(out), expected());
});

test("esbuild, ESM (with the usual createRequire banner): the bundle runs alone", async () => {
  const banner = 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);';
  const out = await esbuild("esm", join(work, "esbuild-esm", "app.mjs"), [`--banner:js=${banner}`]);
  assert.deepEqual(await runAlone(out), expected());
});

test("webpack 5: the bundle runs alone", async () => {
  const webpack = require("webpack");
  const outDir = join(work, "webpack");
  const stats = await new Promise((resolve, reject) =>
    webpack(
      {
        mode: "production",
        target: "node",
        entry: APP,
        output: { path: outDir, filename: "app.js" },
        externals: Object.fromEntries(OPTIONAL.map((name) => [name, `commonjs ${name}`])),
        optimization: { minimize: false, splitChunks: false },
        performance: { hints: false },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  assert.deepEqual(await runAlone(join(outDir, "app.js")), expected());
});

test("Rollup: the bundle runs alone", async () => {
  const { rollup } = require("rollup");
  const { nodeResolve } = await import("@rollup/plugin-node-resolve");
  const commonjs = (await import("@rollup/plugin-commonjs")).default;
  const json = (await import("@rollup/plugin-json")).default;
  const bundle = await rollup({
    input: APP,
    external: (id) => id.startsWith("node:") || require("node:module").isBuiltin(id) || OPTIONAL.includes(id),
    plugins: [nodeResolve({ exportConditions: ["node"], preferBuiltins: true }), commonjs(), json()],
    onwarn: () => {},
  });
  const file = join(work, "rollup", "app.mjs");
  await bundle.write({ file, format: "es", inlineDynamicImports: true });
  await bundle.close();
  assert.deepEqual(await runAlone(file), expected());
});

test("@vercel/ncc: the bundle runs alone", async () => {
  const outDir = join(work, "ncc");
  await run(join(BIN, "ncc"), ["build", APP, "-o", outDir, "--quiet", ...OPTIONAL.flatMap((name) => ["-e", name])]);
  assert.deepEqual(await runAlone(join(outDir, "index.mjs")), expected());
});

test("a Node single executable application runs alone", async (t) => {
  const [major] = process.versions.node.split(".").map(Number);
  const dir = join(work, "sea");
  const main = await esbuild("cjs", join(work, "sea-main", "app.cjs"));
  mkdirSync(dir);
  const executable = join(dir, "app");
  if (major >= 25) {
    // Node 25.5+ builds the executable itself.
    const config = { main, output: executable, disableExperimentalSEAWarning: true };
    writeFileSync(join(work, "sea-config.json"), JSON.stringify(config));
    await run(process.execPath, ["--build-sea", join(work, "sea-config.json")]);
  } else {
    const blob = join(work, "sea-main", "app.blob");
    const config = { main, output: blob, disableExperimentalSEAWarning: true };
    writeFileSync(join(work, "sea-config.json"), JSON.stringify(config));
    await run(process.execPath, ["--experimental-sea-config", join(work, "sea-config.json")]);
    copyFileSync(process.execPath, executable);
    await run(join(BIN, "postject"), [
      executable,
      "NODE_SEA_BLOB",
      blob,
      "--sentinel-fuse",
      "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2",
    ]);
  }
  t.diagnostic(`Node ${process.versions.node}`);
  assert.deepEqual(await runAlone(executable, [executable]), expected());
});
