import type { EventEmitter } from "node:events";
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import type { Pool, PoolConfig } from "pg";
import type { ConnectionPool, config as MssqlConfig } from "mssql";
import type { Pool as MysqlPool, PoolOptions as MysqlPoolOptions } from "mysql2/promise";
import type { Pool as MariadbPool, PoolConfig as MariadbPoolConfig } from "mariadb";

/** Options of a token source's cache. */
export interface TokenSourceOptions {
  /** Default: one process-wide `DefaultAzureCredential` from `@azure/identity`, created on first use. */
  credential?: TokenCredential;
  /** Default: the public cloud's `https://ossrdbms-aad.database.windows.net/.default`. */
  scope?: string;
  /** Fraction of a token's lifetime after which a background refresh starts, in (0, 1). Default 0.75. */
  refreshAt?: number;
  /**
   * ± fraction of the lifetime added at random to `refreshAt`, in [0, 0.5). Default 0.01. The first
   * token's refresh point is drawn from one whole refresh interval, so that a fleet spreads out.
   */
  jitter?: number;
  /** A token is never handed out this close to its expiry. Default: min(30 s, 10% of the lifetime). */
  marginMs?: number;
  /** A credential call is abandoned (its abort signal fired) after this long. Default 30 000. */
  timeoutMs?: number;
}

/** How the PostgreSQL role name is chosen when it is not given. */
export interface UsernameOptions {
  /** Always wins when set. */
  username?: string;
  /** Used when no claim names the role (after xms_mirid, upn, preferred_username, unique_name). */
  fallbackUsername?: string;
  /** Accept the `appid` claim (a GUID) as the role name. Default false. */
  allowAppId?: boolean;
}

/** For TokenSource#getUsername / describeUsername. */
export interface UsernameOrderOption {
  /**
   * "postgresql-auth": resolve the way `@azure/postgresql-auth` does (`upn`, `appid`,
   * `fallbackUsername`, `PGUSER`), as the drop-in functions do. Default "entra-db-auth".
   */
  order?: "entra-db-auth" | "postgresql-auth";
}

/** What `TokenSource#stats()` returns. Never the token. */
export interface TokenSourceStats {
  /** Credential calls made. */
  requests: number;
  /** Credential calls that failed (or returned an unusable token). */
  failures: number;
  /** Failures since the last success. */
  consecutiveFailures: number;
  /** Callers answered from the cache without waiting. */
  servedFromCache: number;
  /** Callers that waited for a credential call. */
  waited: number;
  lastRefreshAt?: number;
  expiresOnTimestamp?: number;
  refreshAfterTimestamp?: number;
  /** After a failure, no credential call before this time. */
  retryAfterTimestamp?: number;
  refreshing: boolean;
}

/** The payload of the "refresh" event and the `entra-db-auth:refresh` diagnostics channel. */
export interface RefreshEvent {
  scope: string;
  durationMs: number;
  expiresOnTimestamp: number;
  refreshAfterTimestamp: number;
  background: boolean;
}

/**
 * A refresh-ahead, single-flight cache of one credential's tokens for one scope.
 * Events: "refresh" (RefreshEvent), "error" (EntraDbAuthError; emitted only when listened to), "invalidate".
 */
export declare class TokenSource extends EventEmitter {
  constructor(options?: TokenSourceOptions);
  readonly scope: string;
  /** The token string, for use as a password. Resolves at once while a valid token is cached. */
  getPassword(): Promise<string>;
  /**
   * The token for `scopes` (default: this source's) with its expiry and refresh point, as a
   * TokenCredential answers. Another scope is served by the shared source of the same credential.
   */
  getToken(
    scopes?: string | string[],
    options?: GetTokenOptions,
  ): Promise<AccessToken & { refreshAfterTimestamp: number; tokenType: "Bearer" }>;
  /** The PostgreSQL role name for the current token. */
  getUsername(options?: UsernameOptions & UsernameOrderOption): Promise<string>;
  /** The role name and the claim or option it came from. */
  describeUsername(options?: UsernameOptions & UsernameOrderOption): Promise<{ name: string; source: string }>;
  /** The server rejected `token`: drop it so the next caller gets a fresh one (at most once per 30 s). */
  invalidate(token: string): boolean;
  /** The current token's claims (nothing secret), or undefined when it is not a JWT. */
  getClaims(): Promise<Record<string, unknown> | undefined>;
  /** Refresh on schedule in the background (unref'd timers) so any call during a long job is instant. */
  keepFresh(): this;
  /** Stop keeping fresh and forget the cached token. Optional: nothing here keeps the process alive. */
  close(): void;
  /** Counters and the current token's times. */
  stats(): TokenSourceStats;
  /** A TokenCredential backed by this cache (other scopes: the shared sources of the same credential). */
  asTokenCredential(): TokenCredential;
}

