"use strict";
// Drivers and @azure/identity are optional peers: an app installs the ones it uses. Each is
// required where it is first needed, inside a try block, so that a bundler leaves a driver that is
// not installed out of the bundle instead of failing, and an app that calls an integration without
// its driver gets this error rather than MODULE_NOT_FOUND.
const { entraError } = require("./errors.cjs");

/**
 * The error for a missing peer package `name`, which `feature` needs. A bundle that left the package
 * out (it is not installed beside the bundle) ends up here too.
 */
function missingPeer(name, feature, cause) {
  return entraError(
    "PEER_NOT_INSTALLED",
    `${feature} needs the ${name} package, which cannot be loaded here: npm install ${name} (in a bundle, install it beside the bundle or bundle it in)`,
    cause,
  );
}

module.exports = { missingPeer };
