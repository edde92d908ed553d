"use strict";
// Observability that fits Node and the Azure SDK: an @azure/logger client logger (enabled by
// AZURE_LOG_LEVEL, like every Azure SDK package) and diagnostics_channel channels for APM tools.
// Nothing published here ever holds a token.
const diagnosticsChannel = require("node:diagnostics_channel");

const channels = {
  refresh: diagnosticsChannel.channel("entra-db-auth:refresh"),
  error: diagnosticsChannel.channel("entra-db-auth:error"),
};

let logger;
/**
 * The `entra-db-auth` logger, loaded on first use: @azure/logger comes with @azure/identity; without
 * it, logging is off.
 */
function log() {
  if (logger === undefined) {
    try {
      logger = require("@azure/logger").createClientLogger("entra-db-auth");
    } catch {
      const off = () => {};
      logger = { verbose: off, info: off, warning: off, error: off };
    }
  }
  return logger;
}

/** Publishes `message` on the channel named `name` if anyone listens. */
function publish(name, message) {
  if (channels[name].hasSubscribers) channels[name].publish(message);
}

function isoTime(ms) {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

module.exports = { log, publish, isoTime };
