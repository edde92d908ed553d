// entra-db-auth/mssql: Azure SQL Database. Needs @types/mssql for createMssqlPool (mssql ships no types).
// @ts-ignore: an optional peer; the root entry point names every database, and an app installs one.
import type { ConnectionPool, config as MssqlConfig } from "mssql";
import type { TokenCredential, PasswordOptions, ConfigureEntraIdAuth } from "../core/index.cjs";

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
 *
 * `config` may be an mssql connection string ("Server=tcp:orders.database.windows.net,1433;
 * Database=orders;Encrypt=Strict"), or carry one as `connectionString` (what is given beside it
 * wins). Encrypt keeps SqlClient's meanings (Strict: TDS 8; Optional: no encryption, refused off this machine); an Entra
 * `Authentication` keyword is accepted, a password, a user or a SQL login is `INVALID_ARGUMENT`.
 * Server, port and database left unset come from AZURE_SQL_SERVER, AZURE_SQL_PORT and
 * AZURE_SQL_DATABASE (what Azure's Service Connector sets).
 */
export declare function createMssqlPool(config?: string | MssqlPoolConfig, options?: SqlServerOptions): EntraMssqlPool;

/** createMssqlPool's config: mssql's, without `authentication`, with a connection string if wanted. */
export type MssqlPoolConfig = Omit<MssqlConfig, "authentication" | "server"> & {
  server?: string;
  /** An mssql connection string; the other keys given beside it win over it. */
  connectionString?: string;
  maxLifetimeSeconds?: number;
};

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
export declare const configureEntraIdAuth: ConfigureEntraIdAuth<PasswordOptions>;
