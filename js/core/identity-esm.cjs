"use strict";
// The default credential's @azure/identity for PostgreSQL's and MySQL's entry points: its ES module,
// as an ESM app imports it (SQL Server's takes the CommonJS build tedious requires). Loaded inside a
// `try`, so that a bundler leaves it out of an app that passes its own credential and does not
// install it.
const { identityMissing } = require("./source.cjs");

async function importIdentity() {
  try {
    // The one name taken, destructured: webpack then keeps only what it needs.
    const { DefaultAzureCredential } = await import("@azure/identity");
    return { DefaultAzureCredential };
  } catch (cause) {
    return identityMissing(cause);
  }
}

module.exports = { importIdentity };
