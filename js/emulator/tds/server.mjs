// The SQL Server front door: what Azure SQL Database does up to and around login. It serves both
// ways TDS is encrypted (encryption.mjs): TDS 8 (`encrypt: "strict"`: TLS from the first byte) and
// TDS 7.x (`encrypt: true`, tedious' and mssql's default: PRELOGIN in clear text, then TLS inside
// PRELOGIN packets); a client that cannot encrypt is refused, as Azure SQL refuses it. PRELOGIN
// says FEDAUTHREQUIRED; LOGIN7's FEDAUTH feature asks for the ADAL workflow, so the server answers
// FEDAUTHINFO (STS URL and SPN) and reads the FEDAUTH_TOKEN the client fetched; the token is checked
// as the other front doors check it (login-check.mjs) and the principal against the database's
// users; then LOGINACK, or error 18456. After login it counts RESETCONNECTION requests, answers the
// few queries in queries.mjs, and can re-validate sessions as Azure does: a session whose token has
// expired stays open but answers every request with error 37396 until the client logs in again.
// The fault `declineTls` plays a man in the middle who answers PRELOGIN "encryption not supported".
import { once } from "node:events";
import { recordRejection, verifyToken } from "../login-check.mjs";
import { createSocketSet, listenOnLoopback } from "../loopback-server.mjs";
import { answer } from "./queries.mjs";
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
  preloginResponse,
  resultSet,
  returnStatus,
  TDS_7_4,
} from "./messages.mjs";

const TLS_HANDSHAKE = 0x16;
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
 * `users` the principals (role names) and groups that are users of `database`.
 */
export async function startSqlServerFrontDoor({ tokens, directory, groups, users, database, tenantId, tls }) {
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

  /** TDS 8: TLS from the first byte (`first`), then PRELOGIN inside it. */
  async function serveStrict(socket, first) {
    // A door that declines TLS has none to offer a client that starts with it.
    if (controls.declineTls) return socket.destroy();
    const stream = tlsFromFirstByte(socket, first, tls.secureContext);
    stream.on("error", () => socket.destroy());
    const reader = new MessageReader(stream);
    await once(stream, "secure");
    const prelogin = await reader.next();
    if (prelogin?.type !== TYPE.PRELOGIN) return socket.destroy();
    // The session is encrypted already; the PRELOGIN option has nothing left to settle.
    stream.write(frame(TYPE.TABULAR_RESULT, preloginResponse({ encryption: ENCRYPTION.NOT_SUP })));
    return serveSession(stream, reader, true);
  }

  /**
   * TDS 7.x: PRELOGIN in clear text (`first` is its start), then TLS inside PRELOGIN packets, as
   * Azure SQL does, or, with `declineTls`, no TLS at all, as a man in the middle can make it.
   */
  async function servePrelogin(socket, first) {
    const reader = new MessageReader(socket, first);
    socket.resume();
    const prelogin = await reader.next();
    if (prelogin?.type !== TYPE.PRELOGIN) return socket.destroy();
    const asked = parsePrelogin(prelogin.payload).encryption;
    const answer = controls.declineTls ? ENCRYPTION.NOT_SUP : encryptionRequired(asked);
    socket.write(frame(TYPE.TABULAR_RESULT, preloginResponse({ encryption: answer })));
    if (controls.declineTls) return serveSession(socket, reader, false);
    if (asked === ENCRYPTION.NOT_SUP) return socket.end();
    const stream = tlsInsidePrelogin(socket, preloginContext, reader.detach());
    stream.on("error", () => socket.destroy());
    const tlsReader = new MessageReader(stream);
    await once(stream, "secure");
    return serveSession(stream, tlsReader, true);
  }

  /** LOGIN7 and everything after, on `stream` (TLS, unless `encrypted` is false), read by `reader`. */
  async function serveSession(stream, reader, encrypted) {
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
    let token;
    if (login.fedAuth?.library === FEDAUTH_LIBRARY.SECURITYTOKEN) {
      token = login.fedAuth.token;
    } else if (login.fedAuth?.library === FEDAUTH_LIBRARY.ADAL) {
      send(fedAuthInfo({ stsUrl: `https://login.microsoftonline.com/${tenantId}/`, spn: SQL_SPN }));
      const reply = await reader.next();
      if (reply?.type !== TYPE.FEDAUTH_TOKEN) return stream.destroy();
      token = parseFedAuthToken(reply.payload);
    } else {
      const text = `Login failed for user '${login.userName}'. Reason: Azure Active Directory only authentication is enabled. Please contact your system administrator.`;
      return refuse([LOGIN_FAILED, text], login.userName, "not an Entra ID login (SQL or NTLM authentication)");
    }

    if (!encrypted) controls.clearTextTokens += 1;
    const outcome = await authenticate(login, token);
    if (outcome.error) return refuse(outcome.error, outcome.principal, outcome.reason);
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
      const prefix = [];
      if (request.reset) {
        controls.resets += 1;
        session.resets += 1;
        prefix.push(envChange(ENV.RESET_CONNECTION, Buffer.alloc(0)));
      }
      session.requests += 1;
      controls.requests += 1;
      const rpc = request.type === TYPE.RPC_REQUEST;
      const finish = (status, rowCount = 0) =>
        rpc
          ? Buffer.concat([returnStatus(0), done({ kind: "doneProc", status, rowCount })])
          : done({ status, rowCount });
      if (session.expired) {
        controls.failedRequests += 1;
        const text =
          "Query cannot be executed, access token is expired. Please login with a new access token and execute query again.";
        send(
          Buffer.concat([
            ...prefix,
            message({ number: TOKEN_EXPIRED_IN_SESSION, severity: 14, text }),
            finish(DONE_STATUS.ERROR),
          ]),
        );
        continue;
      }
      let sql;
      if (request.type === TYPE.SQL_BATCH) sql = parseSqlBatch(request.payload);
      else if (rpc) sql = parseRpc(request.payload).statement;
      const result =
        request.type === TYPE.TRANSACTION_MANAGER
          ? {
              error: {
                number: 50000,
                text: "The entra-db-auth emulator does not run transactions: it is a login stand-in, not a database",
              },
            }
          : answer(sql, session);
      if (result.error) {
        controls.failedRequests += 1;
        const error = message({ number: result.error.number, severity: 16, text: result.error.text });
        send(Buffer.concat([...prefix, error, finish(DONE_STATUS.ERROR)]));
      } else if (result.done) {
        send(Buffer.concat([...prefix, finish(DONE_STATUS.FINAL)]));
      } else {
        const rows = resultSet(result.columns);
        const end = rpc
          ? done({ kind: "doneInProc", status: DONE_STATUS.COUNT | DONE_STATUS.MORE, rowCount: 1 })
          : done({ status: DONE_STATUS.COUNT, rowCount: 1 });
        send(Buffer.concat([...prefix, rows, end, ...(rpc ? [finish(DONE_STATUS.FINAL)] : [])]));
      }
    }
  }

  async function serve(socket) {
    const first = await firstChunk(socket);
    if (!first) return undefined;
    return first[0] === TLS_HANDSHAKE ? serveStrict(socket, first) : servePrelogin(socket, first);
  }

  const door = await listenOnLoopback(sockets, (socket) => serve(socket).catch(() => socket.destroy()));
  return {
    ...door,
    controls,
    async close() {
      clearInterval(revalidateTimer);
      await door.close();
    },
  };
}
