// entra-db-auth/mysql: Azure Database for MySQL. mysql2 and mariadb ship their own types.
// @ts-ignore: an optional peer; the root entry point names every database, and an app installs one.
import type { PoolOptions as MysqlPoolOptions, Pool as MysqlPool } from "mysql2/promise";
// @ts-ignore: an optional peer; the root entry point names every database, and an app installs one.
import type { Pool as MariadbPool, PoolConfig as MariadbPoolConfig } from "mariadb";
import type { PoolOptions, ConfigureEntraIdAuth } from "../core/index.cjs";

export * from "../core/index.cjs";

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

/** Registers a `beforeConnect` hook on a Sequelize (v6 or v7) mysql or mariadb instance that logs in with Entra ID tokens. */
export declare const configureEntraIdAuth: ConfigureEntraIdAuth;
