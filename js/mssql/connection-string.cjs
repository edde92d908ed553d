"use strict";
// mssql's connection strings ("Server=tcp:orders.database.windows.net,1433;Database=orders;…"),
// read the way mssql reads them (its own parser, over @tediousjs/connection-string), with two
// corrections for a login by Entra ID token: `Encrypt` keeps Microsoft.Data.SqlClient's meanings
// (mssql turns every value but false/no into true, so `Strict` would lose TDS 8), and
// `Authentication` is checked rather than mapped (mssql reads "Active Directory Default" as a SQL
// login). The login is always this package's token: an Entra keyword that carries no secret is
// accepted, anything that would log in otherwise is refused.
const { createRequire } = require("node:module");
const { entraError, describe, check } = require("../core/errors.cjs");

/** SqlClient's Encrypt values and tedious' `encrypt` for each; Optional is "not required", as false. */
const ENCRYPT = {
  true: true,
  yes: true,
  mandatory: true,
  strict: "strict",
  false: false,
  no: false,
  optional: false,
};

/**
 * Authentication values (SqlClient's, spaces optional) that a token of ours stands for: the ones
 * that name no secret in the string. "Active Directory Password" and "Service Principal" carry one
 * (Password=), which is refused below with the fix.
 */
const ENTRA_AUTHENTICATION =
  /^activedirectory(default|managedidentity|msi|integrated|interactive|workloadidentity|devicecodeflow|serviceprincipal|password)$/;

/** Parsed settings that log in some other way: none may come with a token login. */
const OTHER_LOGINS = {
  password: "Password",
  user: "User Id",
  domain: "User Id (a domain user)",
  token: "Token",
  clientSecret: "Client Secret",
  msiSecret: "MSI Secret",
};

/** Keys of mssql's parse that say how to log in, not where: checked above, then dropped. */
const LOGIN_KEYS = ["authentication_type", "clientId", "tenantId", "msiEndpoint", ...Object.keys(OTHER_LOGINS)];

function loadParsers() {
  try {
    // The parser mssql itself uses, from mssql's own dependencies. Both inside the `try`: a bundler
    // leaves out an optional peer that is not installed only where its require is guarded.
    const mssql = require("mssql");
    const { parse } = createRequire(require.resolve("mssql"))("@tediousjs/connection-string");
    return { mssql, parse };
  } catch (cause) {
    throw require("../core/peer.cjs").missingPeer("mssql", "a connection string", cause);
  }
}

/**
 * An mssql config from a connection string: server, port, database, options (encrypt,
 * trustServerCertificate, instanceName, …), pool sizes and timeouts. Throws INVALID_ARGUMENT for a
 * string that is not one, an Encrypt value SqlClient does not know, or a way to log in other than
 * by Entra ID token (a password, a user, a SQL or Windows login), with what to do instead.
 */
function configFromConnectionString(text) {
  check(typeof text === "string", () => `the connection string must be a string, got ${describe(text)}`);
  const { mssql, parse } = loadParsers();
  let raw;
  let parsed;
  try {
    raw = parse(text);
    parsed = mssql.ConnectionPool.parseConnectionString(text);
  } catch (cause) {
    // The parsers' messages quote no part of the string, which may hold a password.
    throw entraError("INVALID_ARGUMENT", `the connection string cannot be read: ${cause.message}`, cause);
  }
  const authentication = raw.get("authentication");
  if (authentication !== undefined) {
    check(
      ENTRA_AUTHENTICATION.test(authentication.replace(/[\s-]/g, "").toLowerCase()),
      () =>
        `the connection string's Authentication=${authentication} logs in without Entra ID; this connection logs in with an Entra ID token: use Authentication=Active Directory Default, or leave Authentication out`,
    );
  }
  const windows = ["integrated security", "trusted_connection"].find((key) =>
    /^(true|yes|sspi)$/i.test(String(raw.get(key) ?? "").trim()),
  );
  check(
    windows === undefined,
    () =>
      `the connection string asks for a Windows login (${windows}), but this connection logs in with an Entra ID token: leave it out`,
  );
  // mssql's parser reads a number it cannot parse (a port, a pool size, a timeout) as NaN.
  const unreadable = [
    ...Object.entries(parsed).filter(([, value]) => Number.isNaN(value)),
    ...Object.entries(parsed.pool ?? {}).filter(([, value]) => Number.isNaN(value)),
  ].map(([key]) => key);
  check(
    unreadable.length === 0,
    () =>
      `the connection string's ${unreadable.join(", ")} ${unreadable.length === 1 ? "is not a number" : "are not numbers"}`,
  );
  const other = Object.keys(OTHER_LOGINS).find((key) => parsed[key] !== undefined && parsed[key] !== "");
  check(
    other === undefined,
    () =>
      `the connection string has ${OTHER_LOGINS[other]}=, but this connection logs in with an Entra ID token, which names the principal: leave ${OTHER_LOGINS[other]} out${other === "user" ? " (for a user-assigned managed identity, pass its credential: new ManagedIdentityCredential(clientId), or set AZURE_CLIENT_ID)" : " (for a service principal, pass its credential: new ClientSecretCredential(tenantId, clientId, secret))"}`,
  );
  const config = Object.fromEntries(Object.entries(parsed).filter(([key]) => !LOGIN_KEYS.includes(key)));
  const encrypt = raw.get("encrypt");
  if (encrypt !== undefined) {
    const value = ENCRYPT[String(encrypt).toLowerCase()];
    check(
      value !== undefined,
      () => `the connection string's Encrypt=${encrypt} is none of ${Object.keys(ENCRYPT).join(", ")}`,
    );
    config.options = { ...config.options, encrypt: value };
  }
  if (Object.keys(config.pool ?? {}).length === 0) delete config.pool;
  return config;
}

/**
 * An mssql config given as a connection string, or `{ connectionString, ...config }`, as one config:
 * what is given beside the string wins over it (`options` key by key).
 */
function resolveConnectionString(config) {
  if (typeof config === "string") return configFromConnectionString(config);
  if (config.connectionString === undefined) return config;
  const { connectionString, ...given } = config;
  const fromString = configFromConnectionString(connectionString);
  return {
    ...fromString,
    ...given,
    options: { ...fromString.options, ...given.options },
    ...((fromString.pool || given.pool) && { pool: { ...fromString.pool, ...given.pool } }),
  };
}

module.exports = { configFromConnectionString, resolveConnectionString };
