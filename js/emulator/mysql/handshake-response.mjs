// The client's answer to the greeting, Protocol::HandshakeResponse41, and Protocol::SSLRequest,
// its first 32 bytes sent alone to ask for TLS.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html
import { PayloadReader, lengthEncoded, nulTerminated, uint } from "./wire.mjs";
import {
  CONNECT_ATTRS,
  CONNECT_WITH_DB,
  PLUGIN_AUTH,
  PLUGIN_AUTH_LENENC_CLIENT_DATA,
  SECURE_CONNECTION,
  SSL,
} from "./capabilities.mjs";

const FIXED_PART = 32;

/** An SSLRequest is the fixed part of a HandshakeResponse41 alone, with the SSL flag. */
export function isSslRequest(payload) {
  return payload.length === FIXED_PART && (payload.readUInt32LE(0) & SSL) !== 0;
}

/**
 * `{ capabilities, maxPacketSize, characterSet, user, authResponse, database?, authPlugin?,
 * attributes? }`; `user` and `database` as strings (UTF-8), `attributes` the raw encoded block.
 */
export function parseHandshakeResponse(payload) {
  const reader = new PayloadReader(payload);
  const capabilities = reader.uint(4);
  const maxPacketSize = reader.uint(4);
  const characterSet = reader.uint(1);
  reader.bytes(23);
  const user = reader.nulTerminated().toString("utf8");
  let authResponse;
  if (capabilities & PLUGIN_AUTH_LENENC_CLIENT_DATA) authResponse = reader.bytes(reader.lengthEncoded());
  else if (capabilities & SECURE_CONNECTION) authResponse = reader.bytes(reader.uint(1));
  else authResponse = reader.nulTerminated();
  const response = { capabilities, maxPacketSize, characterSet, user, authResponse };
  // Each optional part is there only when its flag is set and the client wrote it.
  if (capabilities & CONNECT_WITH_DB && reader.remaining) response.database = reader.nulTerminated().toString("utf8");
  if (capabilities & PLUGIN_AUTH && reader.remaining) response.authPlugin = reader.nulTerminated().toString("latin1");
  if (capabilities & CONNECT_ATTRS && reader.remaining) {
    const start = reader.offset;
    reader.bytes(reader.lengthEncoded());
    response.attributes = payload.subarray(start, reader.offset);
  }
  return response;
}

/** A HandshakeResponse41 payload from the parts `parseHandshakeResponse` returns. */
export function handshakeResponse({
  capabilities,
  maxPacketSize,
  characterSet,
  user,
  authResponse,
  database,
  authPlugin,
  attributes,
}) {
  let auth;
  if (capabilities & PLUGIN_AUTH_LENENC_CLIENT_DATA) auth = [lengthEncoded(authResponse.length), authResponse];
  else if (capabilities & SECURE_CONNECTION) auth = [uint(authResponse.length, 1), authResponse];
  else auth = [nulTerminated(authResponse)];
  return Buffer.concat([
    uint(capabilities, 4),
    uint(maxPacketSize, 4),
    uint(characterSet, 1),
    Buffer.alloc(23),
    nulTerminated(user),
    ...auth,
    ...(capabilities & CONNECT_WITH_DB ? [nulTerminated(database ?? "")] : []),
    ...(capabilities & PLUGIN_AUTH ? [nulTerminated(authPlugin ?? "")] : []),
    ...(capabilities & CONNECT_ATTRS && attributes ? [attributes] : []),
  ]);
}
