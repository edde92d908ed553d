"use strict";
// A TokenSource drives one core cache (js/wasm, built from crates/) with one credential and scope. The
// core decides; this file performs: it calls the credential, keeps the current token string, and
// hands it out. See ARCHITECTURE in the README.
const { EventEmitter } = require("node:events");
const { inspect } = require("node:util");
const {
  EntraDbAuthError,
  entraError,
  fromCore,
  describe,
  check,
  checkObject,
  checkKnownOptions,
} = require("./errors.cjs");
const { PUBLIC_SCOPE, scopeForHost, assertTlsOrLoopback } = require("./hosts.cjs");
/**
 * What a running source needs, loaded by the first TokenSource: the wasm core (compiling it takes a
 * few milliseconds), the default credential and logging. An app that imports us but never asks for a
 * token pays for none of it.
 */
let Core, Action, decodeClaimsInCore, getDefaultCredential, loadLogger, log, publish, isoTime;
function loadRuntime() {
  ({ Core, Action, decodeClaims: decodeClaimsInCore } = require("../wasm/core.cjs"));
  ({ getDefaultCredential } = require("./credential.cjs"));
  ({ loadLogger, log, publish, isoTime } = require("./observe.cjs"));
  loadLogger(); // under way while the first token is asked for, which awaits it before logging
}

let loadIdentity;
/**
 * Which build of @azure/identity the default credential comes from, said by the entry point the app
 * imported (the first one loaded decides): SQL Server's requires the CommonJS build, which tedious
 * requires too; the others import the ES module, which an ESM app imports. So a bundle of one
 * database's app holds one build. Each entry point loads it inside a `try` (and throws
 * `identityMissing`): esbuild and webpack leave an optional peer out of a bundle only where its load
 * is guarded.
 * @param {() => unknown} load resolves to @azure/identity's exports
 */
function useIdentity(load) {
  loadIdentity ??= load;
}

/** Throws what a default credential's caller gets when @azure/identity cannot be loaded. */
function identityMissing(cause) {
  throw entraError(
    "TOKEN_ACQUISITION_FAILED",
    "no credential was given and @azure/identity cannot be loaded: `npm install @azure/identity`, or pass a TokenCredential",
    cause,
  );
}
/** What a default credential's caller gets when no entry point said which @azure/identity to load. */
function identityUnnamed() {
  throw entraError(
    "TOKEN_ACQUISITION_FAILED",
    "no credential was given and no entry point of entra-db-auth said which build of @azure/identity to load (a bundler left out its call: keep the files package.json's `sideEffects` names), or pass a TokenCredential",
  );
}
const defaultCredential = () => getDefaultCredential(loadIdentity ?? identityUnnamed);

const DEFAULT_TIMEOUT_MS = 30_000;
/** The longest delay a Node timer takes; a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A TokenSource's credential, for sharedTokenSource (set in the class body, which alone sees it). */
let credentialOf;

function optionalNumber(options, name) {
  const value = options[name];
  check(
    value === undefined || (typeof value === "number" && Number.isFinite(value)),
    () => `option \`${name}\` must be a finite number, got ${describe(value)}`,
  );
  return value;
}

function isCredential(value) {
  return value !== null && typeof value === "object" && typeof value.getToken === "function";
}

function checkCredential(credential) {
  check(
    credential === undefined || credential === null || isCredential(credential),
    () => `credential must be a TokenCredential (an object with a getToken method), got ${describe(credential)}`,
  );
}

function checkScope(scope) {
  check(
    typeof scope === "string" && scope.trim() !== "",
    () => `option \`scope\` must be a non-empty string, got ${describe(scope)}`,
  );
}

/** Checks the options every driver integration takes: `scope` and `allowInsecure`. */
function checkConnectionOptions(options) {
  checkObject(options, "options");
  const { scope, allowInsecure } = options;
  if (scope !== undefined) checkScope(scope);
  check(
    allowInsecure === undefined || typeof allowInsecure === "boolean",
    () => `option \`allowInsecure\` must be a boolean, got ${describe(allowInsecure)}`,
  );
}

