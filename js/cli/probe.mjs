// The network path to a server below the login, one layer at a time, so that a failure names its
// layer: a TCP connection, then whether the server offers TLS (PostgreSQL's SSLRequest here; the
// MySQL walk reads the greeting first) and which certificate it shows (tlsHandshake, for both).
import { connect, isIP } from "node:net";
import { checkServerIdentity, connect as tlsConnect } from "node:tls";

const TIMEOUT_MS = 10_000;
// int32 length 8, int32 code 1234.5679: "may we speak TLS?", answered by one byte, S or N.
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

function timeout(what) {
  return Object.assign(new Error(`${what} did not complete within ${TIMEOUT_MS / 1000} s`), { code: "ETIMEDOUT" });
}

/** A connected socket to host:port, trying the addresses as pg does. */
export function openTcp(host, port) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, autoSelectFamily: true });
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(timeout("the TCP connection")));
    socket.once("error", reject);
    socket.once("connect", () => {
      socket.setTimeout(0);
      socket.removeListener("error", reject);
      resolve(socket);
    });
  });
}

function readByte(socket) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(timeout("the answer to SSLRequest")), TIMEOUT_MS);
    const settle = (settler) => (value) => {
      clearTimeout(timer);
      settler(value);
    };
    socket.once("error", settle(reject));
    socket.once("close", () =>
      settle(reject)(new Error("the server closed the connection instead of answering SSLRequest")),
    );
    socket.once("data", (data) => settle(resolve)(String.fromCharCode(data[0])));
  });
}

/**
 * Shakes hands over `socket` as a client that checks nothing yet, then reads the certificate:
 * `{ offered: true, protocol, subject, issuer, validTo, verifyError }`; `verifyError` (only when
 * `verify`) says why a driver verifying it (against `ca` when given, else Node's roots) with this
 * host name would refuse the certificate. Ends the TLS session; the caller destroys `socket`.
 */
export async function tlsHandshake(socket, { host, verify, ca }) {
  const tls = tlsConnect({ socket, servername: isIP(host) ? undefined : host, rejectUnauthorized: false, ca });
  await new Promise((resolve, reject) => {
    tls.setTimeout(TIMEOUT_MS, () => tls.destroy(timeout("the TLS handshake")));
    tls.once("secureConnect", resolve);
    tls.once("error", reject);
  });
  const certificate = tls.getPeerCertificate();
  const identityError = verify ? checkServerIdentity(host, certificate) : undefined;
  tls.end();
  return {
    offered: true,
    protocol: tls.getProtocol(),
    subject: certificate.subject?.CN,
    issuer: certificate.issuer?.CN,
    validTo: certificate.valid_to,
    verifyError: verify ? (tls.authorizationError ?? identityError?.message) : undefined,
  };
}

/**
 * Asks the PostgreSQL server on `socket` for TLS and, if it agrees, shakes hands (see
 * tlsHandshake). Resolves to `{ offered: false }` or tlsHandshake's result. Ends the socket.
 */
export async function probeTls(socket, { host, verify, ca }) {
  try {
    socket.write(SSL_REQUEST);
    if ((await readByte(socket)) !== "S") return { offered: false };
    return await tlsHandshake(socket, { host, verify, ca });
  } finally {
    socket.destroy();
  }
}
