// The MySQL front door: what Azure Database for MySQL does up to login. It greets as MySQL 8,
// upgrades to TLS on SSLRequest, takes the token in clear with mysql_clear_password (from the
// HandshakeResponse when the client already answered with that plugin, else after an
// AuthSwitchRequest), checks it the way the PostgreSQL front door does, then logs in to MariaDB as
// that user with the client's own capability flags and relays packets both ways. COM_CHANGE_USER is
// a login too: the front door answers it, so that a token never reaches MariaDB as a password.
import { TLSSocket } from "node:tls";
import { once } from "node:events";
import { debuglog } from "node:util";
import { PacketReader, nulTerminated, packet, withSequenceId } from "./wire.mjs";
import { handshake, newScramble, parseHandshake } from "./handshake.mjs";
import { isSslRequest, handshakeResponse, parseHandshakeResponse } from "./handshake-response.mjs";
import { CLEAR_PASSWORD, authSwitchRequest, clearPasswordOf } from "./auth-switch.mjs";
import { AUTH_SWITCH, OK, accessDenied, errPacket } from "./responses.mjs";
import { COM_CHANGE_USER, changeUser, parseChangeUser } from "./change-user.mjs";
import { PROTOCOL_41, backendClientCapabilities, offeredCapabilities } from "./capabilities.mjs";
import { backendCollationId, replaceMysql8Collation } from "./collations.mjs";
import { createLoginCheck, recordRejection } from "../login-check.mjs";
import { createSocketSet, listenOnLoopback } from "../loopback-server.mjs";

const debug = debuglog("entra-db-auth-emulator");

/** What the greeting says: MariaDB's own "10.11…-MariaDB" would switch drivers to their MariaDB dialect. */
export const SERVER_VERSION = "8.0.41";
const GREETING_PLUGINS = ["caching_sha2_password", "mysql_native_password", CLEAR_PASSWORD];
/** ER_HANDSHAKE_ERROR: the reply to the greeting could not be read. */
const BAD_HANDSHAKE = 1043;
// The backend users have no password: the answer to any plugin MariaDB asks for is empty.
const NO_PASSWORD = { authResponse: Buffer.alloc(0), authPlugin: "mysql_native_password" };

/**
 * Listens on 127.0.0.1 (a free port). `backend.connect()` returns a socket to a MariaDB with a
 * password-less user for every principal and group. `tls`, when given, is the leaf certificate
 * (from the run's CA, see ../tls.mjs) that SSLRequest upgrades to.
 */
