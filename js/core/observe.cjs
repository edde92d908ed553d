"use strict";
// Observability that fits Node and the Azure SDK: an @azure/logger client logger (enabled by
// AZURE_LOG_LEVEL, like every Azure SDK package, or for this package alone by
// DEBUG=azure:entra-db-auth:*) and diagnostics_channel channels for APM tools. Nothing published
// here ever holds a token.
const diagnosticsChannel = require("node:diagnostics_channel");

const channels = {
  refresh: diagnosticsChannel.channel("entra-db-auth:refresh"),
  error: diagnosticsChannel.channel("entra-db-auth:error"),
};

const off = () => {};
let logger = { verbose: off, info: off, warning: off, error: off };
let loading;
/**
 * Loads the `entra-db-auth` logger once. @azure/logger is imported as ESM, as this package imports
 * @azure/identity: its CommonJS build is a second instance, which neither `setLogLevel` nor
 * `AzureLogger.log` from an ESM app would reach (and a second copy in every bundle). It comes with
 * @azure/identity; without it, logging stays off.
 */
function loadLogger() {
  loading ??= (async () => {
    try {
      const { createClientLogger } = await import("@azure/logger");
      logger = createClientLogger("entra-db-auth");
    } catch {
      // Not installed: logging stays off.
    }
  })();
  return loading;
}

/** The `entra-db-auth` logger: off until `loadLogger()` has settled. */
function log() {
  return logger;
}

/** Publishes `message` on the channel named `name` if anyone listens. */
function publish(name, message) {
  if (channels[name].hasSubscribers) channels[name].publish(message);
}

function isoTime(ms) {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

module.exports = { loadLogger, log, publish, isoTime };