/** Checks `username`, `fallbackUsername` and `allowAppId`. */
function checkUsernameOptions(options) {
  checkObject(options, "options");
  const { username, fallbackUsername, allowAppId } = options;
  for (const [name, value] of Object.entries({ username, fallbackUsername })) {
    check(
      value === undefined || value === null || typeof value === "string",
      () => `option \`${name}\` must be a string, got ${describe(value)}`,
    );
  }
  check(
    allowAppId === undefined || typeof allowAppId === "boolean",
    () => `option \`allowAppId\` must be a boolean, got ${describe(allowAppId)}`,
  );
}

/**
 * A refresh-ahead, single-flight cache of one credential's tokens for one scope. Emits "refresh"
 * ({ scope, durationMs, expiresOnTimestamp, refreshAfterTimestamp, background }), "error" (the
 * typed error; only when someone listens) and "invalidate" ({ scope }).
 */
class TokenSource extends EventEmitter {
  #core;
  #credential;
  #scope;
  #timeoutMs;
  /** The current token: the core knows when it may be handed out, only we know the string. */
  #token;
  #generation;
  /** The refresh in flight, as a promise of the token string. */
  #inFlight;
  #lastError;
  /** The current token as a resolved promise, made once per token for the fast path. */
  #resolved;
  /**
   * The fast path: while set, and until #readyUntil (the core's useUntil), getPassword() hands this
   * out without asking the core; the timer clears it then.
   */
  #ready;
  #readyUntil = 0;
  /** Tokens handed out on the fast path; the core learns at each wake-up whether there were any. */
  #fastUses = 0;
  #fastUsesAtWake = 0;
  /** The one timer: the core's next wake-up, or the end of the fast path. */
  #timer;
  #stats = { requests: 0, failures: 0, servedFromCache: 0, waited: 0, lastRefreshAt: undefined };

  /**
   * @param {object} [options]
   * @param {import("@azure/core-auth").TokenCredential} [options.credential]
   * @param {string} [options.scope]
   * @param {number} [options.refreshAt] fraction of the lifetime after which to refresh (0.75)
   * @param {number} [options.jitter] ± fraction of the lifetime added to refreshAt (0.01; the first
   *   token's refresh is drawn from a whole refresh interval, so that a fleet spreads out)
   * @param {number} [options.marginMs] never hand out a token this close to expiry (min(30 s, 10%))
   * @param {number} [options.timeoutMs] abandon a credential call after this long (30 s)
   */
  constructor(options = {}) {
    super();
    checkObject(options, "options");
    checkKnownOptions(options, ["credential", "scope", "refreshAt", "jitter", "marginMs", "timeoutMs"]);
    const { credential, scope = PUBLIC_SCOPE } = options;
    checkCredential(credential);
    checkScope(scope);
    const refreshAt = optionalNumber(options, "refreshAt");
    const jitter = optionalNumber(options, "jitter");
    const marginMs = optionalNumber(options, "marginMs");
    const timeoutMs = optionalNumber(options, "timeoutMs") ?? DEFAULT_TIMEOUT_MS;
    check(
      timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS,
      () => `option \`timeoutMs\` must be positive and at most ${MAX_TIMER_MS} (a Node timer's limit)`,
    );
    try {
      if (Core === undefined) loadRuntime();
      this.#core = new Core(refreshAt, jitter, marginMs);
    } catch (error) {
      throw fromCore(error);
    }
    // A source for another scope asks that source's own credential, not the source (which refuses).
    this.#credential =
      credential instanceof TokenSource && credential.scope !== scope
        ? credentialOf(credential)
        : (credential ?? undefined);
    this.#scope = scope;
    this.#timeoutMs = timeoutMs;
  }

  /** The scope tokens are requested for. */
  get scope() {
    return this.#scope;
  }

