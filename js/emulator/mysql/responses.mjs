// The server's answers that end an exchange: OK_Packet, ERR_Packet, and how to tell them (and an
// AuthSwitchRequest) apart by their first byte.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html
import { uint } from "./wire.mjs";

export const OK = 0x00;
export const AUTH_MORE_DATA = 0x01;
export const AUTH_SWITCH = 0xfe;
export const ERR = 0xff;

/** An ERR_Packet payload (protocol 4.1: with its SQLSTATE). */
export function errPacket(code, sqlState, message) {
  return Buffer.concat([Buffer.from([ERR]), uint(code, 2), Buffer.from(`#${sqlState}${message}`, "utf8")]);
}

/** Azure's wording for a refused token (ER_ACCESS_DENIED_ERROR). */
export function accessDenied(user, clientAddress, usingPassword) {
  const using = usingPassword ? "YES" : "NO";
  return errPacket(1045, "28000", `Access denied for user '${user}'@'${clientAddress}' (using password: ${using})`);
}
