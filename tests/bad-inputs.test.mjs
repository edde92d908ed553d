// Bad input across the public API, one row each: wrong types for every option, empty strings, broken
// credentials and answers no credential should give. Every row is answered by a typed
// EntraDbAuthError with a stable code: never a TypeError from inside the library, never a hang,
// never a wasm panic, never the token in the error. This table is the one place for such rows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { readFile } from "node:fs/promises";
import { Sequelize } from "sequelize";
import {
  createTokenSource,
  sharedTokenSource,
  getEntraTokenPassword,
  entraTokenProvider,
  configureEntraIdAuth,
  configureEntraAuthentication,
  createPool,
  knexConnection,
  postgresJsOptions,
  typeormDriver,
  tediousAuthentication,
  EntraDbAuthError,
  TokenAcquisitionError,
  InvalidTokenError,
  UsernameError,
  ConfigurationError,
} from "entra-db-auth";
import { countingCredential, fakeJwt } from "./helpers.mjs";
import { Secrets } from "./leaks.mjs";

/** The class each code comes with (README, Errors). */
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
/** Codes no argument can cause: a driver missing (tests/packaging/one-database-apps.test.mjs). */
const NOT_FROM_ARGUMENTS = new Set(["PEER_NOT_INSTALLED"]);

const SCOPE = "https://ossrdbms-aad.database.windows.net/.default";
const inAnHour = () => Date.now() + 3_600_000;

/** Every token a credential in this file handed out: none may appear in an error. */
const handedOut = new Secrets();
const jwt = () => {
  const token = fakeJwt({ upn: "alice@contoso.com", n: handedOut.count, nonce: Math.random() });
  handedOut.add(token);
  return token;
};
const aToken = (fields = {}) => ({ token: jwt(), expiresOnTimestamp: inAnHour(), ...fields });

/** Every source a row made, to check afterwards that its core still answers. */
const made = [];
/** A source with these options, remembered in `made`. */
const source = (options) => {
  const created = createTokenSource(options);
  made.push(created);
  return created;
};
/** A source whose credential answers with `answer()` (or throws what it throws). */
const answering = (answer) =>
  source({
    credential: {
      async getToken() {
        const result = await answer();
        if (typeof result?.token === "string") handedOut.add(result.token);
        return result;
      },
    },
  });
const working = () => source({ credential: countingCredential() });
const sequelize = (options = {}) =>
  new Sequelize("appdb", null, null, { dialect: "postgres", host: "localhost", logging: false, ...options });
/** Runs Sequelize v6's beforeConnect hooks on its own connection config, as it does per connection. */
const connectWith = async (instance, change) => {
  const config = instance.connectionManager.config;
  change(config);
  await instance.runHooks("beforeConnect", config);
};

