// `npm run bench [-- --quick]`: entra-db-auth against @azure/postgresql-auth, the per-connection
// callback and the floor. Figures 1–4, 6, 8 and 9 run on the local Azure emulator (9 when MariaDB is
// installed), 1–6, 8 and 9 each in fresh processes, 7 on simulated time. Prints one table; writes
// bench/fleet.svg. Never asserts timings.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { startEmulator } from "../js/emulator/index.mjs";
import { churnFigures } from "./churn.mjs";
import { CONTENDERS } from "./contenders.mjs";
import { fleetFigures } from "./fleet.mjs";
import { bundleFigures } from "./bundle.mjs";
import { herdFigures } from "./herd.mjs";
import { markdownTable } from "./table.mjs";
import { mssqlFigures } from "./mssql.mjs";
import { mysqlFigures } from "./mysql.mjs";
import { findMariadbBinaries } from "../js/emulator/mysql/mariadb.mjs";
import { warmFigures } from "./warm.mjs";
import { weightFigures } from "./weight.mjs";

const SIZES = {
  full: {
    churn: { lifetimeSeconds: 20, lifetimes: 5, workers: 4, pauseMs: 150 },
    mssql: { lifetimeSeconds: 20, lifetimes: 5, workers: 4, pauseMs: 150 },
    mysql: { lifetimeSeconds: 20, lifetimes: 5, workers: 4, pauseMs: 150 },
    herd: { sizes: [50, 200], repeats: 3 },
    warm: { calls: 1_000_000 },
    weight: { processes: 20 },
    bundle: { bundlers: ["esbuild, CJS", "esbuild, ESM", "webpack", "Rollup"] },
  },
  quick: {
    churn: { lifetimeSeconds: 2, lifetimes: 2, workers: 4, pauseMs: 150 },
    mssql: { lifetimeSeconds: 4, lifetimes: 2, workers: 4, pauseMs: 150 },
    mysql: { lifetimeSeconds: 3, lifetimes: 2, workers: 4, pauseMs: 150 },
    herd: { sizes: [50], repeats: 1 },
    warm: { calls: 50_000 },
    weight: { processes: 5 },
    bundle: { bundlers: ["esbuild, CJS"] },
  },
};

const mode = process.argv.includes("--quick") ? "quick" : "full";
const sizes = SIZES[mode];
const started = performance.now();
// Other work on the machine skews timings: the report shows the load at both ends.
const loadAtStart = os.loadavg()[0];
// Progress goes to stderr so that stdout is the report alone.
const progress = (message) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${message}\n`);

const require = createRequire(import.meta.url);
const version = (name) => require(`${name}/package.json`).version;

/** The commit measured, and whether the library's files differ from it. */
function revision() {
  const git = (...args) => execFileSync("git", args, { cwd: new URL("..", import.meta.url), encoding: "utf8" }).trim();
  try {
    return `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--", "js", "crates") ? " + uncommitted changes in js/ or crates/" : ""}`;
  } catch {
    return "unknown (no git)";
  }
}

const rows = [];
const fleet = fleetFigures();
rows.push(...fleet.rows);
writeFileSync(new URL("./fleet.svg", import.meta.url), fleet.svg);

// Figure 9 needs MariaDB's server binaries behind the emulator's MySQL front door.
const mysql = Boolean(findMariadbBinaries());
if (!mysql) progress("figure 9 skipped: MariaDB server binaries are not installed (apt-get install mariadb-server)");
const emu = await startEmulator({ tls: true, sqlServer: true, mysql });
try {
  rows.push(...(await churnFigures(emu, sizes.churn, progress)));
  rows.push(...(await mssqlFigures(emu, sizes.mssql, progress)));
  if (mysql) rows.push(...(await mysqlFigures(emu, sizes.mysql, progress)));
  rows.push(...(await herdFigures(emu, sizes.herd, progress)));
  rows.push(...(await warmFigures(emu, sizes.warm, progress)));
} finally {
  await emu.close();
}
rows.push(...(await weightFigures(sizes.weight, progress)));
rows.push(...(await bundleFigures(sizes.bundle, progress)));

const cpus = os.cpus();
console.log(`# entra-db-auth benchmarks (${mode} run)

- date: ${new Date().toISOString()}
- machine: ${cpus[0]?.model ?? "unknown CPU"} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()} ${os.arch()}; 1-minute load average ${loadAtStart.toFixed(2)} at the start, ${os.loadavg()[0].toFixed(2)} at the end
- versions: Node ${process.versions.node}, entra-db-auth ${version("entra-db-auth")} (${revision()}), @azure/postgresql-auth ${version("@azure/postgresql-auth")}, @azure/identity ${version("@azure/identity")}, @azure/msal-node ${version("@azure/msal-node")}, pg ${version("pg")}, mssql ${version("mssql")}, tedious ${version("tedious")}, mysql2 ${version("mysql2")}, emulator backend ${emu.backend}${mysql ? ` and ${emu.mysqlBackend}` : ""}
- contenders: ${Object.entries(CONTENDERS)
  .map(([key, what]) => `${key} = ${what}`)
  .join("; ")}

${markdownTable(rows)}

Finished in ${((performance.now() - started) / 1000).toFixed(1)} s. Fleet chart: bench/fleet.svg.`);
