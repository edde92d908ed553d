// The token source, its options and errors: what every entry point exports.
import type { EventEmitter } from "node:events";
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";

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

export interface PoolOptions extends UsernameOptions, PasswordOptions {
  /** Default: the process-wide DefaultAzureCredential. */
  credential?: TokenCredential;
}

export interface SequelizeAuthOptions extends UsernameOptions, PasswordOptions {}

/**
 * Sequelize's configureEntraIdAuth, as each entry point exports it for the dialects it serves (SQL
 * Server's takes no username options: the token names the principal).
 */
export type ConfigureEntraIdAuth<Options = SequelizeAuthOptions> = <S extends object>(
  sequelize: S,
  credential?: TokenCredential | null,
  options?: Options,
) => S;

export type EntraDbAuthErrorCode =
  | "TOKEN_ACQUISITION_FAILED"
  | "TOKEN_REQUEST_TIMEOUT"
  | "NO_TOKEN"
  | "INVALID_TOKEN"
  | "TOKEN_EXPIRED"
  | "NO_USERNAME"
  | "INSECURE_CONNECTION"
  | "SCOPE_NOT_ALLOWED"
  | "PEER_NOT_INSTALLED"
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
/** INVALID_ARGUMENT, INSECURE_CONNECTION, SCOPE_NOT_ALLOWED, PEER_NOT_INSTALLED. */
export declare class ConfigurationError extends EntraDbAuthError {}

export type { AccessToken, GetTokenOptions, TokenCredential };