// [the bad input, the call, the code, "throws" (synchronously) or "rejects", more checks on the error]
const rows = [
  // createTokenSource: each option
  ["createTokenSource with options that are a string", () => createTokenSource(SCOPE), "INVALID_ARGUMENT", "throws"],
  ["createTokenSource with null options", () => createTokenSource(null), "INVALID_ARGUMENT", "throws"],
  ["a credential without getToken", () => createTokenSource({ credential: {} }), "INVALID_ARGUMENT", "throws"],
  [
    "a credential whose getToken is not a function",
    () => createTokenSource({ credential: { getToken: "token" } }),
    "INVALID_ARGUMENT",
    "throws",
  ],
  [
    "a bare function as the credential",
    () => createTokenSource({ credential: async () => aToken() }),
    "INVALID_ARGUMENT",
    "throws",
  ],
  ["a scope that is a number", () => createTokenSource({ scope: 42 }), "INVALID_ARGUMENT", "throws"],
  ["an empty scope", () => createTokenSource({ scope: "" }), "INVALID_ARGUMENT", "throws"],
  ["a blank scope", () => createTokenSource({ scope: "   " }), "INVALID_ARGUMENT", "throws"],
  ["an array of scopes", () => createTokenSource({ scope: [SCOPE] }), "INVALID_ARGUMENT", "throws"],
  ["refreshAt as a string", () => createTokenSource({ refreshAt: "0.75" }), "INVALID_ARGUMENT", "throws"],
  ["refreshAt of 1", () => createTokenSource({ refreshAt: 1 }), "INVALID_ARGUMENT", "throws"],
  ["refreshAt NaN", () => createTokenSource({ refreshAt: Number.NaN }), "INVALID_ARGUMENT", "throws"],
  ["jitter of 0.5", () => createTokenSource({ jitter: 0.5 }), "INVALID_ARGUMENT", "throws"],
  ["a negative jitter", () => createTokenSource({ jitter: -0.1 }), "INVALID_ARGUMENT", "throws"],
  ["a negative marginMs", () => createTokenSource({ marginMs: -1 }), "INVALID_ARGUMENT", "throws"],
  ["an infinite marginMs", () => createTokenSource({ marginMs: Infinity }), "INVALID_ARGUMENT", "throws"],
  ["timeoutMs of 0", () => createTokenSource({ timeoutMs: 0 }), "INVALID_ARGUMENT", "throws"],
  ["timeoutMs as a string", () => createTokenSource({ timeoutMs: "30s" }), "INVALID_ARGUMENT", "throws"],
  [
    "timeoutMs past what a timer can hold (Node would fire it after 1 ms)",
    () => createTokenSource({ timeoutMs: 2 ** 31 }),
    "INVALID_ARGUMENT",
    "throws",
  ],

  // TokenSource methods
  ["getUsername with a string for options", () => working().getUsername("alice"), "INVALID_ARGUMENT", "rejects"],
  ["getUsername with a numeric username", () => working().getUsername({ username: 42 }), "INVALID_ARGUMENT", "rejects"],
  [
    "getUsername with an object as fallbackUsername",
    () => working().getUsername({ fallbackUsername: {} }),
    "INVALID_ARGUMENT",
    "rejects",
  ],
  ["describeUsername with null options", () => working().describeUsername(null), "INVALID_ARGUMENT", "rejects"],
  [
    "describeUsername with allowAppId as a string",
    () => working().describeUsername({ allowAppId: "yes" }),
    "INVALID_ARGUMENT",
    "rejects",
  ],
  ["invalidate with a number", () => working().invalidate(42), "INVALID_ARGUMENT", "throws"],
  ["invalidate with nothing", () => working().invalidate(), "INVALID_ARGUMENT", "throws"],

  // asTokenCredential().getToken
  ["getToken with a numeric scope", () => working().asTokenCredential().getToken(42), "INVALID_ARGUMENT", "rejects"],
  ["getToken with an empty scope", () => working().asTokenCredential().getToken(""), "INVALID_ARGUMENT", "rejects"],
  ["getToken with no scopes", () => working().asTokenCredential().getToken([]), "INVALID_ARGUMENT", "rejects"],
  [
    "getToken with two scopes",
    () => working().asTokenCredential().getToken([SCOPE, "https://management.azure.com/.default"]),
    "INVALID_ARGUMENT",
    "rejects",
  ],
  [
    "getToken with an abortSignal that is not an AbortSignal",
    () => working().asTokenCredential().getToken(SCOPE, { abortSignal: "stop" }),
    "INVALID_ARGUMENT",
    "rejects",
  ],

  // sharedTokenSource
  ["sharedTokenSource with a string credential", () => sharedTokenSource("credential"), "INVALID_ARGUMENT", "throws"],
  [
    "sharedTokenSource with a numeric scope",
    () => sharedTokenSource(countingCredential(), 42),
    "INVALID_ARGUMENT",
    "throws",
  ],
  [
    "sharedTokenSource with an empty scope",
    () => sharedTokenSource(countingCredential(), ""),
    "INVALID_ARGUMENT",
    "throws",
  ],

  // getEntraTokenPassword: a pg password function never throws, it rejects
  ["getEntraTokenPassword with a number", () => getEntraTokenPassword(42), "INVALID_ARGUMENT", "rejects"],
  ["getEntraTokenPassword with a string", () => getEntraTokenPassword("credential"), "INVALID_ARGUMENT", "rejects"],
  [
    "getEntraTokenPassword with options that are a string",
    () => getEntraTokenPassword(undefined, "scope"),
    "INVALID_ARGUMENT",
    "rejects",
  ],
  [
    "getEntraTokenPassword with null options",
    () => getEntraTokenPassword(undefined, null),
    "INVALID_ARGUMENT",
    "rejects",
  ],
  [
    "getEntraTokenPassword with an empty scope",
    () => getEntraTokenPassword(countingCredential(), { scope: "" }),
    "INVALID_ARGUMENT",
    "rejects",
  ],
  [
    "getEntraTokenPassword with allowInsecure as a string",
    () => getEntraTokenPassword(undefined, { allowInsecure: "yes" }),
    "INVALID_ARGUMENT",
    "rejects",
  ],
  [
    "getEntraTokenPassword with a credential whose getToken is not a function (not pg's parameters)",
    () => getEntraTokenPassword({ getToken: "token" }),
    "INVALID_ARGUMENT",
    "rejects",
  ],
  [
    "getEntraTokenPassword with an array",
    () => getEntraTokenPassword([countingCredential()]),
    "INVALID_ARGUMENT",
    "rejects",
  ],
  [
    "pg's connection parameters with a numeric host",
    () => getEntraTokenPassword({ host: 42, ssl: false }),
    "INVALID_ARGUMENT",
    "rejects",
  ],

  // entraTokenProvider
  ["entraTokenProvider with a numeric credential", () => entraTokenProvider(42), "INVALID_ARGUMENT", "throws"],
  [
    "entraTokenProvider with null options",
    () => entraTokenProvider(countingCredential(), null),
    "INVALID_ARGUMENT",
    "throws",
  ],
  [
    "entraTokenProvider with an empty scope",
    () => entraTokenProvider(countingCredential(), { scope: "" }),
    "INVALID_ARGUMENT",
    "throws",
  ],

  // configureEntraIdAuth / configureEntraAuthentication
  ["configureEntraIdAuth with no Sequelize", () => configureEntraIdAuth(), "INVALID_ARGUMENT", "throws"],
  ["a Sequelize stand-in without hooks", () => configureEntraIdAuth({ config: {} }), "INVALID_ARGUMENT", "throws"],
  [
    "a Sequelize v7 stand-in without hooks.addListener",
    () => configureEntraIdAuth({ constructor: { version: "7.0.0" }, hooks: {} }),
    "INVALID_ARGUMENT",
    "throws",
  ],
  [
    "configureEntraIdAuth with a credential without getToken",
    () => configureEntraIdAuth(sequelize(), { token: "x" }),
    "INVALID_ARGUMENT",
    "throws",
  ],
  [
    "configureEntraIdAuth with the credential among the options, not as its second argument",
    () => configureEntraIdAuth(sequelize(), undefined, { credential: countingCredential() }),
    "INVALID_ARGUMENT",
    "throws",
  ],
  [
    "configureEntraIdAuth for mssql with pg's username option, which SQL Server's token decides",
    () => configureEntraIdAuth(sequelize({ dialect: "mssql" }), undefined, { username: "orders-web" }),
    "INVALID_ARGUMENT",
    "throws",
  ],
  [
    "configureEntraIdAuth with options that are a number",
    () => configureEntraIdAuth(sequelize(), undefined, 5),
    "INVALID_ARGUMENT",
    "throws",
  ],
  [
    "configureEntraIdAuth with a numeric username",
    () => configureEntraIdAuth(sequelize(), undefined, { username: 42 }),
    "INVALID_ARGUMENT",
    "throws",
  ],
  [
    "configureEntraIdAuth with allowAppId as a string",
    () => configureEntraIdAuth(sequelize(), undefined, { allowAppId: "true" }),
    "INVALID_ARGUMENT",
    "throws",
  ],
  [
    "configureEntraIdAuth with allowInsecure as a number",
    () => configureEntraIdAuth(sequelize(), undefined, { allowInsecure: 1 }),
    "INVALID_ARGUMENT",
    "throws",
  ],
  [
    "a Sequelize connection config with a numeric host, at connect",
    () =>
      connectWith(configureEntraIdAuth(sequelize(), countingCredential()), (config) => {
        config.host = 42;
      }),
    "INVALID_ARGUMENT",
    "rejects",
  ],
  [
    "configureEntraAuthentication with options that are a string",
    () => configureEntraAuthentication(sequelize(), countingCredential(), "fallback"),
    "INVALID_ARGUMENT",
    "throws",
  ],

  // createPool
  [
    "createPool with a connection string instead of a config",
    () => createPool("postgres://localhost/appdb"),
    "INVALID_ARGUMENT",
    "throws",
  ],
  ["createPool with a null config", () => createPool(null), "INVALID_ARGUMENT", "throws"],
  ["createPool with a numeric host", () => createPool({ host: 42 }), "INVALID_ARGUMENT", "throws"],
  [
    "createPool with a connectionString that is a number",
    () => createPool({ connectionString: 42 }),
    "INVALID_ARGUMENT",
    "throws",
  ],
  [
    "createPool with a connectionString pg cannot parse",
    () => createPool({ connectionString: "postgres://app:secret@orders:port/orders" }),
    "INVALID_ARGUMENT",
    "throws",
    (error) => assert.doesNotMatch(error.message, /secret/),
  ],
  [
    "createPool with a credential without getToken",
    () => createPool({}, { credential: { token: "x" } }),
    "INVALID_ARGUMENT",
    "throws",
  ],
  ["createPool with options that are a string", () => createPool({}, "options"), "INVALID_ARGUMENT", "throws"],
  [
    "createPool with a numeric fallbackUsername",
    () => createPool({}, { fallbackUsername: 42 }),
    "INVALID_ARGUMENT",
    "throws",
  ],
  [
    "createPool to a remote host without TLS",
    () => createPool({ host: "orders.postgres.database.azure.com" }),
    "INSECURE_CONNECTION",
    "throws",
  ],

  [
    "a token source asked for Azure Resource Manager's scope",
    () =>
      createTokenSource({ credential: { getToken: async () => null } }).getToken(
        "https://management.azure.com/.default",
      ),
    "SCOPE_NOT_ALLOWED",
    "rejects",
  ],

  [
    "createPool with a misspelled option, credentail",
    () => createPool({}, { credentail: {} }),
    "INVALID_ARGUMENT",
    "throws",
    (error) => assert.match(error.message, /unknown option `credentail`: did you mean `credential`\?/),
  ],
  [
    "a token source with a misspelled option, refreshAfter",
    () => source({ refreshAfter: 0.5 }),
    "INVALID_ARGUMENT",
    "throws",
    (error) => assert.match(error.message, /unknown option `refreshAfter`: did you mean `refreshAt`\?/),
  ],
  [
    "tediousAuthentication with an option it does not take, username",
    () => tediousAuthentication({}, { username: "x" }),
    "INVALID_ARGUMENT",
    "throws",
    (error) => assert.match(error.message, /unknown option `username` \(the options here are/),
  ],
  [
    "getEntraTokenPassword with a misspelled option, allowInsecur",
    () => getEntraTokenPassword(undefined, { allowInsecur: true }),
    "INVALID_ARGUMENT",
    "rejects",
    (error) => assert.match(error.message, /did you mean `allowInsecure`/),
  ],

  // the other adapters
  ["knexConnection with a string config", () => knexConnection("postgres://localhost"), "INVALID_ARGUMENT", "throws"],
  ["postgresJsOptions with a numeric host", () => postgresJsOptions({ host: 42 }), "INVALID_ARGUMENT", "rejects"],
  ["typeormDriver with a numeric credential", () => typeormDriver({ credential: 1 }), "INVALID_ARGUMENT", "throws"],

  // what a credential answers
  ["a credential that returns null", () => answering(() => null).getPassword(), "NO_TOKEN", "rejects"],
  ["a credential that returns a number", () => answering(() => 42).getPassword(), "NO_TOKEN", "rejects"],
  ["a credential that returns the bare token string", () => answering(jwt).getPassword(), "NO_TOKEN", "rejects"],
  [
    "a credential that returns { token: 42 }",
    () => answering(() => ({ token: 42, expiresOnTimestamp: inAnHour() })).getPassword(),
    "NO_TOKEN",
    "rejects",
  ],
  [
    "a credential that returns an empty token",
    () => answering(() => aToken({ token: "" })).getPassword(),
    "NO_TOKEN",
    "rejects",
  ],
  [
    "a getToken that returns nothing",
    () => source({ credential: { getToken() {} } }).getPassword(),
    "NO_TOKEN",
    "rejects",
  ],
  [
    "a token without expiresOnTimestamp",
    () => answering(() => aToken({ expiresOnTimestamp: undefined })).getPassword(),
    "INVALID_TOKEN",
    "rejects",
  ],
  [
    "a NaN expiry",
    () => answering(() => aToken({ expiresOnTimestamp: Number.NaN })).getPassword(),
    "INVALID_TOKEN",
    "rejects",
  ],
  [
    "an expiry as an ISO string",
    () => answering(() => aToken({ expiresOnTimestamp: new Date(inAnHour()).toISOString() })).getPassword(),
    "INVALID_TOKEN",
    "rejects",
  ],
  [
    "an expiry in nanoseconds (past any Date)",
    () => answering(() => aToken({ expiresOnTimestamp: inAnHour() * 1e6 })).getPassword(),
    "INVALID_TOKEN",
    "rejects",
  ],
  [
    "an expiry in the past",
    () => answering(() => aToken({ expiresOnTimestamp: Date.now() - 1000 })).getPassword(),
    "TOKEN_EXPIRED",
    "rejects",
  ],
  [
    "an expiry in seconds where milliseconds are meant",
    () => answering(() => aToken({ expiresOnTimestamp: Math.floor(inAnHour() / 1000) })).getPassword(),
    "INVALID_TOKEN",
    "rejects",
  ],
  [
    "a 1 MB token",
    () => answering(() => aToken({ token: `${jwt()}.${"A".repeat(1 << 20)}` })).getPassword(),
    "INVALID_TOKEN",
    "rejects",
  ],
  [
    "a getToken that throws an Error",
    () =>
      answering(() => {
        throw new Error("AADSTS700016: application not found");
      }).getPassword(),
    "TOKEN_ACQUISITION_FAILED",
    "rejects",
    (error) => assert.match(error.cause.message, /AADSTS700016/, "the credential's error is the cause"),
  ],
  [
    "a getToken that throws synchronously",
    () =>
      source({
        credential: {
          getToken() {
            throw new Error("not signed in");
          },
        },
      }).getPassword(),
    "TOKEN_ACQUISITION_FAILED",
    "rejects",
  ],
  [
    "a getToken that throws a string",
    () =>
      answering(() => {
        throw "boom";
      }).getPassword(),
    "TOKEN_ACQUISITION_FAILED",
    "rejects",
  ],
  [
    "a getToken that never answers, past timeoutMs",
    () => source({ credential: { getToken: () => new Promise(() => {}) }, timeoutMs: 20 }).getPassword(),
    "TOKEN_REQUEST_TIMEOUT",
    "rejects",
  ],
  [
    "a getToken that throws undefined",
    () =>
      answering(() => {
        throw undefined;
      }).getPassword(),
    "TOKEN_ACQUISITION_FAILED",
    "rejects",
  ],
  [
    "a getToken that rejects with null",
    () => answering(() => Promise.reject(null)).getPassword(),
    "TOKEN_ACQUISITION_FAILED",
    "rejects",
  ],
  [
    "a non-JWT token when a username is needed",
    () => answering(() => aToken({ token: "opaque-access-token-value" })).getUsername(),
    "NO_USERNAME",
    "rejects",
  ],
];

/** The error `call` ends in, checking that it throws or rejects as the row says, within 5 s. */
async function outcome(call, how) {
  let result;
  try {
    result = call();
  } catch (error) {
    assert.equal(how, "throws", `threw synchronously: ${inspect(error)}`);
    return error;
  }
  assert.equal(how, "rejects", `returned ${inspect(result)} instead of throwing`);
  assert.ok(typeof result?.then === "function", `returned ${inspect(result)}, not a promise`);
  let timer;
  const hang = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("HANG: neither resolved nor rejected in 5 s")), 5_000);
  });
  try {
    const value = await Promise.race([result, hang]);
    assert.fail(`resolved to ${inspect(value)}`);
  } catch (error) {
    if (error instanceof assert.AssertionError || error?.message?.startsWith("HANG")) throw error;
    return error;
  } finally {
    clearTimeout(timer);
  }
}