  /**
   * The token string, to use as a database password. Resolves at once while a valid token is held,
   * starting a background refresh past the refresh point; otherwise waits for the one refresh in flight.
   * @returns {Promise<string>}
   */
  getPassword() {
    // The clock is read on every call: the timer that ends the fast path can run late (a busy or
    // stalled event loop), and a token must never be handed out past the core's useUntil.
    if (this.#ready !== undefined && Date.now() < this.#readyUntil) {
      this.#fastUses += 1;
      return this.#ready;
    }
    const now = Date.now();
    switch (this.#core.decide(now)) {
      case Action.Use:
        this.#stats.servedFromCache += 1;
        this.#settle(now);
        return this.#resolved;
      case Action.UseAndRefresh:
        this.#stats.servedFromCache += 1;
        this.#refresh({ background: true });
        this.#settle(now);
        return this.#resolved;
      case Action.Fetch:
        this.#stats.waited += 1;
        return this.#refresh({ background: false });
      case Action.Wait:
        this.#stats.waited += 1;
        return this.#inFlight;
      default:
        return Promise.reject(this.#failedRecently());
    }
  }

  /**
   * A token for this source's scope as an `AccessToken`, the way a `TokenCredential` answers, so
   * that a source can be a credential. It answers only for its own scope: a caller that asks for
   * another (a server that names Azure Resource Manager, Storage, another cloud) gets
   * `SCOPE_NOT_ALLOWED`, never a token for a resource it does not serve. `claims` (a CAE
   * challenge) or `tenantId` go to the credential itself, for this scope. `abortSignal` abandons the
   * caller's wait, not the refresh.
   * @param {string | string[]} [scopes]
   * @param {{ abortSignal?: AbortSignal, claims?: string, tenantId?: string }} [options]
   * @returns {Promise<{ token: string, expiresOnTimestamp: number, refreshAfterTimestamp: number, tokenType: "Bearer" }>}
   */
  async getToken(scopes = this.#scope, options = {}) {
    const list = Array.isArray(scopes) ? scopes : [scopes];
    check(list.length === 1, () => `getToken takes exactly one scope, got ${list.length}`);
    const [scope] = list;
    checkScope(scope);
    if (scope !== this.#scope)
      throw entraError(
        "SCOPE_NOT_ALLOWED",
        `this token source serves ${this.#scope}, and was asked for a token for ${JSON.stringify(scope)}: use a source for that scope (sharedTokenSource(credential, scope)) where that resource is meant to get a token`,
      );
    // A claims challenge or another tenant needs a token this cache does not hold.
    if (options?.claims || options?.tenantId) {
      const credential = this.#credential ?? (await defaultCredential());
      return credential.getToken(scopes, options);
    }
    const signal = options?.abortSignal ?? undefined;
    check(
      signal === undefined || typeof signal.addEventListener === "function",
      () => `option \`abortSignal\` must be an AbortSignal, got ${describe(signal)}`,
    );
    const token = await abortable(this.getPassword(), signal);
    // The expiry is the core's current token's: a refresh that landed while this caller awaited has
    // replaced the token it was given, so hand out the one the expiry belongs to.
    return {
      token: this.#token ?? token,
      expiresOnTimestamp: this.#core.expiresAt(),
      refreshAfterTimestamp: this.#core.refreshAt(),
      tokenType: "Bearer",
    };
  }

  /**
   * The PostgreSQL role name for the current token: `username` if given, else from the token's
   * claims (managed identity name, upn, …), else `fallbackUsername`, else PGUSER.
   * @param {{ username?: string, fallbackUsername?: string, allowAppId?: boolean }} [options]
   * @returns {Promise<string>}
   */
  async getUsername(options = {}) {
    return (await this.describeUsername(options)).name;
  }

  /**
   * The role name and the claim or option it came from. `order: "postgresql-auth"` resolves the way
   * `@azure/postgresql-auth` does (upn, appid, fallbackUsername, PGUSER), for its drop-in functions.
   * @param {{ username?: string, fallbackUsername?: string, allowAppId?: boolean, order?: "entra-db-auth" | "postgresql-auth" }} [options]
   * @returns {Promise<{ name: string, source: string }>}
   */
  async describeUsername(options = {}) {
    checkUsernameOptions(options);
    const { username, fallbackUsername, allowAppId = false, order } = options;
    if (!username) await this.getPassword();
    try {
      const pguser = process.env.PGUSER || undefined;
      // A non-string order reaches the core as a string, which refuses it with INVALID_ARGUMENT.
      const args = [username || undefined, fallbackUsername || undefined, pguser, allowAppId, order && String(order)];
      return this.#core.username(...args);
    } catch (error) {
      throw fromCore(error);
    }
  }

  /** The claims of the current token (no signature, nothing secret), or undefined if it is not a JWT. */
  async getClaims() {
    await this.getPassword();
    return this.#core.claims();
  }

  /**
   * Tell the source that the server rejected `token` (e.g. 28P01): the next caller gets a fresh one.
   * Ignored for a token that is no longer current, and at most once per 30 s.
   * @param {string} token
   * @returns {boolean} whether the token was dropped
   */
  invalidate(token) {
    check(typeof token === "string", () => `invalidate takes the token the server rejected, got ${describe(token)}`);
    if (token !== this.#token || this.#generation === undefined) return false;
    const dropped = this.#core.invalidate(this.#generation, Date.now());
    if (dropped) {
      this.#token = undefined;
      this.#resolved = undefined;
      log().info(`token for ${this.#scope} invalidated after the server rejected it`);
      this.emit("invalidate", { scope: this.#scope });
      this.#settle(Date.now());
    }
    return dropped;
  }

  /**
   * Refresh on schedule in the background whether or not anyone asks, so that any getPassword()
   * during a long job is instant. Without it, a source refreshes in the background while it is in
   * use (a caller within the last token lifetime) and stops once idle. The timer never keeps the
   * process alive; stop with close().
   * @returns {this}
   */
  keepFresh() {
    this.#core.keepFresh();
    this.#wake();
    return this;
  }

  /** Stop refreshing and forget the token. Optional: nothing here keeps the process alive. */
  close() {
    clearTimeout(this.#timer);
    this.#core.clear();
    this.#token = undefined;
    this.#resolved = undefined;
    this.#ready = undefined;
    this.#generation = undefined;
  }

  /** Counters and the current token's times (never the token). */
  stats() {
    return {
      ...this.#stats,
      servedFromCache: this.#stats.servedFromCache + this.#fastUses,
      consecutiveFailures: this.#core.failures(),
      expiresOnTimestamp: this.#core.expiresAt(),
      refreshAfterTimestamp: this.#core.refreshAt(),
      retryAfterTimestamp: this.#core.retryAt(Date.now()),
      refreshing: this.#core.attempt() !== undefined,
    };
  }

  /**
   * A TokenCredential backed by this source's cache, for its scope only (see getToken): for an Azure
   * SDK client of that resource. For tedious, use tediousAuthentication with this source as `credential`.
   * @returns {import("@azure/core-auth").TokenCredential}
   */
  asTokenCredential() {
    return { getToken: (scopes, options) => this.getToken(scopes, options) };
  }

  /** Starts the refresh the core asked for; resolves to the new token string. */
  #refresh({ background }) {
    const attempt = this.#core.attempt();
    const promise = this.#fetch(attempt, background);
    this.#inFlight = promise;
    // A background refresh may have nobody awaiting it; its failure is kept for the next caller.
    promise.catch(() => {}).then(() => this.#settle(Date.now()));
    return promise;
  }

  async #fetch(attempt, background) {
    this.#stats.requests += 1;
    await loadLogger();
    const started = Date.now();
    log().verbose(`requesting a token for ${this.#scope}${background ? " in the background" : ""}`);
    let accessToken;
    try {
      accessToken = await this.#callCredential(background);
    } catch (error) {
      throw this.#fail(attempt, error);
    }
    if (
      accessToken === null ||
      typeof accessToken !== "object" ||
      typeof accessToken.token !== "string" ||
      accessToken.token === ""
    ) {
      const message = `the credential's getToken resolved to ${describe(accessToken)}, not an AccessToken with a non-empty \`token\``;
      throw this.#fail(attempt, entraError("NO_TOKEN", message));
    }
    const { token, expiresOnTimestamp, refreshAfterTimestamp } = accessToken;
    let generation;
    try {
      generation = this.#core.onToken(
        attempt,
        token,
        Date.now(),
        typeof expiresOnTimestamp === "number" ? expiresOnTimestamp : Number.NaN,
        typeof refreshAfterTimestamp === "number" ? refreshAfterTimestamp : undefined,
        Math.random(),
      );
    } catch (error) {
      // The core has already counted this as a failure.
      throw this.#report(fromCore(error));
    }
    // The core no longer waits for this attempt (the source was closed meanwhile).
    if (generation === undefined) throw entraError("TOKEN_ACQUISITION_FAILED", "the token source was closed");
    this.#token = token;
    this.#resolved = Promise.resolve(token);
    // The fast path hands out the new token from now on, not from when #refresh settles: a caller
    // in between (a "refresh" listener) would get the old token beside the new one's expiry.
    this.#ready &&= this.#resolved;
    this.#generation = generation;
    this.#stats.lastRefreshAt = Date.now();
    const event = {
      scope: this.#scope,
      durationMs: this.#stats.lastRefreshAt - started,
      expiresOnTimestamp: this.#core.expiresAt(),
      refreshAfterTimestamp: this.#core.refreshAt(),
      background,
    };
    log().info(
      `token for ${this.#scope} obtained in ${event.durationMs} ms; expires ${isoTime(event.expiresOnTimestamp)}, refresh from ${isoTime(event.refreshAfterTimestamp)}`,
    );
    publish("refresh", event);
    this.emit("refresh", event);
    return token;
  }

  /** A caller waiting for the token keeps the process alive until the timeout; a background refresh does not. */
  async #callCredential(background) {
    const credential = this.#credential ?? (await defaultCredential());
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    if (background) timer.unref();
    const timedOut = entraError(
      "TOKEN_REQUEST_TIMEOUT",
      `the credential did not return a token within ${this.#timeoutMs} ms (option \`timeoutMs\`)`,
    );
    try {
      const request = Promise.resolve().then(() =>
        credential.getToken(this.#scope, { abortSignal: controller.signal }),
      );
      return await abortable(request, controller.signal, timedOut);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Records a failed attempt and returns the error its callers get. An attempt the core no longer
   * waits for (the source was closed meanwhile) changes nothing that callers or monitors see.
   */
  #fail(attempt, error) {
    const reason = error instanceof Error ? error.message : describe(error);
    const failure =
      error instanceof EntraDbAuthError
        ? error
        : entraError(
            "TOKEN_ACQUISITION_FAILED",
            `the credential failed to get a token for ${this.#scope}: ${reason}`,
            error,
          );
    return this.#core.onFailure(attempt, Date.now(), Math.random()) ? this.#report(failure) : failure;
  }

  #report(error) {
    this.#lastError = error;
    this.#stats.failures += 1;
    const retryAt = this.#core.retryAt(Date.now());
    log().warning(
      `token request for ${this.#scope} failed (${this.#core.failures()} in a row; ${error.code}): ${error.message}; next attempt from ${isoTime(retryAt)}`,
    );
    publish("error", { scope: this.#scope, error, failures: this.#core.failures(), retryAfterTimestamp: retryAt });
    if (this.listenerCount("error") > 0) this.emit("error", error);
    return error;
  }

  /** No valid token, and the last attempt failed less than a retry interval ago. */
  #failedRecently() {
    const last = this.#lastError;
    return entraError(
      last?.code ?? "TOKEN_ACQUISITION_FAILED",
      `${last?.message ?? "no token"} (failed recently; next attempt from ${isoTime(this.#core.retryAt(Date.now()))})`,
      last?.cause ?? last,
    );
  }

  /**
   * After every decision, token, failure and wake-up: the fast path holds until the core's
   * useUntil, and the one timer is set for the core's next wake-up, or for the end of the fast path
   * if that comes first (a refresh in flight has no wake-up: it settles again when it ends).
   */
  #settle(now) {
    clearTimeout(this.#timer);
    const until = this.#core.useUntil(now);
    this.#ready = until > now ? this.#resolved : undefined;
    this.#readyUntil = until;
    const at = Math.min(this.#core.nextWakeup(now) ?? Infinity, this.#ready ? until : Infinity);
    if (at === Infinity) return;
    this.#timer = setTimeout(() => this.#wake(), Math.min(Math.max(0, at - now), MAX_TIMER_MS));
    this.#timer.unref();
  }

  #wake() {
    const now = Date.now();
    const used = this.#fastUses !== this.#fastUsesAtWake;
    this.#fastUsesAtWake = this.#fastUses;
    if (this.#core.wake(now, used)) this.#refresh({ background: true });
    this.#settle(now);
  }

  static {
    credentialOf = (source) => source.#credential;
  }

  [inspect.custom](depth, options) {
    const state = {
      scope: this.#scope,
      token: this.#token === undefined ? undefined : "[redacted]",
      expiresAt: isoTime(this.#core.expiresAt()),
      refreshAt: isoTime(this.#core.refreshAt()),
      failures: this.#core.failures(),
      refreshing: this.#core.attempt() !== undefined,
    };
    return `TokenSource ${inspect(state, options)}`;
  }
}

/** `promise`, or a rejection with `reason` (default: the signal's) as soon as `signal` aborts. */
function abortable(promise, signal, reason) {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(reason ?? signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** credential (or DEFAULT) → scope → TokenSource: two pools on one credential share one token. */
const registry = new WeakMap();
const DEFAULT = {};
/**
 * Scopes kept per credential. An app asks for a handful, but a scope can come from outside (tedious
 * asks for the one the server names), and the default credential's entry lives as long as the
 * process: past this many, the oldest source leaves the registry (its users keep it; the next
 * request for its scope makes a new one).
 */
const MAX_SCOPES_PER_CREDENTIAL = 64;

/**
 * The shared TokenSource for (credential, scope); the process-wide DefaultAzureCredential when no
 * credential is given. A TokenSource given as the credential is used as it is for its own scope (or
 * no scope), so that every integration takes a source with its own options wherever it takes a
 * credential; for any other scope, its token would go to the wrong audience, so the shared source of
 * its own credential for that scope answers instead.
 */
function sharedTokenSource(credential, scope) {
  if (credential instanceof TokenSource) {
    if (scope === undefined || scope === credential.scope) return credential;
    checkScope(scope);
    return sharedTokenSource(credentialOf(credential), scope);
  }
  scope ??= PUBLIC_SCOPE;
  const source = registry.get(credential ?? DEFAULT)?.get(scope);
  if (source) return source;
  // Only a credential and scope that passed these checks ever get into the registry.
  checkCredential(credential);
  checkScope(scope);
  const key = credential ?? DEFAULT;
  if (!registry.has(key)) registry.set(key, new Map());
  const sources = registry.get(key);
  const created = new TokenSource({ credential: credential ?? undefined, scope });
  if (sources.size >= MAX_SCOPES_PER_CREDENTIAL) sources.delete(sources.keys().next().value);
  sources.set(scope, created);
  return created;
}

/** The options of the integrations that name the user. */
const INTEGRATION_OPTIONS = ["credential", "scope", "allowInsecure", "username", "fallbackUsername", "allowAppId"];

/** Checks the options every integration takes: credential, scope, allowInsecure and the username options. */
function checkIntegrationOptions(options) {
  checkConnectionOptions(options);
  checkKnownOptions(options, INTEGRATION_OPTIONS);
  checkUsernameOptions(options);
  checkCredential(options.credential);
}

/**
 * The token source for connections to `host` with an integration's options, once those are checked
 * and a connection that may be in clear text to a remote host is refused.
 * @param {{ host?: string, ssl?: unknown, sslmode?: string }} target where and how the driver connects
 */
function sourceForHost({ host, ssl, sslmode }, options) {
  checkIntegrationOptions(options);
  assertTlsOrLoopback(host, ssl, options.allowInsecure, sslmode);
  return sharedTokenSource(options.credential, options.scope ?? scopeForHost(host));
}

/**
 * A token's claims as the core reads them (with the identity kind), for the CLI: no signature is
 * checked, nothing secret is returned. Throws the core's error for a token that is not a JWT.
 * @param {string} token
 */
function decodeClaims(token) {
  if (Core === undefined) loadRuntime();
  try {
    return decodeClaimsInCore(token);
  } catch (error) {
    throw fromCore(error);
  }
}

module.exports = {
  useIdentity,
  identityMissing,
  TokenSource,
  sharedTokenSource,
  decodeClaims,
  sourceForHost,
  isCredential,
  checkCredential,
  checkConnectionOptions,
  checkUsernameOptions,
  checkIntegrationOptions,
};