/** A new token source with its own cache. */
export declare function createTokenSource(options?: TokenSourceOptions): TokenSource;
/** The token source shared by everything that uses this credential (default: DefaultAzureCredential) and scope. */
export declare function sharedTokenSource(credential?: TokenCredential | null, scope?: string): TokenSource;
/** The Entra ID scope for a database host's cloud. */
export declare function scopeForHost(host?: string): string;

export interface PasswordOptions {
  scope?: string;
  /** Send the token to a non-loopback host without TLS. Default false. */
  allowInsecure?: boolean;
}

/** The connection parameters pg >= 8.19 passes to a `password` function. */
export interface PgConnectionParameters {
  host?: string;
  ssl?: unknown;
  [key: string]: unknown;
}

/**
 * A token to use as a pg password: `password: getEntraTokenPassword`, or with your own credential
 * `password: (connection) => getEntraTokenPassword(connection, { credential, scope })`. Given pg's
 * connection parameters it refuses a connection off loopback without verified TLS. The older form
 * `getEntraTokenPassword(credential, { scope })` checks nothing: it does not know where the token goes.
 */
export declare function getEntraTokenPassword(
  credentialOrConnection?: TokenCredential | PgConnectionParameters | null,
  options?: PasswordOptions & { credential?: TokenCredential },
): Promise<string>;

export interface PoolOptions extends UsernameOptions, PasswordOptions {
  /** Default: the process-wide DefaultAzureCredential. */
  credential?: TokenCredential;
}

/**
 * A pg.Pool that logs in with Entra ID tokens: user from the token when not configured,
 * maxLifetimeSeconds 30 min ± 10% by default, one retry with a fresh token after 28P01/28000,
 * and a `hint` on a rejection that remains.
 */
export declare function createPool(config?: PoolConfig, options?: PoolOptions): Pool;

/** The connection options the adapters read before handing the rest through unchanged. */
export interface AdapterConnectionConfig {
  host?: string;
  ssl?: unknown;
  user?: string;
}

/**
 * A knex `connection` provider: `connection: knexConnection({ host, database, ssl: true })`. Each
 * result carries the token as `password`, the role from the token as `user` (unless configured), and
 * an `expirationChecker()` that knex consults before creating or reusing a connection.
 */
export declare function knexConnection<C extends AdapterConnectionConfig>(
  config?: C,
  options?: PoolOptions,
): () => Promise<C & { user: string; password: string; expirationChecker(): boolean }>;

/**
 * Options for postgres.js: `postgres(await postgresJsOptions({ host, database, ssl: "verify-full" }))`:
 * `pass` fetches the token for each new connection, `user` is the role from the token unless configured.
 */
export declare function postgresJsOptions<C extends AdapterConnectionConfig & { username?: string }>(
  config?: C,
  options?: PoolOptions,
): Promise<C & { user: string; pass: () => Promise<string> }>;
/** With the URL given to postgres(): `postgres(url, await postgresJsOptions(url))`. */
export declare function postgresJsOptions(
  url: string,
  options?: PoolOptions,
): Promise<{ user: string; pass: () => Promise<string> }>;

/**
 * The `driver` option of a TypeORM postgres DataSource: pg, with a Pool made by `createPool` (role
 * from the token unless `username` is set, fresh tokens, one retry after 28P01).
 */
export declare function typeormDriver(options?: Omit<PoolOptions, "username">): {
  Pool: new (config?: PoolConfig) => Pool;
};

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
 * with 37396 is never handed out again.
 */
export declare function createMssqlPool(
  config?: Omit<MssqlConfig, "authentication" | "server"> & { server?: string; maxLifetimeSeconds?: number },
  options?: SqlServerOptions,
): ConnectionPool;

/** mysql2's `authPlugins`, with the entry that answers Azure's request for the token. */
export type Mysql2AuthPlugins = NonNullable<MysqlPoolOptions["authPlugins"]>;

/**
 * mysql2's `authPlugins` for Azure Database for MySQL: the token (and the NUL mysql_clear_password
 * ends with) from the shared cache at every login. Refused (`INSECURE_CONNECTION`, reported by
 * mysql2 with code AUTH_SWITCH_PLUGIN_ERROR) for a host off this machine without `ssl`.
 */
export declare function mysql2AuthPlugins(options?: PoolOptions): Mysql2AuthPlugins;

/** A mysql2 config with `authPlugins` and, unless given, `user` from the token (fetched first). */
export declare function mysql2Options<T extends MysqlPoolOptions>(
  config?: T,
  options?: PoolOptions,
): Promise<T & { user: string; authPlugins: Mysql2AuthPlugins }>;

/**
 * A mysql2 promise pool that logs in with Entra ID tokens: user from the token when not configured,
 * connections retired after `maxLifetimeSeconds` (default 30 min ± 10%, per connection), one retry
 * with a fresh token after 1045, and a `hint` on a refusal that remains.
 */