export async function startMysqlFrontDoor({ backend, tokens, directory, audience, groups, tls, requireTls = false }) {
  const secureContext = tls?.secureContext;
  const refusal = createLoginCheck({ tokens, directory, audience, groups });
  const sockets = createSocketSet();
  const { track } = sockets;
  let tlsRequired = requireTls;
  let greetingPlugin = GREETING_PLUGINS[0];
  const controls = {
    /** Refuse plain connections, like Azure's require_secure_transport (needs `tls`). */
    get requireTls() {
      return tlsRequired;
    },
    set requireTls(value) {
      if (value && !secureContext) throw new TypeError("requireTls needs the emulator started with tls: true");
      tlsRequired = Boolean(value);
    },
    /**
     * The plugin the greeting names: "caching_sha2_password" (MySQL 8's default; a client answers
     * with it and gets an AuthSwitchRequest to mysql_clear_password), "mysql_native_password", or
     * "mysql_clear_password" (a client may answer with the token at once).
     */
    get greetingPlugin() {
      return greetingPlugin;
    },
    set greetingPlugin(value) {
      if (!GREETING_PLUGINS.includes(value)) throw new TypeError(`greetingPlugin must be one of ${GREETING_PLUGINS}`);
      greetingPlugin = value;
    },
    accepted: 0,
    rejected: 0,
    /** How accepted tokens arrived: in the HandshakeResponse or after an AuthSwitchRequest. */
    tokenPaths: { handshakeResponse: 0, authSwitch: 0 },
    /** COM_CHANGE_USER requests accepted (each counted in `accepted` too). */
    changeUsers: 0,
    /** utf8mb4_0900_ai_ci named in statements and sent to MariaDB as utf8mb4_unicode_ci (collations.mjs). */
    collationRewrites: 0,
    /** The last few refused logins, newest last: `{ at, user, database, reason }`. */
    lastRejections: [],
    reset() {
      controls.accepted = 0;
      controls.rejected = 0;
      controls.changeUsers = 0;
      controls.collationRewrites = 0;
      controls.tokenPaths.handshakeResponse = 0;
      controls.tokenPaths.authSwitch = 0;
      controls.lastRejections.length = 0;
    },
  };

  /**
   * Reads the token from `exchange` (answering with an AuthSwitchRequest unless the client already
   * sent it with mysql_clear_password) and checks it. Returns the sequence id of the answer due and
   * whether the login stands, having recorded it.
   */
  async function checkToken({ client, reader, request, sequenceId, database, scramble }) {
    let next = sequenceId + 1;
    let password;
    const viaSwitch = request.authPlugin !== CLEAR_PASSWORD || request.authResponse.length === 0;
    if (!viaSwitch) {
      password = clearPasswordOf(request.authResponse);
    } else {
      client.write(packet(next, authSwitchRequest(CLEAR_PASSWORD, nulTerminated(scramble))));
      const answer = await reader.packet();
      next = answer.sequenceId + 1;
      password = clearPasswordOf(answer.payload);
    }
    const reason = password ? await refusal(password, request.user) : "no password";
    if (reason) {
      recordRejection(controls, { user: request.user, database, reason });
      const address = (client.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
      client.end(packet(next, accessDenied(request.user, address, Boolean(password))));
      return { next, accepted: false };
    }
    controls.accepted += 1;
    return { next, accepted: true, viaSwitch };
  }

  async function session(clientSocket, server) {
    await once(server, "connect");
    const serverReader = new PacketReader(server);
    const backendGreeting = parseHandshake((await serverReader.packet()).payload);
    const scramble = newScramble();
    clientSocket.write(
      packet(
        0,
        handshake({
          ...backendGreeting,
          serverVersion: SERVER_VERSION,
          capabilities: offeredCapabilities(backendGreeting.capabilities, { tls: Boolean(secureContext) }),
          scramble,
          authPlugin: greetingPlugin,
        }),
      ),
    );

    let client = clientSocket;
    let reader = new PacketReader(client);
    let first;
    let request;
    try {
      first = await reader.packet({ sequenceId: 1 });
      if (isSslRequest(first.payload)) {
        if (!secureContext) throw new Error("SSLRequest, but TLS was not offered");
        // The client does not wait for an answer: its TLS ClientHello may have been read already.
        // Paused, so that it stays buffered until TLSSocket reads it.
        const clientHello = reader.detach();
        client.pause();
        if (clientHello.length) client.unshift(clientHello);
        client = track(new TLSSocket(client, { isServer: true, secureContext }));
        await once(client, "secure");
        reader = new PacketReader(client);
        first = await reader.packet({ sequenceId: 2 });
      }
      request = parseHandshakeResponse(first.payload);
    } catch (error) {
      // What MySQL answers a greeting's reply it cannot read (garbage, another protocol):
      // ER_HANDSHAKE_ERROR, then it hangs up. Over TLS that failed, there is nobody to tell.
      debug("handshake response unreadable: %s", error?.message ?? error);
      server.destroy();
      if (client.destroyed || client.encrypted) return client.destroy();
      return client.end(packet(2, errPacket(BAD_HANDSHAKE, "08S01", "Bad handshake")), () => client.destroy());
    }
    const refuse = (code, sqlState, message) => {
      client.end(packet(first.sequenceId + 1, errPacket(code, sqlState, message)));
      server.destroy();
    };
    if (!(request.capabilities & PROTOCOL_41)) {
      return refuse(1251, "08004", "Client does not support authentication protocol requested by server");
    }
    if (tlsRequired && !client.encrypted) {
      return refuse(
        3159,
        "HY000",
        "Connections using insecure transport are prohibited while --require_secure_transport=ON.",
      );
    }
    const database = request.database || undefined;
    const login = await checkToken({ client, reader, request, sequenceId: first.sequenceId, database, scramble });
    if (!login.accepted) return server.destroy();
    controls.tokenPaths[login.viaSwitch ? "authSwitch" : "handshakeResponse"] += 1;

    const capabilities = backendClientCapabilities(request.capabilities);
    const characterSet = backendCollationId(request.characterSet);
    server.write(packet(1, handshakeResponse({ ...request, ...NO_PASSWORD, capabilities, characterSet })));
    const result = await backendAnswer(serverReader, server);
    client.write(withSequenceId(result, login.next));
    if (result.payload[0] !== OK) {
      client.end();
      return server.destroy();
    }
    client.on("close", () => server.destroy());
    server.on("close", () => client.destroy());
    relay({
      client,
      server,
      clientBuffered: reader.detach(),
      serverBuffered: serverReader.detach(),
      request,
      scramble,
    });
  }

  /** Pipes the session both ways, watching the client's commands for COM_CHANGE_USER. */
  function relay({ client, server, clientBuffered, serverBuffered, request, scramble }) {
    if (serverBuffered.length) client.write(serverBuffered);
    server.pipe(client);
    const rewrite = (statement) => (controls.collationRewrites += replaceMysql8Collation(statement));
    watchCommands(client, server, clientBuffered, rewrite, async (payload, leftover) => {
      server.unpipe(client);
      const clientReader = new PacketReader(client, leftover);
      const serverReader = new PacketReader(server);
      server.resume();
      const change = parseChangeUser(payload, request.capabilities);
      const database = change.database || undefined;
      const login = await checkToken({
        client,
        reader: clientReader,
        request: change,
        sequenceId: 0,
        database,
        scramble,
      });
      if (!login.accepted) return server.destroy();
      controls.changeUsers += 1;
      const characterSet = change.characterSet === undefined ? undefined : backendCollationId(change.characterSet);
      server.write(
        packet(
          0,
          changeUser({ ...change, ...NO_PASSWORD, characterSet }, backendClientCapabilities(request.capabilities)),
        ),
      );
      client.write(withSequenceId(await backendAnswer(serverReader, server), login.next));
      relay({
        client,
        server,
        clientBuffered: clientReader.detach(),
        serverBuffered: serverReader.detach(),
        request,
        scramble,
      });
    });
  }

  const door = await listenOnLoopback(sockets, (socket) => {
    const server = track(backend.connect());
    session(socket, server).catch(() => {
      socket.destroy();
      server.destroy();
    });
  });
  return { ...door, controls };
}

/** MariaDB's answer to a login: its OK or ERR, after answering any AuthSwitchRequest with no password. */
async function backendAnswer(reader, server) {
  for (;;) {
    const answer = await reader.packet();
    if (answer.payload[0] !== AUTH_SWITCH) return answer;
    server.write(packet(answer.sequenceId + 1, NO_PASSWORD.authResponse));
  }
}

/** Commands whose text may name a collation: COM_QUERY, COM_STMT_PREPARE. */
const STATEMENT_COMMANDS = new Set([0x03, 0x16]);
/** Statements up to this size are held until whole, so that `rewrite` sees all of them. */
const REWRITE_LIMIT = 1 << 20;

/**
 * Forwards the client's packets to the server as they come, except a COM_CHANGE_USER (the first
 * packet of a command, sequence id 0), which stops the forwarding and goes to `onChangeUser` with
 * whatever came after it, and a statement (COM_QUERY, COM_STMT_PREPARE) of one packet up to 1 MiB,
 * which goes whole, through `rewrite(payload)` (in place, same length).
 */
function watchCommands(client, server, buffered, rewrite, onChangeUser) {
  let pending = buffered;
  // Bytes of the current packet still to forward: a long packet is not held back until it is whole.
  let inPacket = 0;
  const forward = (bytes) => {
    if (!server.write(bytes)) {
      client.pause();
      server.once("drain", () => client.resume());
    }
  };
  const onData = (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    pump();
  };
  function pump() {
    for (;;) {
      if (inPacket > 0) {
        const length = Math.min(inPacket, pending.length);
        if (length === 0) return;
        forward(pending.subarray(0, length));
        pending = pending.subarray(length);
        inPacket -= length;
        continue;
      }
      if (pending.length < 4) return;
      const length = pending.readUIntLE(0, 3);
      const startsCommand = pending[3] === 0 && length > 0;
      if (startsCommand && pending.length < 5) return;
      if (startsCommand && pending[4] === COM_CHANGE_USER) {
        if (pending.length < 4 + length) return;
        client.off("data", onData);
        const payload = pending.subarray(4, 4 + length);
        onChangeUser(payload, pending.subarray(4 + length)).catch(() => {
          client.destroy();
          server.destroy();
        });
        return;
      }
      if (startsCommand && STATEMENT_COMMANDS.has(pending[4]) && length <= REWRITE_LIMIT) {
        if (pending.length < 4 + length) return;
        const statement = Buffer.from(pending.subarray(0, 4 + length));
        rewrite(statement.subarray(5));
        forward(statement);
        pending = pending.subarray(4 + length);
        continue;
      }
      inPacket = 4 + length;
    }
  }
  client.on("data", onData);
  pump();
}
