// An app's folder as its users install it: the packed package and only the packages the app names,
// each copied with its dependencies from this repository's node_modules. Used by the one-database
// app tests (tests/packaging) and the bundle-size figure of the benchmark (bench/bundle.mjs).
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

const run = promisify(execFile);
export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const MODULES = join(ROOT, "node_modules");

/** Packs this package into `work` as npm publishes it; the path of the unpacked package. */
export async function packPackage(work) {
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT });
  await run("tar", ["-xzf", join(work, JSON.parse(stdout)[0].filename), "-C", work]);
  return join(work, "package");
}

/** Copies `name` and every package it depends on into `modules`; `done` collects what was copied. */
function install(name, modules, done) {
  if (done.has(name) || !existsSync(join(MODULES, name))) return;
  done.add(name);
  cpSync(join(MODULES, name), join(modules, name), { recursive: true, dereference: true });
  const manifest = JSON.parse(readFileSync(join(MODULES, name, "package.json"), "utf8"));
  for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
    install(dependency, modules, done);
  }
}

/**
 * Makes `dir` an app folder with `packages` installed, and the packed package at `packed` (if given)
 * as `entra-db-auth` with its own dependencies; the names of every package installed.
 */
export function appFolder(dir, packages, packed) {
  const modules = join(dir, "node_modules");
  mkdirSync(modules, { recursive: true });
  const installed = new Set();
  if (packed) {
    cpSync(packed, join(modules, "entra-db-auth"), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(packed, "package.json"), "utf8"));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) install(dependency, modules, installed);
  }
  for (const name of packages) install(name, modules, installed);
  return installed;
}

const BIN = join(MODULES, ".bin");
/** The banner docs/bundling-and-runtimes.md gives esbuild for an ESM bundle: Node's `require` for built-ins. */
const BANNER = 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);';
// pg loads pg-native only when asked for it; no bundler can resolve it where it is not installed.
const OPTIONAL = ["pg-native"];

async function esbuild(dir, entry, format) {
  const outfile = join(dir, `out-esbuild-${format}`, `app.${format === "esm" ? "mjs" : "cjs"}`);
  const banner = format === "esm" ? [`--banner:js=${BANNER}`] : [];
  const externals = OPTIONAL.map((name) => `--external:${name}`);
  const args = [
    entry,
    "--bundle",
    "--platform=node",
    `--format=${format}`,
    `--outfile=${outfile}`,
    `--metafile=${outfile}.meta.json`, // which input each output byte came from
    "--log-level=error",
  ];
  await run(join(BIN, "esbuild"), [...args, ...banner, ...externals], { cwd: dir });
  return outfile;
}

async function webpack(dir, entry) {
  const { default: webpack } = await import("webpack");
  const config = {
    mode: "production",
    target: "node",
    context: dir,
    entry: join(dir, entry),
    output: { path: join(dir, "out-webpack"), filename: "app.js" },
    externals: Object.fromEntries(OPTIONAL.map((name) => [name, `commonjs ${name}`])),
    resolve: { modules: [join(dir, "node_modules")] },
    optimization: { minimize: false },
    performance: { hints: false },
    ignoreWarnings: [/Can't resolve/, /Critical dependency/],
  };
  const stats = await new Promise((resolve, reject) =>
    webpack(config, (error, result) => (error ? reject(error) : resolve(result))),
  );
  if (stats.hasErrors()) throw new Error(stats.toString("errors-only"));
  return join(dir, "out-webpack", "app.js");
}

async function rollup(dir, entry) {
  const { rollup } = await import("rollup");
  const { nodeResolve } = await import("@rollup/plugin-node-resolve");
  const { default: commonjs } = await import("@rollup/plugin-commonjs");
  const { default: json } = await import("@rollup/plugin-json");
  const bundle = await rollup({
    input: join(dir, entry),
    external: (id) => id.startsWith("node:") || isBuiltin(id) || OPTIONAL.includes(id),
    plugins: [nodeResolve({ exportConditions: ["node"], preferBuiltins: true, rootDir: dir }), commonjs(), json()],
    onwarn: () => {},
  });
  const file = join(dir, "out-rollup", "app.mjs");
  await bundle.write({ file, format: "es", inlineDynamicImports: true });
  await bundle.close();
  return file;
}

/** Each bundler as an app's users run it, by name: `(dir, entry) => the output file` (esbuild's with its metafile beside it). */
export const BUNDLERS = {
  "esbuild, CJS": (dir, entry) => esbuild(dir, entry, "cjs"),
  "esbuild, ESM": (dir, entry) => esbuild(dir, entry, "esm"),
  webpack,
  Rollup: rollup,
};

/** Bundles `entry` of the app in `dir` with every bundler: each output file, by bundler. */
export async function bundleAll(dir, entry) {
  const outputs = {};
  for (const [name, bundle] of Object.entries(BUNDLERS)) outputs[name] = await bundle(dir, entry);
  return outputs;
}
