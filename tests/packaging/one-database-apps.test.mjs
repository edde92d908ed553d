// Apps of one database, built as their users build them: a folder with the packed package and only
// that database's driver (and @azure/identity) installed, nothing of the other databases. Each app
// type-checks with `tsc --strict` (no skipLibCheck), and bundles with esbuild (CJS, and ESM with the
// createRequire banner docs/bundling-and-runtimes.md shows), webpack and Rollup; each bundle runs
// alone, in an empty folder, against the emulator. The bundle sizes are printed (sizes are measured,
// not asserted).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { startEmulator } from "entra-db-auth/emulator";
import { mariadbSkip } from "../helpers.mjs";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MODULES = join(ROOT, "node_modules");
const BIN = join(MODULES, ".bin");
const BANNER = 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);';
// pg loads pg-native only when asked for it; no bundler can resolve it where it is not installed.
const OPTIONAL = ["pg-native"];

/** A pg app on createPool from `entry`, and its TypeScript, both of which name only pg. */
const pgApp = (entry) => ({
  packages: ["pg", "@types/pg"],
  app: `import { createPool } from "${entry}";
async function main() {
  const pool = createPool(JSON.parse(process.env.APP_CONFIG));
  const { rows } = await pool.query("SELECT current_user AS role");
  await pool.end();
  console.log(JSON.stringify({ role: rows[0].role }));
}
main();`,
  types: `import pg from "pg";
import { createPool, getEntraTokenPassword, configureEntraIdAuth } from "${entry}";
const pool: pg.Pool = createPool({ host: "orders.postgres.database.azure.com", ssl: true });
const client = new pg.Client({ password: getEntraTokenPassword });
export { pool, client, configureEntraIdAuth };`,
});

/** What each database's app installs, does, and declares for TypeScript. */
const DATABASES = {
  pg: pgApp("entra-db-auth/pg"),
  "pg, through the root entry point": pgApp("entra-db-auth"),
  mssql: {
    packages: ["mssql", "@types/mssql"],
    app: `import { createMssqlPool } from "entra-db-auth/mssql";
async function main() {
  const pool = await createMssqlPool(JSON.parse(process.env.APP_CONFIG)).connect();
  const { recordset } = await pool.request().query("SELECT SUSER_SNAME() AS login");
  await pool.close();
  console.log(JSON.stringify({ role: recordset[0].login }));
}
main();`,
    types: `import type { ConnectionPool } from "mssql";
import { createMssqlPool, tediousAuthentication } from "entra-db-auth/mssql";
import * as root from "entra-db-auth";
const pool: ConnectionPool = createMssqlPool({ server: "orders.database.windows.net", options: { encrypt: true } });
const authentication = tediousAuthentication({ server: "orders.database.windows.net" });
const same: typeof root.tediousAuthentication = tediousAuthentication;
export { pool, authentication, same };`,
  },
  mysql: {
    packages: ["mysql2"],
    app: `import { createMysqlPool } from "entra-db-auth/mysql";
async function main() {
  const pool = createMysqlPool(JSON.parse(process.env.APP_CONFIG));
  const [[row]] = await pool.query("SELECT CURRENT_USER() AS user");
  await pool.end();
  console.log(JSON.stringify({ role: row.user.split("@")[0] }));
}
main();`,
    types: `import { createMysqlPool, mysql2Options } from "entra-db-auth/mysql";
import * as root from "entra-db-auth";
const pool = createMysqlPool({ host: "orders.mysql.database.azure.com", ssl: {} });
const options = mysql2Options({ host: "orders.mysql.database.azure.com", ssl: {} });
const same: typeof root.createMysqlPool = createMysqlPool;
export { pool, options, same };`,
  },
};

let emu;
let work;
let packed;

/** Copies `name` and every package it depends on from this repository's node_modules into `modules`. */
function install(name, modules, done = new Set()) {
  if (done.has(name) || !existsSync(join(MODULES, name))) return;
  done.add(name);
  cpSync(join(MODULES, name), join(modules, name), { recursive: true, dereference: true });
  const manifest = JSON.parse(readFileSync(join(MODULES, name, "package.json"), "utf8"));
  for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
    install(dependency, modules, done);
  }
}

