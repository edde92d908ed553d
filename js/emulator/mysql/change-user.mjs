// COM_CHANGE_USER: a new login on an open connection. The front door answers it itself (a token
// must never reach MariaDB as a password) and sends MariaDB the same request with no password.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_change_user.html
import { PayloadReader, nulTerminated, uint } from "./wire.mjs";
import { CONNECT_ATTRS, PLUGIN_AUTH, SECURE_CONNECTION } from "./capabilities.mjs";

export const COM_CHANGE_USER = 0x11;

/** `{ user, authResponse, database, characterSet?, authPlugin?, attributes? }` */
export function parseChangeUser(payload, capabilities) {
  const reader = new PayloadReader(payload);
  if (reader.uint(1) !== COM_CHANGE_USER) throw new Error("not a COM_CHANGE_USER");
  const user = reader.nulTerminated().toString("utf8");
  const authResponse = capabilities & SECURE_CONNECTION ? reader.bytes(reader.uint(1)) : reader.nulTerminated();
  const request = { user, authResponse, database: reader.nulTerminated().toString("utf8") };
  if (reader.remaining) request.characterSet = reader.uint(2);
  if (capabilities & PLUGIN_AUTH && reader.remaining) request.authPlugin = reader.nulTerminated().toString("latin1");
  if (capabilities & CONNECT_ATTRS && reader.remaining) request.attributes = reader.rest();
  return request;
}

export function changeUser({ user, authResponse, database, characterSet, authPlugin, attributes }, capabilities) {
  const auth =
    capabilities & SECURE_CONNECTION ? [uint(authResponse.length, 1), authResponse] : [nulTerminated(authResponse)];
  return Buffer.concat([
    Buffer.from([COM_CHANGE_USER]),
    nulTerminated(user),
    ...auth,
    nulTerminated(database),
    ...(characterSet === undefined ? [] : [uint(characterSet, 2)]),
    ...(capabilities & PLUGIN_AUTH && authPlugin !== undefined ? [nulTerminated(authPlugin)] : []),
    ...(capabilities & CONNECT_ATTRS && attributes ? [attributes] : []),
  ]);
}
