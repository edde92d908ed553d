// TDS messages, as far as a login stand-in needs them (MS-TDS 2.2): packet framing, the client
// messages it reads (PRELOGIN, LOGIN7, FEDAUTH_TOKEN, SQL batch, RPC) and the tokens it answers
// with. Integers are little-endian unless MS-TDS says otherwise; strings are UCS-2.

/** Packet types (MS-TDS 2.2.3.1.1). */
export const TYPE = {
  SQL_BATCH: 0x01,
  RPC_REQUEST: 0x03,
  TABULAR_RESULT: 0x04,
  ATTENTION: 0x06,
  FEDAUTH_TOKEN: 0x08,
  TRANSACTION_MANAGER: 0x0e,
  LOGIN7: 0x10,
  PRELOGIN: 0x12,
};

const STATUS_EOM = 0x01;
/** The client asks the server to reset the session before this request (sp_reset_connection). */
const STATUS_RESETCONNECTION = 0x08;
const HEADER_LENGTH = 8;

/** Encryption values in PRELOGIN (2.2.6.5). */
export const ENCRYPTION = { OFF: 0x00, ON: 0x01, NOT_SUP: 0x02, REQ: 0x03 };

/** `payload` as one message of packets no larger than `packetSize` (header included). */
export function frame(type, payload, packetSize = 4096) {
  const room = packetSize - HEADER_LENGTH;
  const packets = [];
  let packetId = 1;
  for (let at = 0; at === 0 || at < payload.length; at += room) {
    const body = payload.subarray(at, at + room);
    const last = at + room >= payload.length;
    const header = Buffer.from([type, last ? STATUS_EOM : 0, 0, 0, 0, 0, packetId++ & 0xff, 0]);
    header.writeUInt16BE(HEADER_LENGTH + body.length, 2);
    packets.push(header, body);
  }
  return Buffer.concat(packets);
}

/**
 * Reads whole messages from a stream: `await reader.next()` → `{ type, reset, payload }`, or
 * undefined once the stream has ended. `first` is data already read from it. A packet that cannot
 * be framed destroys the stream.
 */
export class MessageReader {
  #buffered;
  #packets = [];
  #messages = [];
  #waiting = [];
  #ended = false;
  #detach;

