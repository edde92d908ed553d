// Picks what serves SQL behind the front door: a real PostgreSQL cluster when its binaries are
// here, else PGlite. Both trust every role; the front door has already checked the token.
// A cluster that cannot start (as root with no `runuser` on PATH, no `postgres` account, a
// permission denied, a server that exits at start) is not the end of the run: "auto" falls back to
// PGlite and says why in one line on stderr; an explicit "postgresql" fails with
// EmulatorBackendError, whose message says what went wrong and what to install or change.
import { rm } from "node:fs/promises";
import { findPostgresBinDir, startPostgresCluster } from "./postgres-cluster.mjs";
import { startPglite } from "./pglite-backend.mjs";

const KINDS = ["auto", "postgresql", "pglite"];

/** The emulator's backend could not start. `code` is EMULATOR_BACKEND_UNAVAILABLE; `cause` the error beneath. */
export class EmulatorBackendError extends Error {
  code = "EMULATOR_BACKEND_UNAVAILABLE";

  constructor(message, options) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** Why the cluster did not start, in one line, with what to do about it. */
export function whyClusterFailed(error) {
  if (error?.code === "ENOENT" && error.path === "runuser") {
    return "running as root, initdb and postgres must run as the postgres user through runuser (util-linux), which is not on PATH: add /usr/sbin to PATH";
  }
  if (error?.code === "ENOENT") return `${error.path ?? "a PostgreSQL program"} was not found`;
  if (error?.code === "EACCES" || error?.code === "EPERM") {
    return `permission denied (${error.path ?? error.syscall ?? error.message}): run as a user who may execute the PostgreSQL binaries and write the temp dir`;
  }
  // initdb, psql or the server said why on stderr or in its log: their first error line.
  const said = `${error?.stderr ?? ""}\n${error?.message ?? error}`
    .split("\n")
    .map((line) => line.trim())
    .find((line) => /error|fatal|panic|denied|not found|could not|refuse/i.test(line));
  return said ?? String(error?.message ?? error).split("\n")[0];
}

/**
 * `{ name, connect(), close() }` for `kind`. `notice(line)` hears why "auto" fell back to PGlite
 * (default: one line on stderr).
 */
export async function startBackend(
  kind,
  { dir, roles, database, watchdog, notice = (line) => process.stderr.write(`${line}\n`) },
) {
  if (!KINDS.includes(kind)) throw new TypeError(`backend must be one of ${KINDS.join(", ")}`);
  const binDir = kind === "pglite" ? undefined : findPostgresBinDir();
  if (!binDir && kind === "postgresql") {
    throw new EmulatorBackendError(
      'backend "postgresql" needs PostgreSQL server binaries (initdb, postgres, psql) in /usr/lib/postgresql/<version>/bin or on PATH: install postgresql (Debian, Ubuntu: apt-get install postgresql), or use backend "pglite"',
    );
  }
  if (!binDir) return pglite(dir);
  try {
    return await startPostgresCluster({ binDir, dir, roles, database, watchdog });
  } catch (error) {
    const why = whyClusterFailed(error);
    if (kind === "postgresql") {
      throw new EmulatorBackendError(`backend "postgresql" could not start: ${why}`, { cause: error });
    }
    notice(`entra-db-auth emulator: PostgreSQL (${binDir}) could not start, using PGlite instead: ${why}`);
    await rm(dir, { recursive: true, force: true });
    return pglite(dir, why);
  }
}

/** PGlite in `dir`; `clusterFailure`: why the cluster did not start, if that is why PGlite is used. */
async function pglite(dir, clusterFailure) {
  try {
    return await startPglite({ dir });
  } catch (error) {
    const before = clusterFailure ? `PostgreSQL could not start (${clusterFailure}), and ` : "";
    throw new EmulatorBackendError(`${before}${error.message}`, { cause: error });
  }
}
