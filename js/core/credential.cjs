"use strict";
// The process-wide default credential, and the options for the credentials this package constructs.
const { isLoopback } = require("./hosts.cjs");

/**
 * Options for the credentials this package constructs. MSAL validates an authority it does not
 * know by asking https://login.microsoftonline.com/common/discovery/instance, which can only refuse
 * a loopback one (the local emulator's): for a loopback AZURE_AUTHORITY_HOST, and only for it,
 * instance discovery is off, so that nothing leaves the machine.
 */
function credentialOptionsFromEnv(env = process.env) {
  let hostname;
  try {
    hostname = new URL(env.AZURE_AUTHORITY_HOST).hostname;
  } catch {
    return {}; // unset, or not a URL: @azure/identity says what is wrong with it
  }
  return isLoopback(hostname) ? { disableInstanceDiscovery: true } : {};
}

let defaultCredential;
/**
 * One DefaultAzureCredential for the process, created on first use from the @azure/identity `load`
 * resolves to (the build the app's entry point named): importing it costs ~0.25 s. A failed load
 * is tried again by the next caller.
 */
function getDefaultCredential(load) {
  defaultCredential ??= Promise.resolve()
    .then(load)
    .then((identity) => new identity.DefaultAzureCredential(credentialOptionsFromEnv()))
    .catch((error) => {
      defaultCredential = undefined;
      throw error;
    });
  return defaultCredential;
}

module.exports = { getDefaultCredential, credentialOptionsFromEnv };
