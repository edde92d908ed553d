// Getting a token the way an app does, and saying which credential gave it.
//
// A chain (DefaultAzureCredential) does not tell its caller which member answered; its
// ChainedTokenCredential logs it at level info ("Result for AzureCliCredential: SUCCESS"). So we
// listen to the Azure SDK logger for the one call. @azure/identity is loaded through require, and
// @azure/logger through require from @azure/identity's own location, so that the logger we listen to
// is the very instance it logs to (an ESM import could load the other build, with its own state).
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
 * Records the Azure SDK's log lines until the returned function is called. Someone who set
 * AZURE_LOG_LEVEL still sees the lines on stderr (at least at info, which we need).
 */
function recordSdkLog(logger) {
  const lines = [];
  const userLevel = logger.getLogLevel();
  const sink = logger.AzureLogger.log;
  logger.AzureLogger.log = (...args) => {
    lines.push(format(...args));
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
 * any). Rejects with the credential's error, given `credential`, `chain` and `durationMs`.
 */
export async function acquireToken({ kind = "default", scope }) {
  const chain = kind === "default" ? CREDENTIALS.default : undefined;
  const started = performance.now();
  let stopRecording;
  let outcome;
  try {
    const { identity, logger } = loadIdentity();
    stopRecording = recordSdkLog(logger);
    const credential = makeCredential(identity, kind);
    outcome = { accessToken: await credential.getToken(scope, { abortSignal: AbortSignal.timeout(TIMEOUT_MS) }) };
  } catch (error) {
    outcome = { error };
  }
  const durationMs = performance.now() - started;
  const lines = stopRecording?.() ?? [];
  if (outcome.error) throw Object.assign(outcome.error, { credential: CREDENTIALS[kind], chain, durationMs });
  const answered = chain ? lines.map((line) => ANSWERED.exec(line)?.[1]).findLast(Boolean) : CREDENTIALS[kind];
  return {
    accessToken: outcome.accessToken,
    credential: answered ?? `${chain} (its log did not say which member answered)`,
    chain,
    durationMs,
  };
}