export declare function createMysqlPool(
  config?: Omit<MysqlPoolOptions, "password"> & { maxLifetimeSeconds?: number },
  options?: PoolOptions,
): MysqlPool;

/**
 * A mariadb pool (for Prisma's `@prisma/adapter-mariadb` or the mariadb connector) that logs in
 * with Entra ID tokens: a pool made with the current token, replaced when the token is; one retry
 * with a fresh token after 1045, then a `hint`. `escape` and `escapeId` work once it has logged in.
 */
export declare function createMariadbPool(
  config?: Omit<MariadbPoolConfig, "password">,
  options?: PoolOptions,
): MariadbPool;

export interface SequelizeAuthOptions extends UsernameOptions, PasswordOptions {}

/**
 * Registers a `beforeConnect` hook on a Sequelize (v6 or v7) instance that sets a fresh token as the
 * password and the role name as the username.
 */
export declare function configureEntraIdAuth<S extends object>(
  sequelize: S,
  credential?: TokenCredential | null,
  options?: SequelizeAuthOptions,
): S;

/** Options of the drop-in {@link entraTokenProvider}: `@azure/postgresql-auth`'s, plus `allowInsecure`. */
export interface EntraTokenProviderOptions {
  /**
   * Default: the host's cloud's scope when pg (>= 8.19) passes its connection parameters, else the
   * public cloud's `https://ossrdbms-aad.database.windows.net/.default`. An array holds one scope.
   */
  scope?: string | string[];
  /** Send the token to a non-loopback host without TLS. Default false. */
  allowInsecure?: boolean;
}

/** Options of the drop-in {@link configureEntraAuthentication}: `@azure/postgresql-auth`'s, plus `allowInsecure`. */
export interface ConfigureEntraAuthenticationOptions {
  /** The role name when the token has neither `upn` nor `appid`; after it, the `PGUSER` variable. */
  fallbackUsername?: string;
  /** Send the token to a non-loopback host without TLS. Default false. */
  allowInsecure?: boolean;
}

/** Any object with Sequelize's `beforeConnect(callback)` method, as `@azure/postgresql-auth` types it. */
export interface SequelizeBeforeConnectHook {
  beforeConnect: (callback: (config: { username?: string; password?: string }) => Promise<void>) => void;
}

/**
 * A Sequelize v6 instance, whose types declare `beforeConnect` only on the class (the instance has it
 * at run time), or a v7 one.
 */
export interface SequelizeInstance {
  addHook(hookType: "beforeConnect", ...rest: never[]): unknown;
}

/**
 * Drop-in for `@azure/postgresql-auth`'s: a pg `password` function. The token comes from the shared
 * cache (one credential call per token lifetime); a non-TLS connection off loopback is refused.
 */
export declare function entraTokenProvider(
  credential: TokenCredential,
  options?: EntraTokenProviderOptions,
): (connection?: PgConnectionParameters) => Promise<string>;

/**
 * Drop-in for `@azure/postgresql-auth`'s: a `beforeConnect` hook that sets the token as the password
 * and, over any configured username, the role in that package's order: `upn`, then `appid` (so a
 * managed identity logs in as its appid GUID), then `fallbackUsername`, then `PGUSER`.
 * {@link configureEntraIdAuth} resolves by role name instead.
 */
export declare function configureEntraAuthentication(
  sequelizeInstance: SequelizeBeforeConnectHook | SequelizeInstance,
  credential: TokenCredential,
  options?: ConfigureEntraAuthenticationOptions,
): void;

export type EntraDbAuthErrorCode =
  | "TOKEN_ACQUISITION_FAILED"
  | "TOKEN_REQUEST_TIMEOUT"
  | "NO_TOKEN"
  | "INVALID_TOKEN"
  | "TOKEN_EXPIRED"
  | "NO_USERNAME"
  | "INSECURE_CONNECTION"
  | "SCOPE_NOT_ALLOWED"
  | "INVALID_ARGUMENT";

export declare class EntraDbAuthError extends Error {
  readonly code: EntraDbAuthErrorCode;
}
/** TOKEN_ACQUISITION_FAILED, TOKEN_REQUEST_TIMEOUT, NO_TOKEN; the credential's error is the `cause`. */
export declare class TokenAcquisitionError extends EntraDbAuthError {}
/** INVALID_TOKEN, TOKEN_EXPIRED. */
export declare class InvalidTokenError extends EntraDbAuthError {}
/** NO_USERNAME. */
export declare class UsernameError extends EntraDbAuthError {}
/** INVALID_ARGUMENT, INSECURE_CONNECTION, SCOPE_NOT_ALLOWED. */
export declare class ConfigurationError extends EntraDbAuthError {}

export type { AccessToken, GetTokenOptions, TokenCredential };
