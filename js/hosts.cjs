"use strict";
// What a database host tells us: which cloud's scope to ask for, and whether a clear-text
// password may go there.
const { entraError, describe, check } = require("./errors.cjs");

const PUBLIC_SCOPE = "https://ossrdbms-aad.database.windows.net/.default";
const SCOPE_BY_HOST_SUFFIX = [
  [".database.chinacloudapi.cn", "https://ossrdbms-aad.database.chinacloudapi.cn/.default"],
  [".database.usgovcloudapi.net", "https://ossrdbms-aad.database.usgovcloudapi.net/.default"],
];

let lastHost;
let lastScope = PUBLIC_SCOPE;

/**
 * The Entra ID scope for a database host: its sovereign cloud's, else the public cloud's. pg asks
 * for every connection, nearly always for the same host: the last answer is kept.
 */
function scopeForHost(host) {
  if (host === lastHost) return lastScope;
  const name = typeof host === "string" ? host.toLowerCase().replace(/\.$/, "") : "";
  const match = SCOPE_BY_HOST_SUFFIX.find(([suffix]) => name.endsWith(suffix));
  lastHost = host;
  lastScope = match ? match[1] : PUBLIC_SCOPE;
  return lastScope;
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
 * Refuses to send a token in clear text off this machine. `host` undefined, null or "" means the
 * driver's default (localhost); a host starting with "/" is a Unix socket directory.
 */
function assertTlsOrLoopback(host, ssl, allowInsecure) {
  if (ssl || allowInsecure === true || isLoopback(host)) return;
  throw entraError(
    "INSECURE_CONNECTION",
    `refusing to send an Entra ID token to ${host} without TLS: enable TLS in the connection options (pg: \`ssl: true\`; Sequelize: \`dialectOptions: { ssl: true }\`), or pass \`allowInsecure: true\` to send it in clear text anyway`,
  );
}

module.exports = { PUBLIC_SCOPE, scopeForHost, isLoopback, assertTlsOrLoopback };