for (const [what, call, code, how, more] of rows) {
  test(`${what}: ${how === "throws" ? "throws" : "rejects with"} ${code}`, async () => {
    const error = await outcome(call, how);
    const Class = CLASS_FOR_CODE[code];
    assert.ok(error instanceof EntraDbAuthError, `not an EntraDbAuthError: ${inspect(error)}`);
    assert.ok(error instanceof Class, `${error.name} is not a ${Class.name}`);
    assert.equal(error.name, Class.name);
    assert.equal(error.code, code, error.message);
    assert.ok(error.message.length > 10, "says what is wrong");
    assert.doesNotMatch(error.message, /unreachable|is not a function|Cannot read properties/);
    const shown = `${error.message}\n${error.stack}\n${inspect(error, { depth: 5 })}`;
    assert.deepEqual(handedOut.find(shown), [], "no token in the error");
    more?.(error);
  });
}

test("every code in the README's Errors table has its class there and a row here", async () => {
  const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
  const table = Object.fromEntries(
    [...readme.matchAll(/^\| `([A-Z_]+)` \| `(\w+)` \|/gm)].map(([, code, className]) => [code, className]),
  );
  const classes = Object.fromEntries(Object.entries(CLASS_FOR_CODE).map(([code, Class]) => [code, Class.name]));
  assert.deepEqual(table, classes);
  const covered = new Set(rows.map(([, , code]) => code));
  assert.deepEqual(
    Object.keys(table).filter((code) => !covered.has(code) && !NOT_FROM_ARGUMENTS.has(code)),
    [],
    "codes no bad input here ends in",
  );
});

test("after every row, the core of every source a row made still answers (a wasm panic leaves it unusable)", () => {
  assert.ok(made.length > 0);
  for (const each of made) {
    assert.equal(typeof each.stats().consecutiveFailures, "number");
    assert.match(inspect(each), /^TokenSource /);
  }
});
