// Capability flags, and what the front door offers: what the MariaDB behind it offers, as MySQL 8
// would say it, minus what a relay cannot pass through.
// https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html

/** MySQL's "long password" bit; MariaDB clears it in its greeting to say "I am MariaDB". */
export const LONG_PASSWORD = 1 << 0;
export const CONNECT_WITH_DB = 1 << 3;
export const COMPRESS = 1 << 5;
export const PROTOCOL_41 = 1 << 9;
export const SSL = 1 << 11;
export const SECURE_CONNECTION = 1 << 15;
export const PLUGIN_AUTH = 1 << 19;
export const CONNECT_ATTRS = 1 << 20;
export const PLUGIN_AUTH_LENENC_CLIENT_DATA = 1 << 21;
export const MULTI_FACTOR_AUTHENTICATION = 1 << 28;
export const SSL_VERIFY_SERVER_CERT = 1 << 30;

// Bits 25-30 mean different things to MySQL 8 and MariaDB (MariaDB's "progress" is MySQL's
// "capability extension"): offer none of them. Compression would have to be undone and redone
// around the front door's own packets, and a second factor is not what Azure asks for.
const NEVER_OFFERED = COMPRESS | (0b111111 << 25);

/** The flags the front door's greeting offers, from the backend's greeting. */
export function offeredCapabilities(backendCapabilities, { tls }) {
  const offered = ((backendCapabilities & ~NEVER_OFFERED & ~SSL) | LONG_PASSWORD) >>> 0;
  return (tls ? offered | SSL : offered) >>> 0;
}

/**
 * The client's flags as the backend must see them: less TLS (the front door's, not MariaDB's) and
 * less anything never offered that a client asks for anyway.
 */
export function backendClientCapabilities(clientCapabilities) {
  return (clientCapabilities & ~SSL & ~SSL_VERIFY_SERVER_CERT & ~NEVER_OFFERED) >>> 0;
}
