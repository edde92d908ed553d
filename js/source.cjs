"use strict";
// A TokenSource drives one core cache (js/wasm, built from src/) with one credential and scope. The
// core decides; this file performs: it calls the credential, keeps the current token string, and
// hands it out. See ARCHITECTURE in the README.
const { inspect } = require("node:util");
const { Core, Action } = require("./wasm/core.js");
const { EntraDbAuthError, entraError, fromCore, check } = require("./errors.cjs");

const PUBLIC_SCOPE = "https://ossrdbms-aad.database.windows.net/.default";
const SCOPE_BY_HOST_SUFFIX = [
  [".database.chinacloudapi.cn", "https://ossrdbms-aad.database.chinacloudapi.cn/.default"],
  [".database.usgovcloudapi.net", "https://ossrdbms-aad.database.usgovcloudapi.net/.default"],
];

/** The Entra ID scope for a database host: its sovereign cloud's, else the public cloud's. */
function scopeForHost(host) {
  const name = typeof host === "string" ? host.toLowerCase().replace(/\.$/, "") : "";
  const match = SCOPE_BY_HOST_SUFFIX.find(([suffix]) => name.endsWith(suffix));
  return match ? match[1] : PUBLIC_SCOPE;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/**
 * Refuses to send a token in clear text off this machine. `host` undefined means pg's default
 * (localhost); a host starting with "/" is a Unix socket directory.
 */
function assertTlsOrLoopback(host, ssl, allowInsecure) {
  if (ssl || allowInsecure === true || host === undefined || host === "" || LOOPBACK.test(host) || host.startsWith("/"))
    return;
  throw entraError(
    "INSECURE_CONNECTION",
    `refusing to send an Entra ID token to ${host} without TLS: enable TLS in the connection options (pg: \`ssl: true\`; Sequelize: \`dialectOptions: { ssl: true }\`), or pass \`allowInsecure: true\` to send it in clear text anyway`,
  );
}

let defaultCredential;
/** One DefaultAzureCredential for the process, created on first use: importing @azure/identity costs ~0.25 s. */
function getDefaultCredential() {
  defaultCredential ??= import("@azure/identity").then(
    (identity) => new identity.DefaultAzureCredential(),
    (cause) => {
      defaultCredential = undefined;
      throw entraError(
        "TOKEN_ACQUISITION_FAILED",
        "no credential was given and @azure/identity cannot be loaded: `npm install @azure/identity`, or pass a TokenCredential",
        cause,
      );
    },
  );
  return defaultCredential;
}

function isCredential(value) {
  return value !== null && typeof value === "object" && typeof value.getToken === "function";
}

/** Describes a value for an error message without ever printing it (it may be a token). */
function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `a string of ${value.length} characters` : `a value of type ${typeof value}`;
}

