"use strict";
// What a database host tells us: which cloud's scope to ask for, and whether a token may go there
// (only over TLS that verifies the server, or to this machine).
const { entraError, describe, check } = require("./errors.cjs");

const PUBLIC_SCOPE = "https://ossrdbms-aad.database.windows.net/.default";
/** Azure's clouds for PostgreSQL and MySQL: the host suffix, the scope, and the cloud's name. */
const SOVEREIGN_CLOUDS = [
  {
    hostSuffix: ".database.chinacloudapi.cn",
    scope: "https://ossrdbms-aad.database.chinacloudapi.cn/.default",
    name: "Azure China",
  },
  {
    hostSuffix: ".database.usgovcloudapi.net",
    scope: "https://ossrdbms-aad.database.usgovcloudapi.net/.default",
    name: "Azure US Government",
  },
];
const PUBLIC_CLOUD = { scope: PUBLIC_SCOPE, name: "Azure public cloud" };

/** The cloud of a database host, `{ scope, name }`: its sovereign cloud, else the public cloud. */
function cloudForHost(host) {
  const name = typeof host === "string" ? host.toLowerCase().replace(/\.$/, "") : "";
  return SOVEREIGN_CLOUDS.find(({ hostSuffix }) => name.endsWith(hostSuffix)) ?? PUBLIC_CLOUD;
}

let lastHost;
let lastScope = PUBLIC_SCOPE;

/**
 * The Entra ID scope for a database host: its cloud's. pg asks for every connection, nearly always
 * for the same host: the last answer is kept.
 */
function scopeForHost(host) {
  if (host === lastHost) return lastScope;
  lastScope = cloudForHost(host).scope;
  lastHost = host;
  return lastScope;
}

const SQL_PUBLIC_SCOPE = "https://database.windows.net/.default";
/** Azure SQL Database (and Managed Instance) host suffixes and their cloud's scope. */
const SQL_SCOPE_BY_HOST_SUFFIX = [
  [".database.windows.net", SQL_PUBLIC_SCOPE],
  [".database.chinacloudapi.cn", "https://database.chinacloudapi.cn/.default"],
  [".database.usgovcloudapi.net", "https://database.usgovcloudapi.net/.default"],
];

/** PostgreSQL and MySQL servers in Azure China and US Government end like Azure SQL's hosts there. */
const OSS_SERVER = /\.(postgres|mysql)\.database\.[^.]+\.[^.]+$/;

/** The Entra ID scope for an Azure SQL host, or undefined for a host that is not one of Azure's. */
function sqlScopeForHost(host) {
  const name = typeof host === "string" ? host.toLowerCase().replace(/\.$/, "") : "";
  if (OSS_SERVER.test(name)) return undefined;
  return SQL_SCOPE_BY_HOST_SUFFIX.find(([suffix]) => name.endsWith(suffix))?.[1];
}

/** Whether `scope` is Azure SQL's, in any cloud. */
function isSqlScope(scope) {
  return SQL_SCOPE_BY_HOST_SUFFIX.some(([, sqlScope]) => sqlScope === scope);
}

/**
 * The audience Entra puts in a token's `aud` for a scope (or a v1 resource): without `/.default`,
 * and for Azure SQL with its slash, as its resource is registered ("https://database.windows.net/").
 */
