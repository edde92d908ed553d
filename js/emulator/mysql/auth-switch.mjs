// Protocol::AuthSwitchRequest: the server names the plugin the client must answer with. Azure names
// mysql_clear_password for an Entra ID user, and the client answers with the token and a NUL.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_switch_request.html
import { nulTerminated } from "./wire.mjs";
import { AUTH_SWITCH } from "./responses.mjs";

export const CLEAR_PASSWORD = "mysql_clear_password";

export function authSwitchRequest(authPlugin, data) {
  return Buffer.concat([Buffer.from([AUTH_SWITCH]), nulTerminated(authPlugin), data]);
}

/** The password in a mysql_clear_password answer: the bytes before its closing NUL. */
export function clearPasswordOf(authResponse) {
  const end = authResponse.indexOf(0);
  return authResponse.subarray(0, end < 0 ? authResponse.length : end).toString("utf8");
}