  constructor(stream, first = Buffer.alloc(0)) {
    this.#buffered = first;
    const onData = (chunk) => {
      if (!this.#push(chunk)) stream.destroy();
    };
    const end = () => {
      this.#ended = true;
      for (const resolve of this.#waiting.splice(0)) resolve(undefined);
    };
    stream.on("data", onData);
    stream.once("end", end);
    stream.once("close", end);
    this.#detach = () => {
      stream.off("data", onData);
      stream.off("end", end);
      stream.off("close", end);
      stream.pause();
    };
    if (!this.#push(Buffer.alloc(0))) stream.destroy();
  }

  /**
   * Stops reading the stream, pauses it, and returns the bytes read from it that no message took,
   * for whoever reads it next: TDS 7.x's TLS takes over the socket after PRELOGIN.
   */
  detach() {
    this.#detach();
    return Buffer.concat([...this.#packets.splice(0), this.#buffered]);
  }

  next() {
    if (this.#messages.length > 0) return Promise.resolve(this.#messages.shift());
    if (this.#ended) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Takes in `chunk`; false if a packet cannot be framed. */
  #push(chunk) {
    this.#buffered = this.#buffered.length === 0 ? chunk : Buffer.concat([this.#buffered, chunk]);
    while (this.#buffered.length >= HEADER_LENGTH) {
      const length = this.#buffered.readUInt16BE(2);
      if (length < HEADER_LENGTH) return false;
      if (this.#buffered.length < length) break;
      this.#packets.push(this.#buffered.subarray(0, length));
      this.#buffered = this.#buffered.subarray(length);
      const [type, status] = this.#packets[this.#packets.length - 1];
      if (status & STATUS_EOM || type === TYPE.ATTENTION) {
        const packets = this.#packets.splice(0);
        const message = {
          type: packets[0][0],
          reset: Boolean(packets[0][1] & STATUS_RESETCONNECTION),
          payload: Buffer.concat(packets.map((packet) => packet.subarray(HEADER_LENGTH))),
        };
        const resolve = this.#waiting.shift();
        if (resolve) resolve(message);
        else this.#messages.push(message);
      }
    }
    return true;
  }
}

// ---- Client messages -------------------------------------------------------------------------

/** PRELOGIN options as `Map<token, Buffer>` (2.2.6.5). */
function preloginOptions(payload) {
  const options = new Map();
  for (let at = 0; at < payload.length && payload[at] !== 0xff; at += 5) {
    const offset = payload.readUInt16BE(at + 1);
    options.set(payload[at], payload.subarray(offset, offset + payload.readUInt16BE(at + 3)));
  }
  return options;
}

/** What the client's PRELOGIN asks for: `{ encryption }`. */
export function parsePrelogin(payload) {
  const encryption = preloginOptions(payload).get(0x01);
  return { encryption: encryption?.length ? encryption[0] : ENCRYPTION.OFF };
}

/** The server's PRELOGIN answer: its version, the encryption it settles on, FEDAUTHREQUIRED = 1. */
export function preloginResponse({ encryption }) {
  const options = [
    [0x00, Buffer.from([16, 0, 0x10, 0x4e, 0, 0])], // VERSION 16.0.4174 (a SQL Server 2022 build number)
    [0x01, Buffer.from([encryption])],
    [0x02, Buffer.from([0])], // INSTOPT: no named instance
    [0x03, Buffer.alloc(4)], // THREADID
    [0x04, Buffer.from([0])], // MARS off
    [0x06, Buffer.from([1])], // FEDAUTHREQUIRED
  ];
  const table = Buffer.alloc(options.length * 5 + 1, 0xff);
  let offset = table.length;
  options.forEach(([token, data], i) => {
    table.writeUInt8(token, i * 5);
    table.writeUInt16BE(offset, i * 5 + 1);
    table.writeUInt16BE(data.length, i * 5 + 3);
    offset += data.length;
  });
  return Buffer.concat([table, ...options.map(([, data]) => data)]);
}

const FEATURE = { FEDAUTH: 0x02, TERMINATOR: 0xff };
/** FEDAUTH libraries (2.2.6.4, FeatureExt FEDAUTH: bFedAuthLibrary in the upper 7 bits). */
export const FEDAUTH_LIBRARY = { SECURITYTOKEN: 0x01, ADAL: 0x02 };

function ucs2At(payload, offsetAt) {
  const offset = payload.readUInt16LE(offsetAt);
  const chars = payload.readUInt16LE(offsetAt + 2);
  return payload.toString("ucs2", offset, offset + chars * 2);
}

/**
 * LOGIN7 (2.2.6.4): the TDS version, packet size, database, whether a user name or password was
 * sent, and the FEDAUTH feature: `{ library, echo, workflow?, token? }` (token: SECURITYTOKEN only).
 */
export function parseLogin7(payload) {
  const login = {
    tdsVersion: payload.readUInt32LE(4),
    packetSize: payload.readUInt32LE(8),
    userName: ucs2At(payload, 40),
    hasPassword: payload.readUInt16LE(46) > 0,
    appName: ucs2At(payload, 48),
    database: ucs2At(payload, 68),
    fedAuth: undefined,
  };
  const extensionUsed = payload[27] & 0x10;
  if (extensionUsed && payload.readUInt16LE(58) === 4) {
    let at = payload.readUInt32LE(payload.readUInt16LE(56));
    while (at < payload.length && payload[at] !== FEATURE.TERMINATOR) {
      const id = payload[at];
      const length = payload.readUInt32LE(at + 1);
      const data = payload.subarray(at + 5, at + 5 + length);
      at += 5 + length;
      if (id !== FEATURE.FEDAUTH || data.length === 0) continue;
      const fedAuth = { library: data[0] >> 1, echo: Boolean(data[0] & 1) };
      if (fedAuth.library === FEDAUTH_LIBRARY.ADAL) fedAuth.workflow = data[1];
      if (fedAuth.library === FEDAUTH_LIBRARY.SECURITYTOKEN) {
        fedAuth.token = data.toString("ucs2", 5, 5 + data.readUInt32LE(1));
      }
      login.fedAuth = fedAuth;
    }
  }
  return login;
}

/** FEDAUTH_TOKEN (2.2.6.3): the token the client fetched after FEDAUTHINFO. */
export function parseFedAuthToken(payload) {
  return payload.toString("ucs2", 8, 8 + payload.readUInt32LE(4));
}

/** The ALL_HEADERS block in front of a batch or RPC: its length (it counts itself). */
function afterAllHeaders(payload) {
  return payload.length >= 4 ? payload.readUInt32LE(0) : 0;
}

/** SQL batch (2.2.6.7): the SQL text. */
export function parseSqlBatch(payload) {
  return payload.toString("ucs2", afterAllHeaders(payload));
}

const PROC_ID = { 10: "sp_executesql" };

/**
 * RPC request (2.2.6.6): the procedure's name and its first parameter's value when that is an
 * NVARCHAR (sp_executesql's statement). Other parameters are not read.
 */
export function parseRpc(payload) {
  let at = afterAllHeaders(payload);
  const nameLength = payload.readUInt16LE(at);
  at += 2;
  let procedure;
  if (nameLength === 0xffff) {
    procedure = PROC_ID[payload.readUInt16LE(at)] ?? `procedure #${payload.readUInt16LE(at)}`;
    at += 2;
  } else {
    procedure = payload.toString("ucs2", at, at + nameLength * 2);
    at += nameLength * 2;
  }
  at += 2; // option flags
  if (at >= payload.length) return { procedure, statement: undefined };
  at += 1 + payload[at] * 2 + 1; // parameter name, status flags
  if (payload[at] !== 0xe7) return { procedure, statement: undefined };
  const maxLength = payload.readUInt16LE(at + 1);
  at += 1 + 2 + 5; // type, max length, collation
  if (maxLength !== 0xffff) {
    const length = payload.readUInt16LE(at);
    return { procedure, statement: length === 0xffff ? undefined : payload.toString("ucs2", at + 2, at + 2 + length) };
  }
  // nvarchar(max): PLP, an 8-byte total length then chunks of (4-byte length, data) up to a 0.
  at += 8;
  const chunks = [];
  for (let length = payload.readUInt32LE(at); length > 0; length = payload.readUInt32LE(at)) {
    chunks.push(payload.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return { procedure, statement: Buffer.concat(chunks).toString("ucs2") };
}

// ---- Server tokens (2.2.7) -------------------------------------------------------------------

const bVarChar = (text) => Buffer.concat([Buffer.from([text.length]), Buffer.from(text, "ucs2")]);
function usVarChar(text) {
  const length = Buffer.alloc(2);
  length.writeUInt16LE(text.length);
  return Buffer.concat([length, Buffer.from(text, "ucs2")]);
}

/** A token with a 2-byte length in front of its body. */
function withLength16(tokenType, body) {
  const header = Buffer.alloc(3);
  header.writeUInt8(tokenType, 0);
  header.writeUInt16LE(body.length, 1);
  return Buffer.concat([header, body]);
}

/** FEDAUTHINFO (0xEE): where to get a token (STS URL) and for which resource (SPN). */
export function fedAuthInfo({ stsUrl, spn }) {
  const values = [
    [0x01, Buffer.from(stsUrl, "ucs2")],
    [0x02, Buffer.from(spn, "ucs2")],
  ];
  const table = Buffer.alloc(4 + values.length * 9);
  table.writeUInt32LE(values.length, 0);
  let offset = table.length;
  values.forEach(([id, value], i) => {
    table.writeUInt8(id, 4 + i * 9);
    table.writeUInt32LE(value.length, 5 + i * 9);
    table.writeUInt32LE(offset, 9 + i * 9);
    offset += value.length;
  });
  const body = Buffer.concat([table, ...values.map(([, value]) => value)]);
  const header = Buffer.alloc(5);
  header.writeUInt8(0xee, 0);
  header.writeUInt32LE(body.length, 1);
  return Buffer.concat([header, body]);
}

/** TDS 7.4, the version a LOGINACK names. */
export const TDS_7_4 = 0x74000004;

/** LOGINACK (0xAD): T-SQL interface, the TDS version (big-endian), the server's name and version. */
export function loginAck(tdsVersion) {
  const version = Buffer.alloc(4);
  version.writeUInt32BE(tdsVersion);
  return withLength16(
    0xad,
    Buffer.concat([Buffer.from([1]), version, bVarChar("Microsoft SQL Server"), Buffer.from([16, 0, 0x10, 0x4e])]),
  );
}

/** FEATUREEXTACK (0xAE) for FEDAUTH, with no data (the ADAL and SECURITYTOKEN workflows). */
export function fedAuthAck() {
  return Buffer.from([0xae, FEATURE.FEDAUTH, 0, 0, 0, 0, FEATURE.TERMINATOR]);
}

/** SQL_Latin1_General_CP1_CI_AS, the collation Azure SQL databases get by default. */
const COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

/** ENVCHANGE (0xE3): `type` 1 database, 4 packet size (text values); 7 collation, 18 reset (bytes). */
export function envChange(type, newValue, oldValue) {
  if (typeof newValue === "string") {
    return withLength16(0xe3, Buffer.concat([Buffer.from([type]), bVarChar(newValue), bVarChar(oldValue ?? "")]));
  }
  const bytes = (value = Buffer.alloc(0)) => Buffer.concat([Buffer.from([value.length]), value]);
  return withLength16(0xe3, Buffer.concat([Buffer.from([type]), bytes(newValue), bytes(oldValue)]));
}
export const ENV = { DATABASE: 1, PACKET_SIZE: 4, COLLATION: 7, RESET_CONNECTION: 18 };
export const collationChange = () => envChange(ENV.COLLATION, COLLATION);

/** ERROR (0xAA) or INFO (0xAB): number, state, severity class, message, server name. */
export function message({ number, state = 1, severity, text, serverName = "", info = false }) {
  const fixed = Buffer.alloc(6);
  fixed.writeUInt32LE(number, 0);
  fixed.writeUInt8(state, 4);
  fixed.writeUInt8(severity, 5);
  const line = Buffer.alloc(4);
  line.writeUInt32LE(1);
  return withLength16(
    info ? 0xab : 0xaa,
    Buffer.concat([fixed, usVarChar(text), bVarChar(serverName), bVarChar(""), line]),
  );
}

export const DONE_STATUS = { FINAL: 0x00, MORE: 0x01, ERROR: 0x02, COUNT: 0x10, ATTENTION: 0x20 };
const DONE_TOKEN = { done: 0xfd, doneProc: 0xfe, doneInProc: 0xff };

/** DONE (0xFD), DONEPROC (0xFE) or DONEINPROC (0xFF): status, current command, row count. */
export function done({ kind = "done", status = DONE_STATUS.FINAL, rowCount = 0 } = {}) {
  const body = Buffer.alloc(13);
  body.writeUInt8(DONE_TOKEN[kind], 0);
  body.writeUInt16LE(status, 1);
  body.writeUInt16LE(0xc1, 3); // SELECT
  body.writeBigUInt64LE(BigInt(rowCount), 5);
  return body;
}

/** RETURNSTATUS (0x79): a procedure's return value. */
export function returnStatus(value = 0) {
  const body = Buffer.alloc(5);
  body.writeUInt8(0x79, 0);
  body.writeInt32LE(value, 1);
  return body;
}

/**
 * COLMETADATA (0x81) then one ROW (0xD1): `columns` of `{ name, value }`, each value an integer
 * (INT) or a string (NVARCHAR(4000)).
 */
export function resultSet(columns) {
  const count = Buffer.alloc(3);
  count.writeUInt8(0x81, 0);
  count.writeUInt16LE(columns.length, 1);
  const metadata = columns.map(({ name, value }) => {
    const fixed = Buffer.alloc(6); // user type (4), flags (2): nullable
    fixed.writeUInt16LE(0x0001, 4);
    const type =
      typeof value === "number"
        ? Buffer.from([0x38]) // INT4
        : Buffer.concat([Buffer.from([0xe7, 0x40, 0x1f]), COLLATION]); // NVARCHAR(4000): 8000 bytes
    return Buffer.concat([fixed, type, bVarChar(name)]);
  });
  const values = columns.map(({ value }) => {
    if (typeof value === "number") {
      const int = Buffer.alloc(4);
      int.writeInt32LE(value);
      return int;
    }
    return nvarcharValue(value);
  });
  return Buffer.concat([count, ...metadata, Buffer.from([0xd1]), ...values]);
}

function nvarcharValue(text) {
  const data = Buffer.from(text, "ucs2");
  const length = Buffer.alloc(2);
  length.writeUInt16LE(data.length);
  return Buffer.concat([length, data]);
}