function optionalNumber(options, name) {
  const value = options[name];
  check(
    value === undefined || (typeof value === "number" && Number.isFinite(value)),
    `option \`${name}\` must be a finite number, got ${describe(value)}`,
  );
  return value;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * A refresh-ahead, single-flight cache of one credential's tokens for one scope.
 */
class TokenSource {
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

  /**
   * @param {object} [options]
   * @param {import("@azure/core-auth").TokenCredential} [options.credential]
   * @param {string} [options.scope]
   * @param {number} [options.refreshAt] fraction of the lifetime after which to refresh (0.75)
   * @param {number} [options.jitter] ± fraction of the lifetime added to refreshAt (0.05)
   * @param {number} [options.marginMs] never hand out a token this close to expiry (min(30 s, 10%))
   * @param {number} [options.timeoutMs] abandon a credential call after this long (30 s)
   */
  constructor(options = {}) {
    check(options !== null && typeof options === "object", `options must be an object, got ${describe(options)}`);
    const { credential, scope = PUBLIC_SCOPE } = options;
    check(
      credential === undefined || isCredential(credential),
      `credential must be a TokenCredential (an object with a getToken method), got ${describe(credential)}`,
    );
    check(
      typeof scope === "string" && scope.trim() !== "",
      `option \`scope\` must be a non-empty string, got ${describe(scope)}`,
    );
    const refreshAt = optionalNumber(options, "refreshAt") ?? 0.75;
    const jitter = optionalNumber(options, "jitter") ?? 0.05;
    const marginMs = optionalNumber(options, "marginMs");
    const timeoutMs = optionalNumber(options, "timeoutMs") ?? DEFAULT_TIMEOUT_MS;
    check(timeoutMs > 0, "option `timeoutMs` must be positive");
    try {
      this.#core = new Core(refreshAt, jitter, marginMs);
    } catch (error) {
      throw fromCore(error);
    }
    this.#credential = credential;
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
    switch (this.#core.decide(Date.now())) {
      case Action.Use:
        return Promise.resolve(this.#token);
      case Action.UseAndRefresh:
        this.#refresh({ background: true });
        return Promise.resolve(this.#token);
      case Action.Fetch:
        return this.#refresh({ background: false });
      case Action.Wait:
        return this.#inFlight;
      default:
        return Promise.reject(this.#failedRecently());
    }
  }

  /**
   * The current token as an `AccessToken`.
   * @returns {Promise<{ token: string, expiresOnTimestamp: number, refreshAfterTimestamp: number, tokenType: "Bearer" }>}
   */
  async getToken() {
    const token = await this.getPassword();
    return {
      token,
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
   * The role name and the claim or option it came from.
   * @returns {Promise<{ name: string, source: string }>}
   */
  async describeUsername({ username, fallbackUsername, allowAppId = false } = {}) {
    for (const [name, value] of Object.entries({ username, fallbackUsername })) {
      check(
        value === undefined || value === null || typeof value === "string",
        `option \`${name}\` must be a string, got ${describe(value)}`,
      );
    }
    check(typeof allowAppId === "boolean", `option \`allowAppId\` must be a boolean, got ${describe(allowAppId)}`);
    if (!username) await this.getPassword();
    try {
      return JSON.parse(
        this.#core.username(
          username || undefined,
          fallbackUsername || undefined,
          process.env.PGUSER || undefined,
          allowAppId,
        ),
      );
    } catch (error) {
      throw fromCore(error);
    }
  }

  /**
   * Tell the source that the server rejected `token` (e.g. 28P01): the next caller gets a fresh one.
   * Ignored for a token that is no longer current, and at most once per 30 s.
   * @param {string} token
   * @returns {boolean} whether the token was dropped
   */
  invalidate(token) {
    if (token !== this.#token || this.#generation === undefined) return false;
    const dropped = this.#core.invalidate(this.#generation, Date.now());
    if (dropped) this.#token = undefined;
    return dropped;
  }

  /** Forget the token. Nothing of ours keeps the process alive, so this is optional. */
  close() {
    this.#core.clear();
    this.#token = undefined;
    this.#generation = undefined;
  }

  /** Starts the refresh the core asked for; resolves to the new token string. */
  #refresh({ background }) {
    const attempt = this.#core.attempt();
    const promise = this.#fetch(attempt, background);
    this.#inFlight = promise;
    // A background refresh may have nobody awaiting it; its failure is kept for the next caller.
    promise.catch(() => {});
    return promise;
  }

  async #fetch(attempt, background) {
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
      throw this.#fail(
        attempt,
        entraError(
          "NO_TOKEN",
          `the credential's getToken resolved to ${describe(accessToken)}, not an AccessToken with a non-empty \`token\``,
        ),
      );
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
      this.#lastError = fromCore(error);
      throw this.#lastError;
    }
    // An attempt abandoned after its timeout: its callers were already answered.
    if (generation === undefined) throw this.#lastError;
    this.#token = token;
    this.#generation = generation;
    return token;
  }

  /** A caller waiting for the token keeps the process alive until the timeout; a background refresh does not. */
  async #callCredential(background) {
    const credential = this.#credential ?? (await getDefaultCredential());
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    if (background) timer.unref();
    try {
      return await new Promise((resolve, reject) => {
        controller.signal.addEventListener("abort", () =>
          reject(
            entraError(
              "TOKEN_REQUEST_TIMEOUT",
              `the credential did not return a token within ${this.#timeoutMs} ms (option \`timeoutMs\`)`,
            ),
          ),
        );
        Promise.resolve()
          .then(() => credential.getToken(this.#scope, { abortSignal: controller.signal }))
          .then(resolve, reject);
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Records a failed attempt and returns the error its callers get. */
  #fail(attempt, error) {
    this.#core.onFailure(attempt, Date.now(), Math.random());
    this.#lastError =
      error instanceof EntraDbAuthError
        ? error
        : entraError(
            "TOKEN_ACQUISITION_FAILED",
            `the credential failed to get a token for ${this.#scope}: ${error instanceof Error ? error.message : describe(error)}`,
            error,
          );
    return this.#lastError;
  }

  /** No valid token, and the last attempt failed less than a retry interval ago. */
  #failedRecently() {
    const last = this.#lastError;
    return entraError(
      last?.code ?? "TOKEN_ACQUISITION_FAILED",
      `${last?.message ?? "no token"} (failed recently; retrying after a backoff)`,
      last?.cause ?? last,
    );
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

function isoTime(ms) {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** credential (or DEFAULT) → scope → TokenSource: two pools on one credential share one token. */
const registry = new WeakMap();
const DEFAULT = {};

/**
 * The shared TokenSource for (credential, scope); the process-wide DefaultAzureCredential when no
 * credential is given.
 */
function sharedTokenSource(credential, scope = PUBLIC_SCOPE) {
  check(
    credential === undefined || credential === null || isCredential(credential),
    `credential must be a TokenCredential (an object with a getToken method), got ${describe(credential)}`,
  );
  const key = credential ?? DEFAULT;
  let byScope = registry.get(key);
  if (!byScope) registry.set(key, (byScope = new Map()));
  let source = byScope.get(scope);
  if (!source) byScope.set(scope, (source = new TokenSource({ credential: credential ?? undefined, scope })));
  return source;
}

module.exports = {
  TokenSource,
  sharedTokenSource,
  scopeForHost,
  assertTlsOrLoopback,
  isCredential,
  describe,
  PUBLIC_SCOPE,
};
