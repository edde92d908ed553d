// Getting a token the way an app does, and saying which credential gave it.
//
// A chain (DefaultAzureCredential) does not tell its caller which member answered; its
// ChainedTokenCredential logs it at level info ("Result for AzureCliCredential: SUCCESS"). So we
// listen to the Azure SDK logger for the one call. @azure/identity is loaded through require, and
// @azure/logger through require from @azure/identity's own location, so that the logger we listen to
// is the very instance it logs to (an ESM import could load the other build, with its own state).
//
// The same log shows each request to an identity endpoint as it goes ("Request: { url … }") and its
// answer ("Response status code: 503"), which is how a wait is explained while it lasts: the
// credential retries a failing endpoint for about 20 s, and ignores an abort signal meanwhile.
import { createRequire } from "node:module";
import { format } from "node:util";

/** --credential values and the @azure/identity classes they name. */
export const CREDENTIALS = {
  default: "DefaultAzureCredential",
  cli: "AzureCliCredential",
  "managed-identity": "ManagedIdentityCredential",
  env: "EnvironmentCredential",
};

const ANSWERED = /ChainedTokenCredential => getToken\(\) => Result for (\w+): SUCCESS/;
const MEMBER = /^azure:identity:\w+ (\w+Credential)\b/;
const REQUEST = /^azure:core-rest-pipeline:info Request: \{\s*"url": "([^"?]+)/;
const RESPONSE = /^azure:core-rest-pipeline:info Response status code: (\d+)/;
const TIMEOUT_MS = 30_000;

function loadIdentity() {
  const require = createRequire(import.meta.url);
  let path;
  try {
    path = require.resolve("@azure/identity");
  } catch (cause) {
    throw Object.assign(new Error("@azure/identity is not installed", { cause }), { code: "MODULE_NOT_FOUND" });
  }
  return { identity: require(path), logger: createRequire(path)("@azure/logger") };
}

const { credentialOptionsFromEnv } = createRequire(import.meta.url)("../core/credential.cjs");

function makeCredential(identity, kind) {
  switch (kind) {
    case "managed-identity": {
      // As DefaultAzureCredential does: AZURE_CLIENT_ID picks a user-assigned identity.
      const clientId = process.env.AZURE_CLIENT_ID;
      return clientId ? new identity.ManagedIdentityCredential(clientId) : new identity.ManagedIdentityCredential();
    }
    default:
      return new identity[CREDENTIALS[kind]](credentialOptionsFromEnv());
  }
}

/**
 * What the Azure SDK's log says of the call under way: the member of the chain that spoke last,
 * and the requests to identity endpoints with their answers (`status` undefined: none yet, or the
 * connection failed).
 */
class SdkActivity {
  member = undefined;
  requests = [];
  /** Called as a request starts or its answer comes. */
  onRequest = undefined;

  read(line) {
    const member = MEMBER.exec(line)?.[1];
    if (member && member !== "ChainedTokenCredential") this.member = member;
    const url = REQUEST.exec(line)?.[1];
    if (url) this.requests.push({ url, status: undefined });
    const status = RESPONSE.exec(line)?.[1];
    if (status && this.requests.length > 0) this.requests.at(-1).status = Number(status);
    if (url || status) this.onRequest?.();
  }

  /** The requests at the end that got no token: a 5xx, a 429, or no answer at all. */
  get failingInARow() {
    const transient = ({ status }) => status === undefined || status === 429 || status >= 500;
    const last = this.requests.at(-1);
    // The last request may still be waiting for its answer: it has not failed yet.
    const settled = last?.status === undefined ? this.requests.slice(0, -1) : this.requests;
    let count = 0;
    while (count < settled.length && transient(settled[settled.length - 1 - count])) count += 1;
    return settled.slice(settled.length - count);
  }

  /** The failing requests in a row as one line: "ManagedIdentityCredential: 3 requests in a row to 127.0.0.1:8080 failed (HTTP 503, HTTP 503, HTTP 503)". */
  failures() {
    const failed = this.failingInARow;
    const answers = failed.map(({ status }) => (status === undefined ? "no answer" : `HTTP ${status}`)).join(", ");
    const where = [...new Set(failed.map(({ url }) => hostOf(url)))].join(", ");
    return `${this.member ?? "the credential"}: ${failed.length} requests in a row to ${where} failed (${answers})`;
  }

