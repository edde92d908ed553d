// MySQL packets: a 3-byte little-endian payload length, a sequence id, the payload.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html
import { SocketReader } from "../socket-reader.mjs";

/** A payload this long continues in the next packet. */
export const MAX_PAYLOAD = 0xffffff;
// Packets before a session exists are small; anything bigger is a client speaking something else.
const MAX_LOGIN_PAYLOAD = 1 << 20;

/** A whole packet, header and payload (payloads of the login phase only: never split). */
export function packet(sequenceId, payload) {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = sequenceId & 0xff;
  return Buffer.concat([header, payload]);
}

/** The same packet with another sequence id (a backend's answer relayed into the client's exchange). */
export function withSequenceId({ payload }, sequenceId) {
  return packet(sequenceId, payload);
}

/** Reads whole packets off a socket until `detach()` (see ../socket-reader.mjs). */
export class PacketReader extends SocketReader {
  /** `leftover`: bytes already read off `socket`. */
  constructor(socket, leftover) {
    super(socket, { leftover, closedMessage: "the connection closed during login" });
  }

  /**
   * The next packet: `{ sequenceId, payload }`. With `sequenceId`, a header that names another
   * (garbage, most likely) throws as soon as it is read, instead of waiting for its length.
   */
  async packet({ sequenceId } = {}) {
    const whole = await this.take((buffered) => {
      if (buffered.length < 4) return undefined;
      const length = buffered.readUIntLE(0, 3);
      if (length > MAX_LOGIN_PAYLOAD) throw new Error("packet too long for the login phase");
      if (sequenceId !== undefined && buffered[3] !== sequenceId) throw new Error("packets out of order");
      return 4 + length;
    });
    return { sequenceId: whole[3], payload: whole.subarray(4) };
  }
}

/** Reads a payload front to back. Running past its end throws, so a truncated packet is an error. */
export class PayloadReader {
  #payload;
  offset = 0;

  constructor(payload) {
    this.#payload = payload;
  }

  get remaining() {
    return this.#payload.length - this.offset;
  }

  bytes(length) {
    if (length > this.remaining) throw new Error("truncated packet");
    const bytes = this.#payload.subarray(this.offset, this.offset + length);
    this.offset += length;
    return bytes;
  }

  uint(length) {
    return this.bytes(length).readUIntLE(0, length);
  }

  /** A length-encoded integer (1, 3, 4 or 9 bytes). */
  lengthEncoded() {
    const first = this.uint(1);
    if (first < 0xfb) return first;
    if (first === 0xfc) return this.uint(2);
    if (first === 0xfd) return this.uint(3);
    if (first === 0xfe) return Number(this.bytes(8).readBigUInt64LE());
    throw new Error("invalid length-encoded integer");
  }

  /** Bytes up to a NUL, which is consumed. */
  nulTerminated() {
    const end = this.#payload.indexOf(0, this.offset);
    if (end < 0) throw new Error("truncated packet: missing NUL");
    const bytes = this.#payload.subarray(this.offset, end);
    this.offset = end + 1;
    return bytes;
  }

  rest() {
    return this.bytes(this.remaining);
  }
}

/** The bytes of a length-encoded integer. */
export function lengthEncoded(value) {
  if (value < 0xfb) return Buffer.from([value]);
  if (value <= 0xffff) return Buffer.from([0xfc, value & 0xff, value >> 8]);
  if (value <= 0xffffff) return Buffer.concat([Buffer.from([0xfd]), uint(value, 3)]);
  const bytes = Buffer.alloc(9);
  bytes[0] = 0xfe;
  bytes.writeBigUInt64LE(BigInt(value), 1);
  return bytes;
}

export function uint(value, length) {
  const bytes = Buffer.alloc(length);
  bytes.writeUIntLE(value, 0, length);
  return bytes;
}

export const nulTerminated = (bytes) => Buffer.concat([Buffer.from(bytes), Buffer.from([0])]);
