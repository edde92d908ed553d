// Picks what serves SQL behind the front door: a real PostgreSQL cluster when its binaries are
// here, else PGlite. Both trust every role; the front door has already checked the token.
import { findPostgresBinDir, startPostgresCluster } from "./postgres-cluster.mjs";
import { startPglite } from "./pglite-backend.mjs";

const KINDS = ["auto", "postgresql", "pglite"];

export async function startBackend(kind, { dir, roles, database, watchdog }) {
  if (!KINDS.includes(kind)) throw new TypeError(`backend must be one of ${KINDS.join(", ")}`);
  const binDir = kind === "pglite" ? undefined : findPostgresBinDir();
  if (binDir) return startPostgresCluster({ binDir, dir, roles, database, watchdog });
  if (kind === "postgresql") {
    throw new Error(
      'backend "postgresql" needs PostgreSQL server binaries (initdb, postgres, psql) in /usr/lib/postgresql/<version>/bin or on PATH',
    );
  }
  return startPglite({ dir });
}
