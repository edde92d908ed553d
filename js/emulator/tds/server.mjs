// The SQL Server front door: what Azure SQL Database does up to and around login. It serves both
// ways TDS is encrypted (encryption.mjs): TDS 8 (`encrypt: "strict"`: TLS from the first byte) and
// TDS 7.x (`encrypt: true`, tedious' and mssql's default: PRELOGIN in clear text, then TLS inside
// PRELOGIN packets); a client that cannot encrypt is refused, as Azure SQL refuses it. PRELOGIN
// answers FEDAUTHREQUIRED to a client that asked for it; LOGIN7's FEDAUTH feature asks for the ADAL
// workflow, so the server answers FEDAUTHINFO (STS URL and SPN) and reads the FEDAUTH_TOKEN the
// client fetched; the token is checked as the other front doors check it (login-check.mjs) and the
// principal against the database's users; then LOGINACK, or error 18456 (a SQL login gets Azure's
// Entra-only text). With the Redirect policy a gateway port answers a valid login with a routing
// ENVCHANGE to a worker port, where the client logs in again. After login it answers the few
// queries in queries.mjs as batches or as RPCs with parameters (procedures.mjs), Transaction
// Manager requests (transactions.mjs), counts RESETCONNECTION requests, and can re-validate
// sessions as Azure does: a session whose token has expired stays open but answers every request
// with error 37396 until the client logs in again. A packet that is no TDS ends the connection.
// The fault `declineTls` plays a man in the middle who answers PRELOGIN "encryption not supported".
import { once } from "node:events";
import { recordRejection, verifyToken } from "../login-check.mjs";
import { createSocketSet, listenOnLoopback } from "../loopback-server.mjs";
import { answer } from "./queries.mjs";
import { rpcResponse } from "./procedures.mjs";
import { rollbackOnReset, transactionResponse } from "./transactions.mjs";
import { preloginSecureContext, tlsFromFirstByte, tlsInsidePrelogin } from "./encryption.mjs";
import {
  DONE_STATUS,
  ENCRYPTION,
  ENV,
  FEDAUTH_LIBRARY,
  MessageReader,
  TYPE,
  collationChange,
  done,
  envChange,
  fedAuthAck,
  fedAuthInfo,
  frame,
  loginAck,
  message,
  parseFedAuthToken,
  parseLogin7,
  parsePrelogin,
  parseRpc,
  parseSqlBatch,
  parseTransactionManager,
  preloginResponse,
  resultSet,
  returnStatus,
  routingChange,
  TDS_7_4,
} from "./messages.mjs";

const TLS_HANDSHAKE = 0x16;
/** What a logged-in session takes (besides ATTENTION). */
const SESSION_REQUESTS = new Set([TYPE.SQL_BATCH, TYPE.RPC_REQUEST, TYPE.TRANSACTION_MANAGER]);
/** Azure SQL's SPN: clients ask Entra ID for `${SPN}.default`. */
export const SQL_SPN = "https://database.windows.net/";
const LOGIN_FAILED = 18456;
/** Azure SQL's error when a session's token has expired ("Query cannot be executed, …"). */
export const TOKEN_EXPIRED_IN_SESSION = 37396;

/**
 * The ENCRYPTION a server that requires encryption answers in PRELOGIN (MS-TDS 2.2.6.5, a server
 * set to ENCRYPT_ON, which Azure SQL Database is): ON to a client that offers encryption (ON, REQ);
 * REQ to one that can encrypt but does not ask (OFF), which must then encrypt the whole session;
 * REQ to one that cannot (NOT_SUP), and the connection is closed: no login without encryption.
 */
function encryptionRequired(asked) {
  return asked === ENCRYPTION.ON || asked === ENCRYPTION.REQ ? ENCRYPTION.ON : ENCRYPTION.REQ;
}

function firstChunk(socket) {
  return new Promise((resolve) => {
    const onData = (chunk) => {
      socket.pause();
      socket.off("close", onClose);
      resolve(chunk);
    };
    const onClose = () => {
      socket.off("data", onData);
      resolve(undefined);
    };
    socket.once("data", onData);
    socket.once("close", onClose);
  });
}

/**
 * Listens on 127.0.0.1 (a free port). `tls` is the leaf certificate from the run's CA;
 * `users` the principals (role names) and groups that are users of `database`. With `redirect`
 * (Azure's Redirect connection policy: true, or `{ host }`) the port is a gateway that routes each
 * valid login to a second port, the worker, where the client logs in again; the routing names the
 * worker by `host` (default 127.0.0.1), so that a test can route to an Azure-like name that its
 * connector maps to the worker.
 */
