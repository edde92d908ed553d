// In-process stand-ins for unit tests of the cache. End-to-end tests use the emulator instead.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createTokenSource } from "entra-db-auth";
import { findMariadbBinaries } from "../js/emulator/mysql/mariadb.mjs";

/** An unsigned JWT with these claims: the cache reads claims, the server checks signatures. */
export function fakeJwt(claims) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.${"s".repeat(342)}`;
}

/**
 * A TokenCredential that counts its calls and answers what `answer(call)` returns (or throws),
 * after `delayMs`.
 */
export function countingCredential({
  lifetimeMs = 3_600_000,
  delayMs = 5,
  claims = { upn: "alice@contoso.com" },
  answer,
} = {}) {
  const credential = {
    calls: 0,
    scopes: [],
    options: [],
    async getToken(scope, options) {
      credential.calls += 1;
      credential.scopes.push(scope);
      credential.options.push(options);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (answer) return answer(credential.calls);
      const now = Date.now();
      return {
        token: fakeJwt({ ...claims, n: credential.calls, exp: Math.floor((now + lifetimeMs) / 1000) }),
        expiresOnTimestamp: now + lifetimeMs,
      };
    },
  };
  return credential;
}

/**
 * Token lifetimes for the emulator, in seconds.
 *
 * LONG_LIFETIME_S, for a test that counts identity requests, az runs or logins exactly: with no
 * jitter (exactSource) the first refresh comes at 75% of it, three minutes in, far past the end of
 * any such test. It stays under the 300 s below which MSAL keeps no token of its own, so that every
 * credential call reaches the emulator and is counted.
 *
 * SHORT_LIFETIME_S, the shortest for a test that needs a token to expire or refresh and logs in
 * with it: a source hands a token out until 10% of its lifetime is left, whole-second expiries take
 * up to a second off that lifetime, and a login took up to 0.8 s on 2 cores at load 19. 10% of the
 * remaining 21 s leaves the login 2 s.
 */
export const LONG_LIFETIME_S = 240;
export const SHORT_LIFETIME_S = 22;

/** The emulator issues tokens living `seconds` during test `t`, and as before after it. */
export function tokenLifetimeDuring(t, emu, seconds) {
  const before = emu.identity.tokenLifetimeSeconds;
  emu.identity.tokenLifetimeSeconds = seconds;
  t.after(() => (emu.identity.tokenLifetimeSeconds = before));
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sleeps until just past `timestamp` (epoch ms). */
export const sleepUntil = (timestamp) => sleep(Math.max(0, timestamp - Date.now()) + 20);

/**
 * A token source of `credential` for `scope`, for test `t` alone, to pass to an integration as its
 * `credential`: with no jitter every token, the first one too, refreshes at exactly 75% of its
 * lifetime, so that a test can count identity requests exactly; and it is closed when the test ends,
 * so that its background refreshes (a source in use keeps refreshing) stay out of later tests' counts.
 */
export function exactSource(t, credential, scope) {
  const source = createTokenSource({ credential, scope, jitter: 0 });
  t.after(() => source.close());
  return source;
}

/**
 * The most identity requests `source` may make from now until the returned function is called,
 * with tokens of `lifetimeMs`: the first token, its refresh (anywhere in its first 76%), then one
 * refresh per 74% of a lifetime. Whole-second expiries make a token's real lifetime up to a second
 * shorter than configured: the bound uses the shortest seen.
 */
export function requestCeiling(source, lifetimeMs) {
  let shortestLifetime = lifetimeMs;
  source.on("refresh", ({ expiresOnTimestamp }) => {
    shortestLifetime = Math.min(shortestLifetime, expiresOnTimestamp - Date.now());
  });
  const started = Date.now();
  return () => 2 + Math.ceil((Date.now() - started) / (0.74 * shortestLifetime));
}

/**
 * Counts `source`'s refreshes ahead of expiry from now on, for a test that counts identity requests
 * exactly on a source with jitter, whose first token's refresh is drawn from 1% of its lifetime on
 * (which a slow run can reach). The returned function waits for a refresh still in flight (its
 * request is counted at the endpoint by then) and returns the count.
 */
export function backgroundRefreshes(source) {
  let count = 0;
  source.on("refresh", (event) => {
    if (event.background) count += 1;
  });
  return async () => {
    // once() rejects if the source emits "error" instead: a failed refresh has ended too.
    if (source.stats().refreshing) await once(source, "refresh").catch(() => {});
    return count;
  };
}

/**
 * The emulator for one test file, with its environment applied before any credential is built
 * (DefaultAzureCredential reads it at construction), and @azure/identity loaded after that.
 */
export async function emulatorForTests(options) {
  const { startEmulator } = await import("entra-db-auth/emulator");
  const emu = await startEmulator({ tls: true, ...options });
  emu.applyEnv();
  return { emu, identity: await import("@azure/identity") };
}

/**
 * Why the MySQL tests are skipped here, or false: they need MariaDB's server binaries behind the
 * emulator's MySQL front door (.ci/run installs them).
 */
export function mariadbSkip() {
  const skip = findMariadbBinaries()
    ? false
    : "MariaDB server binaries (mariadbd, mariadb-install-db) are not installed: apt-get install mariadb-server";
  if (skip) console.log(`skipped: ${skip}`);
  return skip;
}

/**
 * Runs `entra-db-auth doctor --json` with `args` in a child process, signed in as the emulator's
 * default credential form: `{ code, report }`. No output of it may hold a JWT.
 */
export async function doctorJson(emu, args) {
  const cli = fileURLToPath(new URL("../js/cli.mjs", import.meta.url));
  const env = { ...process.env, ...emu.envFor() };
  const outcome = await promisify(execFile)(process.execPath, [cli, "doctor", ...args, "--json"], { env }).catch(
    (error) => error,
  );
  assert.doesNotMatch(`${outcome.stdout}${outcome.stderr}`, /eyJ[\w-]{10,}\.[\w-]{10,}/, "no JWT in the output");
  return { code: outcome.code ?? 0, report: JSON.parse(outcome.stdout) };
}