function audienceForScope(scopeOrResource) {
  const resource = scopeOrResource.replace(/\/\.default$/, "");
  const withSlash = resource.replace(/\/?$/, "/");
  return isSqlScope(`${withSlash}.default`) ? withSlash : resource;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/**
 * Whether `host` is this machine: unset (the driver's default, localhost), a loopback name or
 * address, or a Unix socket directory.
 */
function isLoopback(host) {
  const unset = host === undefined || host === null || host === "";
  check(unset || typeof host === "string", () => `the connection's \`host\` must be a string, got ${describe(host)}`);
  return unset || LOOPBACK.test(host) || host.startsWith("/");
}

/**
 * sslmodes that may send the token in clear text: `disable`, and `allow` and `prefer`, which fall
 * back to a plain connection when the server declines TLS. That is libpq's meaning, postgres.js's,
 * and pg's with `uselibpqcompat=true` (pg 9 makes it the default), so they count as no TLS.
 */
const MAY_BE_PLAIN = new Set(["disable", "allow", "prefer"]);

/**
 * Whether a connection is sure to be encrypted. `ssl` is the driver's option (true, TLS options, or
 * an sslmode string, as postgres.js takes); `sslmode` the connection string's or PGSSLMODE's.
 */
function usesTls(ssl, sslmode) {
  return Boolean(ssl) && !MAY_BE_PLAIN.has(ssl) && !MAY_BE_PLAIN.has(sslmode);
}

/**
 * Whether TLS is set to accept any certificate: `rejectUnauthorized: false` (pg, mysql2, mariadb,
 * and pg's `sslmode=require` with uselibpqcompat), pg's sslmode `no-verify`, or postgres.js's
 * `ssl: "require"`, which encrypts without verifying.
 */
function skipsVerification(ssl, sslmode) {
  return ssl?.rejectUnauthorized === false || ssl === "require" || ssl === "no-verify" || sslmode === "no-verify";
}

const OPT_IN = "or pass `allowInsecure: true` to send it anyway";

/**
 * Refuses to send a token off this machine in clear text or to a server whose certificate nobody
 * verifies. `host` undefined, null or "" means the driver's default (localhost); a host starting
 * with "/" is a Unix socket directory. `fix` names the settings of the driver in use.
 */
function assertTlsOrLoopback(host, ssl, allowInsecure, sslmode, fix = PG_FIX) {
  if (allowInsecure === true || isLoopback(host)) return;
  if (!usesTls(ssl, sslmode)) {
    const mode = [sslmode, ssl].find((value) => MAY_BE_PLAIN.has(value));
    throw entraError(
      "INSECURE_CONNECTION",
      `refusing to send an Entra ID token to ${host} ${mode ? `with sslmode ${mode}, which may fall back to clear text` : "without TLS"}: ${fix.tls}, ${OPT_IN}`,
    );
  }
  if (skipsVerification(ssl, sslmode))
    throw entraError(
      "INSECURE_CONNECTION",
      `refusing to send an Entra ID token to ${host} over TLS that accepts any certificate: ${fix.verify}, ${OPT_IN}`,
    );
}

/** The settings that fix an INSECURE_CONNECTION, in pg's, Sequelize's and postgres.js's words. */
const PG_FIX = {
  tls: 'enable TLS in the connection options (pg: `ssl: true`, or sslmode=verify-full; Sequelize v6: `dialectOptions: { ssl: true }`, v7: `ssl: true`; postgres.js: `ssl: "verify-full"`)',
  verify:
    'verify the server\'s certificate (pg: `ssl: true`, no `rejectUnauthorized: false`, sslmode=verify-full rather than no-verify; postgres.js: `ssl: "verify-full"` rather than "require"); Azure\'s certificates chain to roots Node already trusts',
};
/** The same in mysql2's and the mariadb connector's words. */
const MYSQL_FIX = {
  tls: "enable TLS in the connection options (mysql2 and mariadb: `ssl: {}`)",
  verify:
    "verify the server's certificate (mysql2 and mariadb: `ssl: {}`, without `rejectUnauthorized: false`); Azure's certificates chain to roots Node already trusts",
};

/** The TCP port `value` names (a variable's or an option's text), or INVALID_ARGUMENT naming `name`. */
function tcpPort(name, value) {
  const port = Number(value);
  check(
    Number.isInteger(port) && port > 0 && port < 65536,
    () => `${name} must be a TCP port number, got ${JSON.stringify(value)}`,
  );
  return port;
}

module.exports = {
  tcpPort,
  PUBLIC_SCOPE,
  SQL_PUBLIC_SCOPE,
  scopeForHost,
  cloudForHost,
  audienceForScope,
  isLoopback,
  assertTlsOrLoopback,
  MYSQL_FIX,
  sqlScopeForHost,
};
