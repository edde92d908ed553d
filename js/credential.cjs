"use strict";
// The credential side: what counts as a TokenCredential, and the process-wide default one.
const { entraError } = require("./errors.cjs");

function isCredential(value) {
  return value !== null && typeof value === "object" && typeof value.getToken === "function";
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

module.exports = { isCredential, getDefaultCredential };
