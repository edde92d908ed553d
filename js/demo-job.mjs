// `npm run demo -- --job`: the 61-minute deployment. A CI/CD job signs in as a service principal
// (client secret, through DefaultAzureCredential's EnvironmentCredential) and runs a migration
// whose steps each open a connection, for longer than one token lives. One copy logged in once at
// the start, as deployment scripts often do; the other keeps its token fresh in the background
// with keepFresh(). On 10-second tokens the first fails from the first expiry on, the second never.
//
// The jobs run in a child process, as a pipeline's step would, started with nothing but the
// emulator's environment for a service principal (which also makes it trust the run's CA).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const WORKER = "ENTRA_DB_AUTH_DEMO_JOB";
const STEP_MS = 500;

/** In the child: both jobs side by side; prints one JSON line with their tallies. */
async function runJobs(seconds) {
  const { default: pg } = await import("pg");
  const { createTokenSource, getEntraTokenPassword } = await import("./index.mjs");
  const { PGHOST: host, PGPORT, PGDATABASE: database, PGUSER: user } = process.env;
  const connection = { host, port: Number(PGPORT), database, user, ssl: true };

  const loggedInOnce = await getEntraTokenPassword(); // the token, as a fixed password
  const source = createTokenSource().keepFresh();
  const jobs = {
    keepFresh: { password: () => source.getPassword(), ok: 0, failed: 0 },
    loggedInOnce: { password: loggedInOnce, ok: 0, failed: 0 },
  };
  const started = Date.now();
  async function step(job) {
    const client = new pg.Client({ ...connection, password: job.password });
    try {
      await client.connect();
      await client.query("SELECT current_user");
      job.ok += 1;
    } catch {
      job.failed += 1;
      job.firstFailureAt ??= (Date.now() - started) / 1000;
    } finally {
      await client.end().catch(() => {});
    }
  }
  while (Date.now() - started < seconds * 1000) {
    await Promise.all(Object.values(jobs).map(step));
    await new Promise((resolve) => setTimeout(resolve, STEP_MS));
  }
  source.close();
  process.stdout.write(`${JSON.stringify(jobs)}\n`);
}

/** In the demo's process: the emulator, the child, the table. Resolves to the exit code. */
export async function runJobDemo({ seconds, lifetime }) {
  const { startEmulator } = await import("./emulator/index.mjs");
  console.log(`Starting the local Azure emulator with ${lifetime}-second tokens…`);
  const emu = await startEmulator({ tokenLifetimeSeconds: lifetime, tls: true, credential: "servicePrincipal" });
  const env = emu.envFor();
  console.log(
    `A deployment job signs in as service principal "${env.PGUSER}" (client secret, through DefaultAzureCredential)` +
      ` and runs for ${seconds} s, a step every ${STEP_MS / 1000} s, each step a new connection.\n`,
  );
  try {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
      env: { ...process.env, ...env, [WORKER]: String(seconds) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    const [code] = await once(child, "exit");
    if (code !== 0) throw new Error(`the job process exited with ${code}`);
    const { keepFresh, loggedInOnce } = JSON.parse(output);
    const when = ({ firstFailureAt }) => (firstFailureAt === undefined ? "never" : `${firstFailureAt.toFixed(1)} s`);
    const row = (label, a, b) => `  ${label.padEnd(24)}${String(a).padStart(14)}   ${String(b).padStart(16)}`;
    console.log(
      [
        `After ${seconds} s (${(seconds / lifetime).toFixed(1)} token lifetimes):`,
        "",
        row("", "keepFresh()", "logged in once"),
        row("steps", keepFresh.ok + keepFresh.failed, loggedInOnce.ok + loggedInOnce.failed),
        row("failed", keepFresh.failed, loggedInOnce.failed),
        row("first failure after", when(keepFresh), when(loggedInOnce)),
        "",
        `Token requests to the Entra authority, both jobs together: ${emu.authority.requests.token}.`,
        keepFresh.failed === 0
          ? "keepFresh(): zero failures; the job that logged in once fails from its token's expiry on: the 61-minute failure."
          : `keepFresh(): ${keepFresh.failed} FAILURES`,
      ].join("\n"),
    );
    return keepFresh.failed === 0 ? 0 : 1;
  } finally {
    await emu.close();
  }
}

if (process.env[WORKER]) await runJobs(Number(process.env[WORKER]));