/** A folder for `database`'s app: the packed package, its driver, @azure/identity, TypeScript's node types. */
function appFolder(database) {
  const dir = join(work, database.replace(/\W+/g, "-"));
  const modules = join(dir, "node_modules");
  mkdirSync(modules, { recursive: true });
  cpSync(packed, join(modules, "entra-db-auth"), { recursive: true });
  const done = new Set();
  for (const name of ["jose", "@azure/identity", "@types/node", ...DATABASES[database].packages])
    install(name, modules, done);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
  writeFileSync(join(dir, "app.mjs"), DATABASES[database].app);
  return { dir, modules, installed: done };
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), "entra-db-auth-one-database-"));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT });
  const tarball = join(work, JSON.parse(stdout)[0].filename);
  await run("tar", ["-xzf", tarball, "-C", work]);
  packed = join(work, "package");
  emu = await startEmulator({ tls: true, sqlServer: true, mysql: !mariadbSkip() });
});
after(async () => {
  await emu?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The emulator's connection config for `database`, as the app takes it. */
function appConfig(database) {
  if (database.startsWith("pg")) return emu.pg;
  if (database === "mssql") return emu.sqlServer;
  return emu.mysql;
}

/** Copies the output folder of `file` into an empty folder and runs it there: what the app printed. */
async function runAlone(database, file) {
  const dir = mkdtempSync(join(work, "run-"));
  cpSync(dirname(file), dir, { recursive: true });
  const env = { ...process.env, ...emu.envFor("managedIdentity"), APP_CONFIG: JSON.stringify(appConfig(database)) };
  const { stdout } = await run(process.execPath, [join(dir, basename(file))], { cwd: dir, env, timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").pop());
}

const kib = (file) => `${(statSync(file).size / 1024).toFixed(0)} KiB`;

async function bundles(database, dir) {
  const app = join(dir, "app.mjs");
  const externals = OPTIONAL.map((name) => `--external:${name}`);
  const outputs = {};
  outputs["esbuild, CJS"] = join(dir, "out-esbuild-cjs", "app.cjs");
  await run(
    join(BIN, "esbuild"),
    [
      app,
      "--bundle",
      "--platform=node",
      "--format=cjs",
      `--outfile=${outputs["esbuild, CJS"]}`,
      "--log-level=error",
      ...externals,
    ],
    { cwd: dir },
  );
  outputs["esbuild, ESM"] = join(dir, "out-esbuild-esm", "app.mjs");
  await run(
    join(BIN, "esbuild"),
    [
      app,
      "--bundle",
      "--platform=node",
      "--format=esm",
      `--outfile=${outputs["esbuild, ESM"]}`,
      `--banner:js=${BANNER}`,
      "--log-level=error",
      ...externals,
    ],
    { cwd: dir },
  );
  const webpack = require("webpack");
  const stats = await new Promise((resolve, reject) =>
    webpack(
      {
        mode: "production",
        target: "node",
        context: dir,
        entry: app,
        output: { path: join(dir, "out-webpack"), filename: "app.js" },
        externals: Object.fromEntries(OPTIONAL.map((name) => [name, `commonjs ${name}`])),
        resolve: { modules: [join(dir, "node_modules")] },
        optimization: { minimize: false, splitChunks: false },
        performance: { hints: false },
        ignoreWarnings: [/Can't resolve/, /Critical dependency/],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  outputs.webpack = join(dir, "out-webpack", "app.js");
  const { rollup } = require("rollup");
  const { nodeResolve } = await import("@rollup/plugin-node-resolve");
  const commonjs = (await import("@rollup/plugin-commonjs")).default;
  const json = (await import("@rollup/plugin-json")).default;
  const bundle = await rollup({
    input: app,
    external: (id) => id.startsWith("node:") || isBuiltin(id) || OPTIONAL.includes(id),
    plugins: [nodeResolve({ exportConditions: ["node"], preferBuiltins: true, rootDir: dir }), commonjs(), json()],
    onwarn: () => {},
  });
  outputs.Rollup = join(dir, "out-rollup", "app.mjs");
  await bundle.write({ file: outputs.Rollup, format: "es", inlineDynamicImports: true });
  await bundle.close();
  return outputs;
}

test("a pg-only app that calls SQL Server's or MySQL's integration through the root gets PEER_NOT_INSTALLED", async () => {
  const { dir } = appFolder("pg");
  const script = `import * as m from "entra-db-auth";
const codes = [];
for (const call of [() => m.createMssqlPool({}), () => m.createMysqlPool({}), () => m.createMariadbPool({})]) {
  try { call(); } catch (error) { codes.push(error.code); }
}
console.log(JSON.stringify(codes));`;
  writeFileSync(join(dir, "peers.mjs"), script);
  const { stdout } = await run(process.execPath, [join(dir, "peers.mjs")], { cwd: dir });
  assert.deepEqual(JSON.parse(stdout), ["PEER_NOT_INSTALLED", "PEER_NOT_INSTALLED", "PEER_NOT_INSTALLED"]);
});

for (const database of Object.keys(DATABASES)) {
  const skip = database === "mysql" ? mariadbSkip() : false;

  test(`${database}, alone: tsc --strict passes without skipLibCheck`, async () => {
    const { dir } = appFolder(database);
    writeFileSync(join(dir, "types.mts"), DATABASES[database].types);
    const compilerOptions = {
      strict: true,
      noEmit: true,
      module: "nodenext",
      moduleResolution: "nodenext",
      skipLibCheck: false,
      types: ["node"],
    };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["types.mts"] }));
    const tsc = join(MODULES, "typescript", "bin", "tsc");
    const result = await run(process.execPath, [tsc, "-p", dir], { cwd: dir }).catch((error) => error);
    assert.equal(result.stdout, "", result.stdout);
  });

  test(
    `${database}, alone: no other database's driver is installed, and each bundler's output runs alone`,
    { skip },
    async (t) => {
      const { dir, installed } = appFolder(database);
      const others = ["pg", "mssql", "tedious", "mysql2", "mariadb"].filter(
        (name) => !DATABASES[database].packages.includes(name) && !(database === "mssql" && name === "tedious"),
      );
      assert.deepEqual(
        others.filter((name) => installed.has(name)),
        [],
        "no other database's driver in the app's folder",
      );
      const expected = emu.principals.systemAssigned.role;
      for (const [bundler, file] of Object.entries(await bundles(database, dir))) {
        assert.equal(readdirSync(dirname(file)).filter((name) => name.endsWith(".wasm")).length, 0);
        assert.deepEqual(await runAlone(database, file), { role: expected }, bundler);
        t.diagnostic(`${bundler}: ${kib(file)}`);
      }
    },
  );
}
