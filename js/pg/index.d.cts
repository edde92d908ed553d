// entra-db-auth/pg: Azure Database for PostgreSQL. Needs @types/pg (pg ships no types).
// @ts-ignore: an optional peer; the root entry point names every database, and an app installs one.
import type { Pool, PoolConfig } from "pg";
import type { TokenCredential, PasswordOptions, PoolOptions, ConfigureEntraIdAuth } from "../core/index.cjs";

export * from "../core/index.cjs";

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

/** Registers a `beforeConnect` hook on a Sequelize (v6 or v7) postgres instance that sets a fresh token as the password and the role name as the username. */
export declare const configureEntraIdAuth: ConfigureEntraIdAuth;
