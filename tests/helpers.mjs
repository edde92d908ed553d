// In-process stand-ins for unit tests of the cache. End-to-end tests use the emulator instead.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
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
