// How a TDS session gets its TLS, server side, in the two ways MS-TDS has:
// - TDS 8 (`encrypt: "strict"`): TLS from the first byte, ALPN "tds/8.0"; PRELOGIN and everything
//   after travel inside it.
// - TDS 7.x (`encrypt: true`): PRELOGIN is exchanged in clear text; once it settles on encryption,
//   the TLS handshake's messages travel as the payload of PRELOGIN (0x12) packets, both ways
//   (MS-TDS 2.2.6.5, 3.2.5.3). Once the handshake is done, TLS records go straight over TCP, with
//   no TDS packet header around them, and LOGIN7 and everything after travel inside TLS.
//
// In TDS 7.x the server answers each handshake flight of the client's with one PRELOGIN message
// (tedious reads exactly one message back for each it sends), so a flight is framed only when it
// is whole. That is told from the TLS records themselves, not from timing: SQL Server negotiates
// at most TLS 1.2 inside PRELOGIN (TLS 1.3 needs TDS 8) and tedious caps its client there too, so
// the server's flights are TLS 1.2's: ServerHello … ServerHelloDone, then ChangeCipherSpec and the
// encrypted Finished, which is the last one framed. Session tickets are off, so that no client
// resumes into an abbreviated handshake, whose last flight is the client's and gets no answer.
import { Duplex } from "node:stream";
import { TLSSocket, createSecureContext } from "node:tls";
import { constants } from "node:crypto";
import { TYPE, frame } from "./messages.mjs";

const RECORD = { CHANGE_CIPHER_SPEC: 0x14, ALERT: 0x15, HANDSHAKE: 0x16 };
const RECORD_HEADER_LENGTH = 5;
const SERVER_HELLO_DONE = 0x0e;
const PACKET_HEADER_LENGTH = 8;

/**
 * A Duplex over `socket` for a server TLSSocket to wrap. What arrives from the client goes through
 * `unwrap(chunk)` (the TLS bytes in it, or undefined when it cannot be read: the socket is then
 * destroyed); what the TLS layer writes goes through `wrap(chunk)` (the bytes to send, if any yet).
 * `first` was read from the socket already.
 */
function socketTransport(socket, { first, unwrap = (chunk) => chunk, wrap = (chunk) => chunk }) {
  const transport = new Duplex({
    read: () => socket.resume(),
    write: (chunk, encoding, callback) => {
      const bytes = wrap(chunk);
      if (bytes?.length) socket.write(bytes, callback);
      else callback();
    },
    final: (callback) => socket.end(callback),
    destroy: (error, callback) => {
      socket.destroy();
      callback(error);
    },
  });
  const take = (chunk) => {
    const bytes = unwrap(chunk);
    if (bytes === undefined) return socket.destroy();
    if (bytes.length > 0 && !transport.push(bytes)) socket.pause();
  };
  if (first) take(first);
  socket.on("data", take);
  socket.on("end", () => transport.push(null));
  socket.on("close", () => transport.destroy());
  return transport;
}

/**
 * TDS 8: `socket`, whose first bytes `first` are a TLS ClientHello, as a server TLSSocket (ALPN
 * "tds/8.0"). Wait for its "secure" event before reading TDS messages from it.
 */
export function tlsFromFirstByte(socket, first, secureContext) {
  return new TLSSocket(socketTransport(socket, { first }), {
    isServer: true,
    secureContext,
    ALPNProtocols: ["tds/8.0"],
  });
}

/** The secure context for TLS inside PRELOGIN: the leaf's, at most TLS 1.2, no session tickets. */
export function preloginSecureContext({ cert, key }) {
  return createSecureContext({ cert, key, maxVersion: "TLSv1.2", secureOptions: constants.SSL_OP_NO_TICKET });
}

/**
 * Collects the server's TLS output into handshake flights: `take(chunk)` returns the flight `chunk`
 * completes (`{ bytes, last }`), or undefined while it is still being written.
 */
function flightCollector() {
  let pending = Buffer.alloc(0);
  let scanned = 0; // bytes of `pending` read as whole records
  let handshake = Buffer.alloc(0); // clear-text handshake messages not yet read whole
  let cipherChanged = false;
  return function take(chunk) {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length - scanned >= RECORD_HEADER_LENGTH) {
      const type = pending[scanned];
      const end = scanned + RECORD_HEADER_LENGTH + pending.readUInt16BE(scanned + 3);
      if (pending.length < end) break;
      const body = pending.subarray(scanned + RECORD_HEADER_LENGTH, end);
      scanned = end;
      let complete = false;
      let last = false;
      if (type === RECORD.CHANGE_CIPHER_SPEC) {
        cipherChanged = true;
      } else if (type === RECORD.HANDSHAKE && cipherChanged) {
        complete = last = true; // the encrypted Finished
      } else if (type === RECORD.HANDSHAKE) {
        handshake = Buffer.concat([handshake, body]);
        while (handshake.length >= 4 && handshake.length >= 4 + handshake.readUIntBE(1, 3)) {
          complete ||= handshake[0] === SERVER_HELLO_DONE;
          handshake = handshake.subarray(4 + handshake.readUIntBE(1, 3));
        }
      } else if (type === RECORD.ALERT) {
        complete = true; // a failed handshake: the client should read why
      }
      if (complete) {
        const bytes = pending.subarray(0, end);
        pending = pending.subarray(end);
        scanned = 0;
        return { bytes, last };
      }
    }
    return undefined;
  };
}

/**
 * TDS 7.x: the TLS handshake inside PRELOGIN packets on `socket`, after the clear-text PRELOGIN
 * exchange settled on encryption, then TLS records straight over TCP. Returns a server TLSSocket:
 * wait for its "secure" event before reading TDS messages from it. `secureContext` comes from
 * preloginSecureContext; `first` is what was read from the socket after the PRELOGIN message.
 */
export function tlsInsidePrelogin(socket, secureContext, first) {
  let handshaking = true; // until the server's last flight is sent
  let inbound = Buffer.alloc(0);
  const flight = flightCollector();
  const transport = socketTransport(socket, {
    first,
    // The client's handshake arrives in PRELOGIN packets; it sends plain records only after it
    // has read the server's last flight, by which time `handshaking` is false.
    unwrap(chunk) {
      if (!handshaking) return chunk;
      inbound = Buffer.concat([inbound, chunk]);
      const payloads = [];
      while (inbound.length >= PACKET_HEADER_LENGTH) {
        const length = inbound.readUInt16BE(2);
        if (inbound[0] !== TYPE.PRELOGIN || length < PACKET_HEADER_LENGTH) return undefined;
        if (inbound.length < length) break;
        payloads.push(inbound.subarray(PACKET_HEADER_LENGTH, length));
        inbound = inbound.subarray(length);
      }
      return Buffer.concat(payloads);
    },
    wrap(chunk) {
      if (!handshaking) return chunk;
      const whole = flight(chunk);
      if (!whole) return undefined;
      if (whole.last) handshaking = false;
      return frame(TYPE.PRELOGIN, whole.bytes);
    },
  });
  return new TLSSocket(transport, { isServer: true, secureContext });
}
