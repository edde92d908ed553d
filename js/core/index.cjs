"use strict";
// What every entry point exports: the token source, the shared registry, the scope for a host, and
// the errors. Loading this loads only the token source's own files; the wasm core, the credential
// and the logging load with the first source.
const { TokenSource, sharedTokenSource } = require("./source.cjs");
const { scopeForHost } = require("./hosts.cjs");
const {
  EntraDbAuthError,
  TokenAcquisitionError,
  InvalidTokenError,
  UsernameError,
  ConfigurationError,
} = require("./errors.cjs");

/**
 * A new token source with its own cache and options (not shared through the registry).
 * @param {ConstructorParameters<typeof TokenSource>[0]} [options]
 */
function createTokenSource(options) {
  return new TokenSource(options);
}

module.exports = {
  createTokenSource,
  sharedTokenSource,
  scopeForHost,
  TokenSource,
  EntraDbAuthError,
  TokenAcquisitionError,
  InvalidTokenError,
  UsernameError,
  ConfigurationError,
};