  /** What the credential is doing, for a progress line: "ManagedIdentityCredential retrying after HTTP 503". */
  describe() {
    const who = this.member ?? "the credential";
    const failed = this.failingInARow;
    if (failed.length === 0) {
      const last = this.requests.at(-1);
      return last?.status === undefined && last ? `${who}: no answer yet from ${hostOf(last.url)}` : who;
    }
    const last = failed.at(-1).status;
    return `${who} retrying after ${last === undefined ? "no answer" : `HTTP ${last}`}, ${failed.length} ${failed.length === 1 ? "request" : "requests"} failed`;
  }
}

const hostOf = (url) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/**
 * Records the Azure SDK's log lines into `activity` until the returned function is called. Someone
 * who set AZURE_LOG_LEVEL still sees the lines on stderr (at least at info, which we need).
 */
function recordSdkLog(logger, activity) {
  const lines = [];
  const userLevel = logger.getLogLevel();
  const sink = logger.AzureLogger.log;
  logger.AzureLogger.log = (...args) => {
    const line = format(...args);
    lines.push(line);
    activity.read(line);
    if (userLevel) sink(...args);
  };
  if (userLevel !== "verbose") logger.setLogLevel("info");
  return function stop() {
    logger.AzureLogger.log = sink;
    logger.setLogLevel(userLevel);
    return lines;
  };
}

/**
 * One getToken call on a new credential of `kind`. Resolves to `{ accessToken, credential, chain,
 * durationMs }`: `credential` is the class that answered, `chain` the chain it answered for (if
 * any). Rejects with the credential's error, given `credential`, `chain`, `durationMs` and
 * `requests` (the identity requests it saw, `{ url, status }`). The promise's `waiting()` says what
 * the credential is doing meanwhile (for a progress line).
 * - `giveUpAfter`: stop waiting once this many requests in a row failed with a 5xx, a 429 or no
 *   answer (the credential would go on retrying for about 20 s); the error then has `gaveUp: true`.
 * The wait ends after 30 s in any case (the credential ignores an abort signal while it retries).
 * @returns {Promise<object> & { waiting(): string }}
 */
export function acquireToken({ kind = "default", scope, giveUpAfter = Infinity }) {
  const chain = kind === "default" ? CREDENTIALS.default : undefined;
  const activity = new SdkActivity();
  const started = performance.now();
  const result = (async () => {
    let stopRecording;
    let outcome;
    let timer;
    try {
      const { identity, logger } = loadIdentity();
      const stopWaiting = new Promise((resolve, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error(`no answer within ${TIMEOUT_MS / 1000} s`), { name: "TimeoutError" })),
          TIMEOUT_MS,
        );
        activity.onRequest = () => {
          if (activity.failingInARow.length >= giveUpAfter) {
            reject(Object.assign(new Error(activity.failures()), { gaveUp: true }));
          }
        };
      });
      stopRecording = recordSdkLog(logger, activity);
      const credential = makeCredential(identity, kind);
      const getToken = credential.getToken(scope, { abortSignal: AbortSignal.timeout(TIMEOUT_MS) });
      // Given up on, the call goes on retrying: its failure is no longer anyone's concern.
      getToken.catch(() => {});
      outcome = { accessToken: await Promise.race([getToken, stopWaiting]) };
    } catch (error) {
      outcome = { error };
    } finally {
      clearTimeout(timer);
    }
    const durationMs = performance.now() - started;
    const lines = stopRecording?.() ?? [];
    // Given up on, the request just sent has not failed (yet).
    const requests = (outcome.error?.gaveUp ? activity.failingInARow : activity.requests).map((request) => ({
      ...request,
    }));
    if (outcome.error) {
      throw Object.assign(outcome.error, { credential: CREDENTIALS[kind], chain, durationMs, requests });
    }
    const answered = chain ? lines.map((line) => ANSWERED.exec(line)?.[1]).findLast(Boolean) : CREDENTIALS[kind];
    return {
      accessToken: outcome.accessToken,
      credential: answered ?? `${chain} (its log did not say which member answered)`,
      chain,
      durationMs,
    };
  })();
  return Object.assign(result, { waiting: () => activity.describe() });
}