export async function startSqlServerFrontDoor({
  tokens,
  directory,
  groups,
  users,
  database,
  tenantId,
  tls,
  redirect = false,
}) {
  const audience = SQL_SPN;
  const sessions = new Set();
  const sockets = createSocketSet();
  let revalidateTimer;
  let revalidateMs = 0;
  let lastSessionId = 0;
  let declineTls = false;
  const preloginContext = preloginSecureContext(tls);

  const controls = {
    /** Logins accepted and refused (18456), and the last few refusals, newest last: `{ at, principal, reason }`. */
    accepted: 0,
    rejected: 0,
    lastRejections: [],
    /** Requests that carried RESETCONNECTION (the status bit tedious sets after `connection.reset()`). */
    resets: 0,
    /** Batches and RPCs answered, and those answered with an error. */
    requests: 0,
    failedRequests: 0,
    /** Sessions closed by killSessions(). */
    killed: 0,
    /** Valid logins the gateway routed to the worker (Redirect policy only; the worker's count in `accepted`). */
    redirects: 0,
    /**
     * Tokens that reached the door without encryption (only possible while `declineTls` is on):
     * counted, never kept.
     */
    clearTextTokens: 0,
    /**
     * A man in the middle (false: off, the default): PRELOGIN is answered ENCRYPT_NOT_SUP and the
     * session goes on in clear text, which tedious with `encrypt: true` accepts; a TDS 8 client,
     * which starts with TLS, is disconnected.
     */
    get declineTls() {
      return declineTls;
    },
    set declineTls(value) {
      if (typeof value !== "boolean") throw new TypeError("declineTls must be true or false");
      declineTls = value;
    },
    /** Live sessions: `{ id, login, database, expiresAt, resets, requests }`. */
    get sessions() {
      return [...sessions].map(({ id, login, database: db, expiresAt, resets, requests }) => ({
        id,
        login,
        database: db,
        expiresAt,
        resets,
        requests,
      }));
    },
    /** Re-validate live sessions every `ms` (0: never, the default), as Azure does about every 10 hours. */
    get revalidateSessionsMs() {
      return revalidateMs;
    },
    set revalidateSessionsMs(ms) {
      if (!(Number.isInteger(ms) && ms >= 0)) throw new TypeError("revalidateSessionsMs must be a whole number ≥ 0");
      clearInterval(revalidateTimer);
      revalidateMs = ms;
      if (ms > 0) revalidateTimer = setInterval(() => controls.revalidateNow(), ms).unref();
    },
    /** Marks every session whose token has expired: from now on it answers 37396. Returns how many. */
    revalidateNow() {
      const now = Date.now();
      let marked = 0;
      for (const session of sessions) {
        if (!session.expired && session.expiresAt <= now) {
          session.expired = true;
          marked += 1;
        }
      }
      return marked;
    },
    /** Marks every live session as failing re-validation, whatever its token. Returns how many. */
    expireSessions() {
      for (const session of sessions) session.expired = true;
      return sessions.size;
    },
    /** Closes every live session at once, like KILL or a failover. Returns how many. */
    killSessions() {
      const count = sessions.size;
      for (const session of [...sessions]) kill(session);
      return count;
    },
    reset() {
      Object.assign(controls, {
        accepted: 0,
        rejected: 0,
        resets: 0,
        requests: 0,
        failedRequests: 0,
        killed: 0,
        redirects: 0,
        clearTextTokens: 0,
      });
      controls.lastRejections.length = 0;
    },
  };

  function kill(session) {
    sessions.delete(session);
    controls.killed += 1;
    session.socket.destroy();
  }

  function isUser(role) {
    return (
      users.has(role) || Object.entries(groups).some(([group, members]) => users.has(group) && members.includes(role))
    );
  }

  /** The login's outcome: `{ session }`, or `{ error: [number, text], principal, reason }`. */
  async function authenticate(login, token) {
    const checked = await verifyToken(tokens, token, { audience, directory });
    const failed = (reason, suffix = "") => ({
      error: [LOGIN_FAILED, `Login failed for user '<token-identified principal>'.${suffix}`],
      principal: checked.role,
      reason,
    });
    if (checked.reason) return failed(checked.reason, checked.expired ? " Token is expired." : "");
    if (!checked.role) return failed("token names no principal");
    if (!isUser(checked.role)) {
      return failed(
        `principal "${checked.role}" is not a user of database "${database}" (CREATE USER [${checked.role}] FROM EXTERNAL PROVIDER)`,
      );
    }
    const db = login.database || database;
    if (db !== database && db.toLowerCase() !== "master") {
      return {
        error: [4060, `Cannot open database "${db}" requested by the login. The login failed.`],
        principal: checked.role,
        reason: `no database "${db}" (this server has "${database}")`,
      };
    }
    return { session: { login: checked.role, database: db, expiresAt: checked.claims.exp * 1000 } };
  }

  /** TDS 8: TLS from the first byte (`first`), then PRELOGIN inside it. `role`: see serveSession. */
  async function serveStrict(socket, first, role) {
    // A door that declines TLS has none to offer a client that starts with it.
    if (controls.declineTls) return socket.destroy();
    const stream = tlsFromFirstByte(socket, first, tls.secureContext);
    stream.on("error", () => socket.destroy());
    const reader = new MessageReader(stream);
    await once(stream, "secure");
    const prelogin = await reader.next();
    if (prelogin?.type !== TYPE.PRELOGIN) return socket.destroy();
    const { fedAuthRequired } = parsePrelogin(prelogin.payload);
    // The session is encrypted already; the PRELOGIN option has nothing left to settle.
    stream.write(frame(TYPE.TABULAR_RESULT, preloginResponse({ encryption: ENCRYPTION.NOT_SUP, fedAuthRequired })));
    return serveSession(stream, reader, { encrypted: true, fedAuthRequired, role });
  }

  /**
   * TDS 7.x: PRELOGIN in clear text (`first` is its start), then TLS inside PRELOGIN packets, as
   * Azure SQL does, or, with `declineTls`, no TLS at all, as a man in the middle can make it.
   */
  async function servePrelogin(socket, first, role) {
    const reader = new MessageReader(socket, first);
    socket.resume();
    const prelogin = await reader.next();
    if (prelogin?.type !== TYPE.PRELOGIN) return socket.destroy();
    const { encryption: asked, fedAuthRequired } = parsePrelogin(prelogin.payload);
    const answer = controls.declineTls ? ENCRYPTION.NOT_SUP : encryptionRequired(asked);
    socket.write(frame(TYPE.TABULAR_RESULT, preloginResponse({ encryption: answer, fedAuthRequired })));
    if (controls.declineTls) return serveSession(socket, reader, { encrypted: false, fedAuthRequired, role });
    if (asked === ENCRYPTION.NOT_SUP) return socket.end();
    const stream = tlsInsidePrelogin(socket, preloginContext, reader.detach());
    stream.on("error", () => socket.destroy());
    const tlsReader = new MessageReader(stream);
    await once(stream, "secure");
    return serveSession(stream, tlsReader, { encrypted: true, fedAuthRequired, role });
  }

  /**
   * LOGIN7 and everything after, on `stream` (TLS, unless `encrypted` is false), read by `reader`.
   * `fedAuthRequired`: the PRELOGIN answer carried FEDAUTHREQUIRED. `role`: "gateway" (with the
   * Redirect policy: a valid login is routed to the worker, as Azure's gateway routes it) or
   * "worker" (the session itself; without the policy the one port is both).
   */
  async function serveSession(stream, reader, { encrypted, fedAuthRequired, role }) {
    let packetSize = 4096;
    const send = (payload) => stream.write(frame(TYPE.TABULAR_RESULT, payload, packetSize));

    const loginMessage = await reader.next();
    if (loginMessage?.type !== TYPE.LOGIN7) return stream.destroy();
    const login = parseLogin7(loginMessage.payload);
    packetSize = Math.min(Math.max(login.packetSize || 4096, 512), 32767);
    const refuse = ([number, text], principal, reason) => {
      recordRejection(controls, { principal, reason });
      send(Buffer.concat([message({ number, state: 1, severity: 14, text }), done({ status: DONE_STATUS.ERROR })]));
      stream.end();
    };
    if (login.fedAuth && login.fedAuth.echo !== fedAuthRequired) {
      // MS-TDS (the server's checks of a LOGIN7 with FEDAUTH): fFedAuthEcho must say what this server's PRELOGIN answered.
      const text = `Login failed for user '${login.userName}'.`;
      return refuse([LOGIN_FAILED, text], login.userName, "LOGIN7's fFedAuthEcho does not match the PRELOGIN answer");
    }
    let token;
    if (login.fedAuth?.library === FEDAUTH_LIBRARY.SECURITYTOKEN) {
      token = login.fedAuth.token;
    } else if (login.fedAuth?.library === FEDAUTH_LIBRARY.ADAL) {
      send(fedAuthInfo({ stsUrl: `https://login.microsoftonline.com/${tenantId}/`, spn: SQL_SPN }));
      const reply = await reader.next();
      if (reply?.type !== TYPE.FEDAUTH_TOKEN) return stream.destroy();
      token = parseFedAuthToken(reply.payload);
    } else {
      // Azure SQL's words for a SQL (or NTLM) login on a server with Microsoft Entra-only
      // authentication (learn.microsoft.com, authentication-azure-ad-only-authentication-tutorial).
      const text = `Login failed for user '${login.userName}'. Reason: Azure Active Directory only authentication is enabled. Please contact your system administrator.`;
      return refuse([LOGIN_FAILED, text], login.userName, "not an Entra ID login (SQL or NTLM authentication)");
    }

    if (!encrypted) controls.clearTextTokens += 1;
    const outcome = await authenticate(login, token);
    if (outcome.error) return refuse(outcome.error, outcome.principal, outcome.reason);
    if (role === "gateway") {
      // The Redirect policy: LOGINACK, then where to log in again (MS-TDS 2.2.7.9: routing comes
      // after LOGINACK), then the gateway hangs up; the worker checks the token once more.
      controls.redirects += 1;
      send(Buffer.concat([loginAck(TDS_7_4), fedAuthAck(), routingChange(workerAddress), done()]));
      return stream.end();
    }
    controls.accepted += 1;
    const session = {
      id: ++lastSessionId,
      socket: stream,
      resets: 0,
      requests: 0,
      expired: false,
      ...outcome.session,
    };
    sessions.add(session);
    stream.once("close", () => sessions.delete(session));
    send(
      Buffer.concat([
        envChange(ENV.DATABASE, session.database, "master"),
        message({ number: 5701, severity: 0, text: `Changed database context to '${session.database}'.`, info: true }),
        collationChange(),
        loginAck(TDS_7_4),
        fedAuthAck(),
        envChange(ENV.PACKET_SIZE, String(packetSize), "4096"),
        done(),
      ]),
    );

    for (let request = await reader.next(); request; request = await reader.next()) {
      if (request.type === TYPE.ATTENTION) {
        send(done({ status: DONE_STATUS.ATTENTION }));
        continue;
      }
      if (!SESSION_REQUESTS.has(request.type)) {
        // A login message again, or a bulk load: nothing a session here answers. SQL Server ends
        // the connection on a message it cannot take, and so does the door.
        return stream.destroy();
      }
      const prefix = [];
      if (request.reset) {
        controls.resets += 1;
        session.resets += 1;
        prefix.push(envChange(ENV.RESET_CONNECTION, Buffer.alloc(0)), ...rollbackOnReset(session));
      }
      session.requests += 1;
      controls.requests += 1;
      const response = session.expired ? expiredResponse(request.type) : respond(session, request);
      if (response.failed) controls.failedRequests += 1;
      send(Buffer.concat([...prefix, response.tokens]));
    }
  }

  /** What a session whose token failed re-validation answers every request with. */
  function expiredResponse(type) {
    const text =
      "Query cannot be executed, access token is expired. Please login with a new access token and execute query again.";
    const error = message({ number: TOKEN_EXPIRED_IN_SESSION, severity: 14, text });
    const end =
      type === TYPE.RPC_REQUEST
        ? Buffer.concat([returnStatus(0), done({ kind: "doneProc", status: DONE_STATUS.ERROR })])
        : done({ status: DONE_STATUS.ERROR });
    return { tokens: Buffer.concat([error, end]), failed: true };
  }

  /** The answer to one batch, RPC or Transaction Manager request: `{ tokens, failed }`. */
  function respond(session, request) {
    if (request.type === TYPE.TRANSACTION_MANAGER) {
      return transactionResponse(session, parseTransactionManager(request.payload));
    }
    if (request.type === TYPE.RPC_REQUEST) return rpcResponse(session, parseRpc(request.payload));
    const result = answer(parseSqlBatch(request.payload), session);
    if (result.error) {
      const error = message({ number: result.error.number, severity: 16, text: result.error.text });
      return { tokens: Buffer.concat([error, done({ status: DONE_STATUS.ERROR })]), failed: true };
    }
    if (result.done) return { tokens: done(), failed: false };
    const rows = resultSet(result.columns);
    return { tokens: Buffer.concat([rows, done({ status: DONE_STATUS.COUNT, rowCount: 1 })]), failed: false };
  }

  async function serve(socket, role) {
    const first = await firstChunk(socket);
    if (!first) return undefined;
    return first[0] === TLS_HANDSHAKE ? serveStrict(socket, first, role) : servePrelogin(socket, first, role);
  }
  const listenAs = (role) => listenOnLoopback(sockets, (socket) => serve(socket, role).catch(() => socket.destroy()));

  // With the Redirect policy the worker listens first, so that the gateway knows where to route.
  const worker = redirect ? await listenAs("worker") : undefined;
  const workerAddress = worker && { server: redirect.host ?? worker.host, port: worker.port };
  const door = await listenAs(redirect ? "gateway" : "worker");
  /** With the Redirect policy, the worker's port (the gateway's is the door's own `port`). */
  controls.workerPort = worker?.port;
  return {
    ...door,
    controls,
    async close() {
      clearInterval(revalidateTimer);
      await Promise.all([door.close(), worker?.close()]);
    },
  };
}
