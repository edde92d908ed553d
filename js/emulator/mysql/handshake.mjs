// The server's greeting, Protocol::HandshakeV10: read from MariaDB, written to the client.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html
import { randomBytes } from "node:crypto";
import { PayloadReader, nulTerminated, uint } from "./wire.mjs";
import { PLUGIN_AUTH } from "./capabilities.mjs";

const PROTOCOL_VERSION = 10;
const SCRAMBLE_LENGTH = 20;

/** 20 random printable bytes, as MySQL makes them (a NUL would end the second half early). */
export function newScramble() {
  return Buffer.from(randomBytes(SCRAMBLE_LENGTH).map((byte) => 0x21 + (byte % 94)));
}

/** `{ serverVersion, connectionId, capabilities, characterSet, statusFlags, scramble, authPlugin }` */
export function parseHandshake(payload) {
  const reader = new PayloadReader(payload);
  if (reader.uint(1) !== PROTOCOL_VERSION) throw new Error("not a protocol 10 greeting");
  const serverVersion = reader.nulTerminated().toString("latin1");
  const connectionId = reader.uint(4);
  const scramble1 = reader.bytes(8);
  reader.bytes(1);
  const lower = reader.uint(2);
  const characterSet = reader.uint(1);
  const statusFlags = reader.uint(2);
  const capabilities = ((reader.uint(2) << 16) | lower) >>> 0;
  const scrambleLength = reader.uint(1);
  reader.bytes(10);
  const scramble2 = reader.bytes(Math.max(13, scrambleLength - 8)).subarray(0, 12);
  const authPlugin = capabilities & PLUGIN_AUTH ? reader.nulTerminated().toString("latin1") : undefined;
  return {
    serverVersion,
    connectionId,
    capabilities,
    characterSet,
    statusFlags,
    scramble: Buffer.concat([scramble1, scramble2]),
    authPlugin,
  };
}

/** The greeting payload. `capabilities` must include PLUGIN_AUTH. */
export function handshake({
  serverVersion,
  connectionId,
  capabilities,
  characterSet,
  statusFlags,
  scramble,
  authPlugin,
}) {
  return Buffer.concat([
    uint(PROTOCOL_VERSION, 1),
    nulTerminated(serverVersion),
    uint(connectionId, 4),
    scramble.subarray(0, 8),
    uint(0, 1),
    uint(capabilities & 0xffff, 2),
    uint(characterSet, 1),
    uint(statusFlags, 2),
    uint(capabilities >>> 16, 2),
    uint(scramble.length + 1, 1),
    // Reserved; MariaDB puts its extended capabilities in the last four, MySQL leaves them zero.
    Buffer.alloc(10),
    nulTerminated(scramble.subarray(8)),
    nulTerminated(authPlugin),
  ]);
}
