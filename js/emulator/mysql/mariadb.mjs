// A throwaway MariaDB behind the MySQL front door, started the way the PostgreSQL cluster is: a
// fresh data directory in the emulator's temp dir, a server that listens only on a Unix socket
// there (no port to race for, no way around the front door), and a user with no password for every
// principal and group. The front door has checked the token before it logs in as one.
import { spawn, execFile } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { chown, mkdir, readFile, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { stopProcess } from "../stop-process.mjs";
import { PacketReader } from "./wire.mjs";
import { parseHandshake } from "./handshake.mjs";

const run = promisify(execFile);
const READY_TIMEOUT_MS = 30_000;

/** `{ server, installDb }` (mariadbd and mariadb-install-db) from /usr/sbin, /usr/bin or PATH, else undefined. */
export function findMariadbBinaries() {
  const dirs = ["/usr/sbin", "/usr/bin", ...(process.env.PATH ?? "").split(delimiter).filter(Boolean)];
  const find = (name) => dirs.map((dir) => join(dir, name)).find((path) => existsSync(path));
  const server = find("mariadbd");
  const installDb = find("mariadb-install-db");
  return server && installDb ? { server, installDb } : undefined;
}

function mysqlAccount() {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("mysql:"));
  if (!line) throw new Error("running as root, MariaDB needs a 'mysql' user to run as (it refuses root)");
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

const quoteString = (value) => `'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
const quoteIdent = (name) => `\`${name.replaceAll("`", "``")}\``;

/** One statement per line: that is how mariadbd reads an --init-file. */
function setupSql(users, database) {
  return [
    `CREATE DATABASE ${quoteIdent(database)};`,
    ...users.flatMap((user) => [
      // '%', as Azure Database for MySQL creates Entra users (CURRENT_USER() shows user@%).
      `CREATE USER ${quoteString(user)}@'%';`,
      `GRANT ALL PRIVILEGES ON ${quoteIdent(database)}.* TO ${quoteString(user)}@'%';`,
    ]),
    "",
  ].join("\n");
}

/**
 * Starts MariaDB in `dir` (created here) with `users` and `database` open to all of them.
 * `watchdog.watch(pid)` learns the server's pid once it runs.
 */
export async function startMariadb({ dir, users, database, watchdog }) {
  const binaries = findMariadbBinaries();
  if (!binaries) {
    throw new Error(
      "the MySQL front door needs MariaDB server binaries (mariadbd, mariadb-install-db) in /usr/sbin, /usr/bin or on PATH: apt-get install mariadb-server",
    );
  }
  const asRoot = process.getuid?.() === 0;
  const dataDir = join(dir, "data");
  const socketPath = join(dir, "mysqld.sock");
  await mkdir(dir, { recursive: true });
  // As root both programs switch to the mysql user, which must own the directory.
  const userArgs = asRoot ? ["--user=mysql"] : [];
  if (asRoot) {
    const { uid, gid } = mysqlAccount();
    await chown(dir, uid, gid);
  }
  const initFile = join(dir, "init.sql");
  await writeFile(initFile, setupSql(users, database), { mode: 0o644 });
  const installArgs = ["--no-defaults", `--datadir=${dataDir}`, "--auth-root-authentication-method=normal"];
  await run(binaries.installDb, [...installArgs, "--skip-test-db", "--skip-name-resolve", ...userArgs]);
  const { stdout: versionText } = await run(binaries.server, ["--version"]);
  const version = /Ver\s+(\d+\.\d+\.\d+)/.exec(versionText)?.[1] ?? "unknown";

  const logFile = join(dir, "mariadb.log");
  const logFd = openSync(logFile, "a");
  const serverArgs = [
    "--no-defaults",
    `--datadir=${dataDir}`,
    `--socket=${socketPath}`,
    "--skip-networking",
    `--pid-file=${join(dir, "mariadb.pid")}`,
    `--init-file=${initFile}`,
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_general_ci",
    "--innodb-flush-log-at-trx-commit=0",
    "--skip-log-bin",
    // Big enough for a statement that spans several 16 MB packets (Azure allows up to 1 GB).
    "--max-allowed-packet=64M",
    // The front door connects before the client has its token: give a slow credential time.
    "--connect-timeout=300",
    ...userArgs,
  ];
  const child = spawn(binaries.server, serverArgs, { detached: true, stdio: ["ignore", logFd, logFd] });
  closeSync(logFd);
  child.unref();
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.once("error", () => {});
  if (child.pid) watchdog.watch(child.pid);

  async function stop() {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await stopProcess(
      exited,
      () => child.kill("SIGTERM"),
      () => child.kill("SIGKILL"),
    );
  }

  try {
    await waitUntilReady(socketPath, exited);
  } catch (error) {
    await stop();
    const log = await readFile(logFile, "utf8").catch(() => "");
    throw new Error(`MariaDB did not start: ${error.message}\n${log.slice(-2000)}`);
  }
  return {
    name: `mariadb ${version}`,
    connect: () => connect({ path: socketPath }),
    close: stop,
  };
}

// Ready when a connection gets a greeting (the init file has run by then).
async function waitUntilReady(socketPath, exited) {
  let gone = false;
  exited.then(() => (gone = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !gone) {
    if (existsSync(socketPath)) {
      const socket = connect({ path: socketPath });
      socket.on("error", () => {});
      const reader = new PacketReader(socket);
      const greeted = await reader.packet().then(
        ({ payload }) => (parseHandshake(payload), true),
        () => false,
      );
      socket.destroy();
      if (greeted) return;
    }
    await sleep(20);
  }
  throw new Error(gone ? "the server exited" : `no greeting within ${READY_TIMEOUT_MS} ms`);
}
