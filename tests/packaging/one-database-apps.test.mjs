// Apps of one database, built as their users build them: a folder with the packed package and only
// that database's driver (and @azure/identity) installed, nothing of the other databases. Each app
// type-checks with `tsc --strict` (no skipLibCheck), and bundles with esbuild (CJS, and ESM with the
// createRequire banner docs/bundling-and-runtimes.md shows), webpack and Rollup; each bundle runs
// alone, in an empty folder, against the emulator. Their sizes are figure 10 of `npm run bench`.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { startEmulator } from "entra-db-auth/emulator";
import { MODULES, appFolder, bundleAll, packPackage } from "../../scripts/app-folder.mjs";
import { mariadbSkip } from "../helpers.mjs";

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** Integrations of ours that no app here calls: a bundle of one leaves them out. */
const PG_UNUSED = [
  "pg/sequelize.cjs",
  "pg/knex.cjs",
  "pg/postgres-js.cjs",
  "pg/typeorm.cjs",
  "pg/postgresql-auth.cjs",
  "core/sequelize.cjs",
];

/** A pg app on createPool from `entry`, and its TypeScript, both of which name only pg. */
const pgApp = (entry, unused) => ({
  packages: ["pg", "@types/pg"],
  unused,
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
  pg: pgApp("entra-db-auth/pg", PG_UNUSED),
  "pg, through the root entry point": pgApp("entra-db-auth", [...PG_UNUSED, "sequelize.cjs", "mssql/", "mysql/"]),
  mssql: {
    packages: ["mssql", "@types/mssql"],
    unused: ["mssql/sequelize.cjs", "core/sequelize.cjs"],
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
    unused: ["mysql/mariadb.cjs", "mysql/sequelize.cjs", "core/sequelize.cjs"],
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

// The TypeScript versions an app may compile with: the oldest DefinitelyTyped still supports (its
// two-year window: pg's and Node's types need 5.7 or later), the repository's, and the newest.
const TYPESCRIPTS = Object.fromEntries(
  ["typescript-oldest", "typescript", "typescript-newest"].map((name) => [
    name,
    require(`${name}/package.json`).version,
  ]),
);
// A Node app's tsconfig: strict, no skipLibCheck, Node's types and an ES2023 library (no DOM).
const TS_OPTIONS = {
  strict: true,
  noEmit: true,
  target: "es2022",
  lib: ["es2023"],
  module: "nodenext",
  moduleResolution: "nodenext",
  skipLibCheck: false,
  types: ["node"],
};

let emu;
let work;
let packed;

/** A folder for `database`'s app: the packed package, its driver, @azure/identity, TypeScript's node types. */
function databaseApp(database) {
  const dir = join(work, database.replace(/\W+/g, "-"));
  const installed = appFolder(dir, ["@azure/identity", "@types/node", ...DATABASES[database].packages], packed);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
  writeFileSync(join(dir, "app.mjs"), DATABASES[database].app);
  return { dir, installed };
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), "entra-db-auth-one-database-"));
  packed = await packPackage(work);
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
async function runAlone(database, file, extraEnv = {}) {
  const dir = mkdtempSync(join(work, "run-"));
  cpSync(dirname(file), dir, { recursive: true });
  const env = {
    ...process.env,
    ...emu.envFor("managedIdentity"),
    APP_CONFIG: JSON.stringify(appConfig(database)),
    ...extraEnv,
  };
  const { stdout } = await run(process.execPath, [join(dir, basename(file))], { cwd: dir, env, timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").pop());
}

test("a pg-only app that calls SQL Server's or MySQL's integration through the root gets PEER_NOT_INSTALLED", async () => {
  const { dir } = databaseApp("pg");
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

test("a pg app with its own credential and no @azure/identity installed bundles with each bundler, and runs", async () => {
  const dir = join(work, "pg-own-credential");
  const installed = appFolder(dir, ["pg"], packed);
  assert.equal(installed.has("@azure/identity") || installed.has("@azure/logger"), false);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
  writeFileSync(
    join(dir, "app.mjs"),
    `import { createPool, createTokenSource } from "entra-db-auth/pg";
const credential = { getToken: async () => ({ token: process.env.APP_TOKEN, expiresOnTimestamp: Date.now() + 600e3 }) };
async function main() {
  const pool = createPool(JSON.parse(process.env.APP_CONFIG), { credential });
  const { rows } = await pool.query("SELECT current_user AS role");
  await pool.end();
  const missing = await createTokenSource().getPassword().catch((error) => error);
  console.log(JSON.stringify({ role: rows[0].role, default: missing.code, fix: missing.message.includes("npm install @azure/identity") }));
}
main();`,
  );
  const token = await emu.identity.mintToken("systemAssigned");
  for (const [bundler, file] of Object.entries(await bundleAll(dir, "app.mjs"))) {
    const result = await runAlone("pg", file, { APP_TOKEN: token });
    const expected = { role: emu.principals.systemAssigned.role, default: "TOKEN_ACQUISITION_FAILED", fix: true };
    assert.deepEqual(result, expected, bundler);
  }
});

test("an app that imports only SQL Server's integration from the root bundles with each bundler, and logs in with the default credential", async () => {
  // Nothing of PostgreSQL's or MySQL's entry points is used: the root's own call says which build of
  // @azure/identity the default credential comes from, and each bundler must keep it.
  const dir = join(work, "mssql-through-the-root");
  appFolder(dir, ["@azure/identity", ...DATABASES.mssql.packages], packed);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
  writeFileSync(join(dir, "app.mjs"), DATABASES.mssql.app.replace('"entra-db-auth/mssql"', '"entra-db-auth"'));
  for (const [bundler, file] of Object.entries(await bundleAll(dir, "app.mjs"))) {
    assert.deepEqual(await runAlone("mssql", file), { role: emu.principals.systemAssigned.role }, bundler);
  }
});

for (const database of Object.keys(DATABASES)) {
  const skip = database === "mysql" ? mariadbSkip() : false;

  test(`${database}, alone: tsc --strict passes without skipLibCheck, on the oldest and newest TypeScript`, async () => {
    const { dir } = databaseApp(database);
    writeFileSync(join(dir, "types.mts"), DATABASES[database].types);
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: TS_OPTIONS, files: ["types.mts"] }));
    for (const [typescript, version] of Object.entries(TYPESCRIPTS)) {
      const tsc = join(MODULES, typescript, "bin", "tsc");
      const result = await run(process.execPath, [tsc, "-p", dir], { cwd: dir }).catch((error) => error);
      assert.equal(result.stdout, "", `TypeScript ${version}: ${result.stdout}`);
    }
  });

  test(
    `${database}, alone: no other database's driver is installed, and each bundler's output runs alone`,
    { skip },
    async () => {
      const { dir, installed } = databaseApp(database);
      const others = ["pg", "mssql", "tedious", "mysql2", "mariadb"].filter(
        (name) => !DATABASES[database].packages.includes(name) && !(database === "mssql" && name === "tedious"),
      );
      assert.deepEqual(
        others.filter((name) => installed.has(name)),
        [],
        "no other database's driver in the app's folder",
      );
      const role = emu.principals.systemAssigned.role;
      for (const [bundler, file] of Object.entries(await bundleAll(dir, "app.mjs"))) {
        const outputs = readdirSync(dirname(file));
        assert.equal(outputs.filter((name) => name.endsWith(".wasm")).length, 0);
        // One copy of @azure/identity: for pg and MySQL its ES module, which this package imports as
        // an ESM app does; for SQL Server its CommonJS build, which tedious requires too. One copy of
        // @azure/logger, but in an mssql app: tedious' identity requires its CommonJS build, and this
        // package's logging imports the ES module. Not counted in webpack's output: it copies a
        // module under 20 KB into each async chunk that uses it (splitChunks.minSize), and runs it once.
        const code = outputs
          .filter((name) => /\.[cm]?js$/.test(name))
          .map((name) => readFileSync(join(dirname(file), name), "utf8"))
          .join("\n");
        const copies = (marker) => code.split(marker).length - 1;
        if (bundler !== "webpack") {
          const identity =
            copies('credentialLogger("DefaultAzureCredential")') +
            copies('credentialLogger)("DefaultAzureCredential")');
          assert.equal(identity, 1, `${bundler}: copies of @azure/identity`);
          const loggers = copies('logLevelEnvVarName: "AZURE_LOG_LEVEL"');
          assert.equal(loggers, database === "mssql" ? 2 : 1, `${bundler}: copies of @azure/logger`);
        }
        if (bundler.startsWith("esbuild")) {
          // Bundlers take the entry point's `module` build, which names each integration: the
          // ones the app does not import stay out (esbuild's metafile lists what the output holds).
          const { outputs } = JSON.parse(readFileSync(`${file}.meta.json`, "utf8"));
          const [{ inputs }] = Object.values(outputs);
          const ours = Object.keys(inputs).map((input) => input.split("node_modules/entra-db-auth/js/")[1]);
          const unused = ours.filter((path) => DATABASES[database].unused.some((prefix) => path?.startsWith(prefix)));
          assert.deepEqual(unused, [], `${bundler}: integrations the app does not use`);
        }
        assert.deepEqual(await runAlone(database, file), { role }, bundler);
      }
    },
  );
}
