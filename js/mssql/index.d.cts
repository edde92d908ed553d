// entra-db-auth/mssql: Azure SQL Database. Needs @types/mssql for createMssqlPool (mssql ships no types).
// @ts-ignore: an optional peer; the root entry point names every database, and an app installs one.
import type { ConnectionPool, config as MssqlConfig } from "mssql";
import type {
  TokenCredential,
  PasswordOptions,
  UsernameOptions,
  PoolOptions,
  ConfigureEntraIdAuth,
  SequelizeAuthOptions,
} from "../core/index.cjs";

export * from "../core/index.cjs";

/** Options of the SQL Server integrations: no user name (the token names the principal). */
export interface SqlServerOptions extends PasswordOptions {
  /** Default: the process-wide DefaultAzureCredential. A `TokenSource` gives its own schedule. */
  credential?: TokenCredential;
}

/** The parts of a tedious (or mssql) config that decide whether the token may go to the server. */
export interface TediousTarget {
  /** tedious' and mssql's name for the server. */
  server?: string;
  /** knex's and TypeORM's name for the server. */
  host?: string;
  encrypt?: boolean | "strict";
  trustServerCertificate?: boolean;
  options?: { encrypt?: boolean | "strict"; trustServerCertificate?: boolean; [option: string]: unknown };
  [key: string]: unknown;
}

/**
 * tedious' `authentication` for Entra ID tokens from the shared cache: `token-credential` with a
 * credential that serves the Azure SQL scope of the server's cloud, and refuses any other
 * (`SCOPE_NOT_ALLOWED`; another scope only when `scope` is given). Refused (`INSECURE_CONNECTION`)
 * for a server off this machine unless the login's session is encrypted with a verified certificate:
 * `encrypt: false`, `trustServerCertificate: true`, or a PRELOGIN answer that declined encryption.
 */
export declare function tediousAuthentication(
  config?: TediousTarget,
  options?: SqlServerOptions,
): { type: "token-credential"; options: { credential: TokenCredential } };

/**
 * An `mssql` ConnectionPool that logs in with Entra ID tokens, with Microsoft.Data.SqlClient's pool
 * rules: a connection whose token expires within the connect timeout (at most 600 s) is replaced at
 * acquire; connections retire after `maxLifetimeSeconds` (default 30 min, ± 10% per connection); a login refused
 * with 18456 is retried once with a fresh token, then fails with a `hint`; a connection that fails
 * with 37396 is never handed out again. Azure's Redirect policy is followed with the same token.
 */
export declare function createMssqlPool(
  config?: Omit<MssqlConfig, "authentication" | "server"> & { server?: string; maxLifetimeSeconds?: number },
  options?: SqlServerOptions,
): EntraMssqlPool;

/** What an Entra ID pool's logins did. */
export interface MssqlPoolStats {
  /** Logins that succeeded. */
  logins: number;
  /** Logins retried with a fresh token after an 18456. */
  retries: number;
  /** Logins a gateway routed to another server (Azure's Redirect policy). */
  redirects: number;
}

/** createMssqlPool's pool: an mssql ConnectionPool with `stats()`. */
export type EntraMssqlPool = ConnectionPool & { stats(): MssqlPoolStats };

/** Registers a `beforeConnect` hook on a Sequelize (v6 or v7) mssql instance that sets tedious' authentication to tediousAuthentication. */
export declare const configureEntraIdAuth: ConfigureEntraIdAuth;
