"use strict";
// The default credential's @azure/identity for SQL Server's entry point: its CommonJS build, the one
// tedious requires, so that an app (and its bundle) holds one build. Required inside a `try`, so
// that a bundler leaves it out of an app that passes its own credential and does not install it.
const { identityMissing } = require("./source.cjs");

function requireIdentity() {
  try {
    return require("@azure/identity");
  } catch (cause) {
    return identityMissing(cause);
  }
}

module.exports = { requireIdentity };
