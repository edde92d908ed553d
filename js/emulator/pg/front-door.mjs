// The PostgreSQL front door: what Azure Database for PostgreSQL does up to login. It asks for
// the password in clear (over TLS when the client wants it), accepts only a valid Entra token for
// the role in the startup packet, then hands the connection to a trust-auth backend and relays
// bytes both ways. Like Azure, it checks the token once, at login.
import { TLSSocket } from "node:tls";
import { once } from "node:events";
import { debuglog } from "node:util";
import {
  CANCEL_REQUEST,
  GSSENC_REQUEST,
  MessageReader,
  PROTOCOL_3,
  SSL_REQUEST,
  authenticationCleartextPassword,
  fatalError,
  parseStartupParameters,
  passwordOf,
  startupMessage,
} from "./wire.mjs";
import { createLoginCheck, recordRejection } from "../login-check.mjs";
import { createSocketSet, listenOnLoopback } from "../loopback-server.mjs";

const debug = debuglog("entra-db-auth-emulator");

/**
 * Listens on 127.0.0.1 (a free port). `backend.connect()` returns a socket to a PostgreSQL that
 * trusts every local role; `tokens.verify` checks signature, issuer, audience and times. `tls`,
 * when given, is the leaf certificate (from the run's CA, see tls.mjs) that SSLRequest upgrades to.
 */
export async function startFrontDoor({ backend, tokens, directory, audience, groups, tls, requireTls }) {
  const secureContext = tls?.secureContext;
  const refusal = createLoginCheck({ tokens, directory, audience, groups });
  const sockets = createSocketSet();
  const { track } = sockets;
  let tlsRequired = requireTls;
  const controls = {
    /** Refuse plain connections, like Azure's require_secure_transport (needs `tls`). */
    get requireTls() {
      return tlsRequired;
    },
    set requireTls(value) {
      if (value && !secureContext) throw new TypeError("requireTls needs the emulator started with tls: true");
      tlsRequired = Boolean(value);
    },
    accepted: 0,
    rejected: 0,
    /** The last few refused logins, newest last: `{ at, user, database, reason }`. */
    lastRejections: [],
    reset() {
      controls.accepted = 0;
      controls.rejected = 0;
      controls.lastRejections.length = 0;
    },
  };

  function refuse(socket, sqlState, message) {
    socket.end(fatalError(sqlState, message));
  }

  async function login(clientSocket) {
    let socket = clientSocket;
    let reader = new MessageReader(socket);
    let parameters;
    while (!parameters) {
      const { code, packet } = await reader.startupPacket();
      if (code === SSL_REQUEST && secureContext && !socket.encrypted) {
        reader.detach();
        socket.write("S");
        socket = track(new TLSSocket(socket, { isServer: true, secureContext }));
        await once(socket, "secure");
        reader = new MessageReader(socket);
      } else if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        socket.write("N");
      } else if (code === CANCEL_REQUEST) {
        // The key in it came from the backend's BackendKeyData, so the backend can honour it.
        track(backend.connect()).end(packet);
        socket.end();
        return;
      } else if (code === PROTOCOL_3) {
        parameters = parseStartupParameters(packet);
      } else {
        return refuse(
          socket,
          "08P01",
          `unsupported frontend protocol ${code >>> 16}.${code & 0xffff}: server supports 3.0 to 3.0`,
        );
      }
    }
    const { user, database = user } = parameters;
    if (!user) return refuse(socket, "28000", "no PostgreSQL user name specified in startup packet");
    if (tlsRequired && !socket.encrypted) {
      return refuse(
        socket,
        "28000",
        `no pg_hba.conf entry for host "127.0.0.1", user "${user}", database "${database}", no encryption`,
      );
    }
    socket.write(authenticationCleartextPassword());
    const { type, body } = await reader.message();
    if (type !== "p") return refuse(socket, "08P01", `expected password response, got message type "${type}"`);

    const reason = await refusal(passwordOf(body), user);
    if (reason) {
      recordRejection(controls, { user, database, reason });
      return refuse(socket, "28P01", `password authentication failed for user "${user}"`);
    }
    controls.accepted += 1;

    const server = track(backend.connect());
    try {
      await once(server, "connect");
    } catch (error) {
      return refuse(socket, "08006", `emulator backend unavailable: ${error.message}`);
    }
    server.write(startupMessage(parameters));
    server.write(reader.detach());
    socket.pipe(server);
    server.pipe(socket);
    socket.on("close", () => server.destroy());
    server.on("close", () => socket.destroy());
  }

  const door = await listenOnLoopback(sockets, (socket) => {
    login(socket).catch((error) => {
      // A client that hangs up or sends garbage mid-login: NODE_DEBUG=entra-db-auth-emulator shows why.
      debug("login failed: %s", error?.message ?? error);
      socket.destroy();
    });
  });
  return { ...door, controls };
}
