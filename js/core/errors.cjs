"use strict";
// One error class with a stable `code`; subclasses name the kind of failure. Messages never hold a
// token: they are built from our own words and from errors that never saw one.

class EntraDbAuthError extends Error {
  /**
   * @param {string} code a stable code: see CLASS_FOR_CODE
   * @param {string} message
   * @param {{ cause?: unknown }} [options]
   */
  constructor(code, message, options) {
    super(message, options);
    this.name = this.constructor.name;
    this.code = code;
  }
}

/** The credential failed, timed out, or answered with something that is not a token. */
class TokenAcquisitionError extends EntraDbAuthError {}
/** The token cannot be used: malformed, no usable expiry, or already expired. */
class InvalidTokenError extends EntraDbAuthError {}
/** No claim or option gives the database user name (the PostgreSQL role, the MySQL user). */
class UsernameError extends EntraDbAuthError {}
/**
 * An option or argument is wrong, or the connection would send the token in clear text, to an
 * unverified server, or to a server that asked for another resource's token.
 */
class ConfigurationError extends EntraDbAuthError {}

const CLASS_FOR_CODE = {
  TOKEN_ACQUISITION_FAILED: TokenAcquisitionError,
  TOKEN_REQUEST_TIMEOUT: TokenAcquisitionError,
  NO_TOKEN: TokenAcquisitionError,
  INVALID_TOKEN: InvalidTokenError,
  TOKEN_EXPIRED: InvalidTokenError,
  NO_USERNAME: UsernameError,
  INSECURE_CONNECTION: ConfigurationError,
  SCOPE_NOT_ALLOWED: ConfigurationError,
  PEER_NOT_INSTALLED: ConfigurationError,
  INVALID_ARGUMENT: ConfigurationError,
};

/**
 * The error for `code`, of the class that names its kind.
 * @param {keyof typeof CLASS_FOR_CODE} code
 * @param {string} message
 * @param {unknown} [cause]
 */
function entraError(code, message, cause) {
  const Class = CLASS_FOR_CODE[code];
  return new Class(code, message, cause === undefined ? undefined : { cause });
}

/** The core's errors are plain JS Errors with a `code`; give them our class. */
function fromCore(error) {
  const code = error && error.code in CLASS_FOR_CODE ? error.code : "INVALID_TOKEN";
  return entraError(code, String(error && error.message));
}

/** Describes a value for an error message without ever printing it (it may be a token). */
function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `a string of ${value.length} characters` : `a value of type ${typeof value}`;
}

/** Throws INVALID_ARGUMENT unless `ok`. The message is a function: the hot path never builds it. */
function check(ok, message) {
  if (!ok) throw entraError("INVALID_ARGUMENT", message());
}

/** Throws INVALID_ARGUMENT unless `value` is a plain options object (not null, not an array). */
function checkObject(value, what) {
  check(
    value !== null && typeof value === "object" && !Array.isArray(value),
    () => `${what} must be an object, got ${describe(value)}`,
  );
}

/** The edit distance between two short names (Levenshtein), for "did you mean". */
function distance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

/**
 * Throws INVALID_ARGUMENT for an option `options` has that `known` does not list (a misspelled
 * `credentail` would otherwise be ignored, and the default credential used), naming the nearest one.
 */
function checkKnownOptions(options, known) {
  for (const name in options) {
    if (known.includes(name)) continue;
    const [nearest] = known
      .map((candidate) => [candidate, distance(name.toLowerCase(), candidate.toLowerCase())])
      .filter(([candidate, d]) => d <= Math.max(2, candidate.length / 3))
      .sort((x, y) => x[1] - y[1]);
    throw entraError(
      "INVALID_ARGUMENT",
      `unknown option \`${name}\`${nearest ? `: did you mean \`${nearest[0]}\`?` : ""} (the options here are ${known.map((option) => `\`${option}\``).join(", ")})`,
    );
  }
}

module.exports = {
  EntraDbAuthError,
  TokenAcquisitionError,
  InvalidTokenError,
  UsernameError,
  ConfigurationError,
  entraError,
  fromCore,
  describe,
  check,
  checkObject,
  checkKnownOptions,
};
