// The few PostgreSQL protocol v3 messages a server handles before a session exists.
// https://www.postgresql.org/docs/current/protocol-message-formats.html
import { SocketReader } from "../socket-reader.mjs";

export const PROTOCOL_3 = 196608;
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

// Startup packets are small; a bigger length means a client speaking something else.
const MAX_STARTUP_LENGTH = 10_000;
const MAX_MESSAGE_LENGTH = 1 << 20;

/** Reads whole messages off a socket until `detach()` (see SocketReader). */
export class MessageReader extends SocketReader {
  constructor(socket) {
    super(socket, { closedMessage: "client closed the connection during login" });
  }

  #take(headerLength, lengthOffset, maxLength) {
    return this.take((buffered) => {
      if (buffered.length < headerLength) return undefined;
      const length = buffered.readInt32BE(lengthOffset);
      if (length < 4 || length > maxLength) throw new Error("invalid message length");
      return lengthOffset + length;
    });
  }

  /** A startup-phase packet (no type byte): `{ code, packet }`, the packet whole. */
  async startupPacket() {
    const packet = await this.#take(8, 0, MAX_STARTUP_LENGTH);
    return { code: packet.readInt32BE(4), packet };
  }

  /** A typed message: `{ type, body }` with `type` a one-letter string. */
  async message() {
    const message = await this.#take(5, 1, MAX_MESSAGE_LENGTH);
    return { type: String.fromCharCode(message[0]), body: message.subarray(5) };
  }
}

/** The parameters of a StartupMessage (`user`, `database`, `application_name`, …). */
export function parseStartupParameters(packet) {
  const fields = packet.subarray(8).toString("utf8").split("\0");
  const parameters = {};
  for (let i = 0; i + 1 < fields.length && fields[i] !== ""; i += 2) parameters[fields[i]] = fields[i + 1];
  return parameters;
}

export function startupMessage(parameters) {
  const body = Buffer.from(
    `${Object.entries(parameters)
      .map(([k, v]) => `${k}\0${v}\0`)
      .join("")}\0`,
  );
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + body.length, 0);
  header.writeInt32BE(PROTOCOL_3, 4);
  return Buffer.concat([header, body]);
}

function typed(type, body) {
  const header = Buffer.alloc(5);
  header.write(type, 0);
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}

export function authenticationCleartextPassword() {
  const body = Buffer.alloc(4);
  body.writeInt32BE(3, 0);
  return typed("R", body);
}

/** A FATAL ErrorResponse, fields as PostgreSQL sends them. */
export function fatalError(sqlState, message) {
  const fields = { S: "FATAL", V: "FATAL", C: sqlState, M: message };
  return typed(
    "E",
    Buffer.from(
      `${Object.entries(fields)
        .map(([k, v]) => `${k}${v}\0`)
        .join("")}\0`,
    ),
  );
}

/** The NUL-terminated string a PasswordMessage carries. */
export function passwordOf(body) {
  const end = body.indexOf(0);
  return body.subarray(0, end === -1 ? body.length : end).toString("utf8");
}
