// A throwaway PostgreSQL cluster behind the front door: initdb with trust auth, a postmaster that
// listens only on a Unix socket in our temp dir (no port to race for, no way around the front
// door), and a LOGIN role for every principal and group. initdb refuses to run as root, so as
// root every server binary runs as the `postgres` user.
import { spawn, execFile } from "node:child_process";
import { existsSync, openSync, closeSync, readdirSync, readFileSync } from "node:fs";
import { chown, mkdir, readFile } from "node:fs/promises";
import { connect } from "node:net";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { stopProcess } from "../stop-process.mjs";

const run = promisify(execFile);
// Only the socket file's name depends on it; nothing binds a TCP port.
const SOCKET_PORT = "5432";
const READY_TIMEOUT_MS = 30_000;

/** The newest /usr/lib/postgresql/<version>/bin (Debian, Ubuntu), else the directory of `initdb` on PATH. */
export function findPostgresBinDir() {
  const debian = "/usr/lib/postgresql";
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => existsSync(join(debian, v, "bin", "initdb")))
        .sort((a, b) => b - a)
    : [];
  if (versions.length) return join(debian, versions[0], "bin");
  return (process.env.PATH ?? "").split(delimiter).find((dir) => dir && existsSync(join(dir, "initdb")));
}

function postgresAccount() {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line)
    throw new Error("running as root, PostgreSQL needs a 'postgres' user to run initdb as (initdb refuses root)");
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

/**
 * Starts a cluster in `dir` (created here) with `roles` (LOGIN) and `database` open to all of them.
 * `watchdog.watch(pid)` learns the postmaster's pid as soon as it exists.
 */
export async function startPostgresCluster({ binDir, dir, roles, database, watchdog }) {
  const asRoot = process.getuid?.() === 0;
  const bin = (name) => join(binDir, name);
  // runuser, unlike su, needs no PAM session or password and keeps our environment.
  const asPostgres = (cmd, args) => (asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]);
  const dataDir = join(dir, "data");
  await mkdir(dir, { recursive: true });
  if (asRoot) {
    const { uid, gid } = postgresAccount();
    await chown(dir, uid, gid);
  }

  const initdbArgs = ["-D", dataDir, "--auth=trust", "--no-sync", "-U", "postgres", "-E", "UTF8", "--locale=C"];
  const [{ stdout: versionText }] = await Promise.all([
    run(bin("postgres"), ["--version"]),
    run(...asPostgres(bin("initdb"), initdbArgs)),
  ]);
  const version = /\(PostgreSQL\)\s+(\S+)/.exec(versionText)?.[1] ?? "unknown";

  const logFile = join(dir, "postgres.log");
  const logFd = openSync(logFile, "a");
  const settings = ["listen_addresses=", "fsync=off", "full_page_writes=off", "synchronous_commit=off"];
  const serverArgs = ["-D", dataDir, "-k", dir, "-p", SOCKET_PORT, ...settings.flatMap((s) => ["-c", s])];
  const child = spawn(...asPostgres(bin("postgres"), serverArgs), { detached: true, stdio: ["ignore", logFd, logFd] });
  closeSync(logFd);
  child.unref();
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.once("error", () => {});

  const pid = await waitUntilReady({ dataDir, exited, logFile, watchdog });
  // Fast shutdown ends the sessions we relay; immediate shutdown if that stalls.
  const stop = () =>
    stopProcess(
      exited,
      () => signal(pid, "SIGINT"),
      () => signal(pid, "SIGQUIT"),
    );

  const db = quoteIdent(database);
  const setup = [
    ...roles.map((role) => `CREATE ROLE ${quoteIdent(role)} LOGIN`),
    ...(database === "postgres" ? [] : [`CREATE DATABASE ${db}`]),
    `GRANT ALL ON DATABASE ${db} TO PUBLIC`,
    `\\connect ${db}`,
    "GRANT ALL ON SCHEMA public TO PUBLIC",
  ];
  const connection = ["-h", dir, "-p", SOCKET_PORT, "-U", "postgres", "-d", "postgres"];
  try {
    await run(bin("psql"), ["-Xq", "-v", "ON_ERROR_STOP=1", ...connection, ...setup.flatMap((c) => ["-c", c])]);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    name: `postgresql ${version}`,
    connect: () => connect({ path: join(dir, `.s.PGSQL.${SOCKET_PORT}`) }),
    close: stop,
  };
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch (error) {
    if (error.code !== "ESRCH") throw error;
  }
}

// The postmaster writes its pid on line 1 of postmaster.pid, and "ready" on line 8 once it
// accepts connections (what `pg_ctl -w` waits for).
async function waitUntilReady({ dataDir, exited, logFile, watchdog }) {
  let gone = false;
  exited.then(() => (gone = true));
  let pid;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !gone) {
    const lines = await readFile(join(dataDir, "postmaster.pid"), "utf8").then(
      (t) => t.split("\n"),
      () => [],
    );
    if (!pid && Number(lines[0]) > 0) {
      pid = Number(lines[0]);
      watchdog.watch(pid);
    }
    if (pid && lines[7]?.trim() === "ready") return pid;
    await sleep(20);
  }
  if (pid) signal(pid, "SIGQUIT");
  const log = await readFile(logFile, "utf8").catch(() => "");
  throw new Error(`PostgreSQL did not start${gone ? "" : ` within ${READY_TIMEOUT_MS} ms`}:\n${log.slice(-2000)}`);
}
