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
/** The largest packet TDS allows (2.2.6.4, PacketSize; ENVCHANGE type 4). */
const MAX_PACKET_LENGTH = 32767;
/** Every packet type MS-TDS 2.2.3.1.1 names, and the status bits 2.2.3.1.2 defines. */
const KNOWN_TYPES = new Set([0x01, 0x02, 0x03, 0x04, 0x06, 0x07, 0x08, 0x0e, 0x0f, 0x10, 0x11, 0x12]);
const KNOWN_STATUS = 0x1f;
/** A message no login stand-in needs: larger is taken for garbage (a client streaming a bulk load). */
const MAX_MESSAGE_LENGTH = 4 * 1024 * 1024;

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
 * be framed, or whose header is no TDS header (an unknown type or status bit, a length out of
 * 8…32767), destroys the stream as soon as its 8 header bytes are in: garbage ends the connection
 * at once, as SQL Server ends it, instead of waiting for a length that will never arrive.
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
      const [type, status] = this.#buffered;
      if (length < HEADER_LENGTH || length > MAX_PACKET_LENGTH) return false;
      if (!KNOWN_TYPES.has(type) || status & ~KNOWN_STATUS) return false;
      if (this.#packets.reduce((sum, packet) => sum + packet.length, length) > MAX_MESSAGE_LENGTH) return false;
      if (this.#buffered.length < length) break;
      this.#packets.push(this.#buffered.subarray(0, length));
      this.#buffered = this.#buffered.subarray(length);
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

const OPTION = { ENCRYPTION: 0x01, FEDAUTHREQUIRED: 0x06 };

/**
 * What the client's PRELOGIN asks for: `{ encryption, fedAuthRequired }`; fedAuthRequired is true
 * when it sent FEDAUTHREQUIRED = 1 (a client that may log in with a federated token).
 */
export function parsePrelogin(payload) {
  const options = preloginOptions(payload);
  const encryption = options.get(OPTION.ENCRYPTION);
  return {
    encryption: encryption?.length ? encryption[0] : ENCRYPTION.OFF,
    fedAuthRequired: options.get(OPTION.FEDAUTHREQUIRED)?.[0] === 1,
  };
}

/**
 * The server's PRELOGIN answer: its version, the encryption it settles on and, when
 * `fedAuthRequired`, FEDAUTHREQUIRED = 1: the front door sends it only to a client whose PRELOGIN
 * carried it (tedious always does; ODBC only for an Entra ID login), since a SQL-login client that
 * gets it unasked gives up before LOGIN7. LOGIN7's fFedAuthEcho must then match it (MS-TDS, the server's checks of a LOGIN7 with FEDAUTH).
 */
export function preloginResponse({ encryption, fedAuthRequired = true }) {
  const options = [
    [0x00, Buffer.from([16, 0, 0x10, 0x4e, 0, 0])], // VERSION 16.0.4174 (a SQL Server 2022 build number)
    [OPTION.ENCRYPTION, Buffer.from([encryption])],
    [0x02, Buffer.from([0])], // INSTOPT: no named instance
    [0x03, Buffer.alloc(4)], // THREADID
    [0x04, Buffer.from([0])], // MARS off
    ...(fedAuthRequired ? [[OPTION.FEDAUTHREQUIRED, Buffer.from([1])]] : []),
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

/** TM_* request types (2.2.6.9) and what each carries after the type. */
export const TM = { GET_DTC_ADDRESS: 0, PROPAGATE: 1, BEGIN: 5, PROMOTE: 6, COMMIT: 7, ROLLBACK: 8, SAVE: 9 };

/**
 * Transaction Manager request (2.2.6.9): `{ request, isolationLevel?, name?, beginNew? }`. BEGIN
 * carries an isolation level and a name; COMMIT and ROLLBACK a name and flags whose bit 0
 * (fBeginXact) asks for a new transaction at once, with its own isolation level and name (what a
 * client with autocommit off sends); SAVE a name.
 */
export function parseTransactionManager(payload) {
  let at = afterAllHeaders(payload);
  const request = payload.readUInt16LE(at);
  at += 2;
  // A transaction's name: a byte length (in bytes, not characters), then UCS-2.
  const readName = () => {
    const length = payload[at];
    const text = payload.toString("ucs2", at + 1, at + 1 + length);
    at += 1 + length;
    return text;
  };
  const begin = () => {
    const isolationLevel = payload[at];
    at += 1;
    return { isolationLevel, name: readName() };
  };
  if (request === TM.BEGIN) return { request, ...begin() };
  if (request === TM.SAVE) return { request, name: readName() };
  if (request === TM.COMMIT || request === TM.ROLLBACK) {
    const name = readName();
    const flags = at < payload.length ? payload[at++] : 0;
    return { request, name, beginNew: flags & 0x01 ? begin() : undefined };
  }
  return { request };
}

/** Stored procedures by the ids RPC may name them with (2.2.6.6, ProcID). */
const PROC_ID = {
  10: "sp_executesql",
  11: "sp_prepare",
  12: "sp_execute",
  13: "sp_prepexec",
  15: "sp_unprepare",
};

// TYPE_INFO (2.2.5.4): how long the type information and the value's length prefix are.
const BYTELEN_TYPES = new Set([0x24, 0x26, 0x68, 0x6a, 0x6c, 0x6d, 0x6e, 0x6f]); // GUID, INTN, BITN, DECIMALN, NUMERICN, FLTN, MONEYN, DATETIMN
const SCALE_TYPES = new Set([0x29, 0x2a, 0x2b]); // TIMEN, DATETIME2N, DATETIMEOFFSETN
const DATEN = 0x28;
const USHORTLEN_TYPES = new Set([0xa5, 0xa7, 0xad, 0xaf, 0xe7, 0xef]); // (VAR)BINARY, (VAR)CHAR, N(VAR)CHAR
const FIXED_TYPES = new Map([
  [0x30, 1], // INT1
  [0x32, 1], // BIT
  [0x34, 2], // INT2
  [0x38, 4], // INT4
  [0x7f, 8], // INT8
  [0x3b, 4], // FLT4
  [0x3e, 8], // FLT8
]);
const PLP_NULL = 0xffffffffffffffffn;

/** The value of a SQL Server uniqueidentifier's 16 bytes, as SQL Server prints it. */
function guidText(bytes) {
  const hex = (from, to, reverse) => {
    const part = [...bytes.subarray(from, to)];
    return Buffer.from(reverse ? part.reverse() : part).toString("hex");
  };
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10), hex(10, 16)].join("-").toUpperCase();
}

/** A value of type `type` from its bytes `data` (`meta`: the type information's own bytes). */
function decodeValue(type, data, meta) {
  switch (type) {
    case 0x26:
    case 0x30:
    case 0x34:
    case 0x38:
    case 0x7f:
      if (data.length === 1) return data[0];
      if (data.length === 8) {
        const big = data.readBigInt64LE(0);
        return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      }
      return data.readIntLE(0, data.length);
    case 0x68:
    case 0x32:
      return data[0] !== 0;
    case 0x6d:
    case 0x3b:
    case 0x3e:
      return data.length === 4 ? data.readFloatLE(0) : data.readDoubleLE(0);
    case 0xe7:
    case 0xef:
      return data.toString("ucs2");
    case 0xa7:
    case 0xaf:
      return data.toString("latin1");
    case 0xa5:
    case 0xad:
      return Buffer.from(data);
    case 0x24:
      return guidText(data);
    case 0x6a:
    case 0x6c: {
      const magnitude = [...data.subarray(1)].reverse().reduce((sum, byte) => sum * 256n + BigInt(byte), 0n);
      return ((data[0] === 1 ? 1 : -1) * Number(magnitude)) / 10 ** meta.scale;
    }
    default:
      return undefined; // a type the query engine has no use for (dates, money): read past, not decoded
  }
}

/**
 * One RPC parameter at `at` (2.2.6.6, ParameterData): `{ parameter: { name, output, value }, at }`
 * with `at` past it, or undefined when its type is one the front door cannot even measure (XML,
 * TVP, text): the parameters after it are then unknown. `value` is null for SQL NULL and
 * undefined for a value it does not decode.
 */
function readParameter(payload, at) {
  const nameLength = payload[at];
  const name = payload.toString("ucs2", at + 1, at + 1 + nameLength * 2);
  at += 1 + nameLength * 2;
  const output = Boolean(payload[at] & 0x01);
  const type = payload[at + 1];
  at += 2;
  let data;
  const meta = {};
  if (FIXED_TYPES.has(type)) {
    data = payload.subarray(at, at + FIXED_TYPES.get(type));
    at += data.length;
  } else if (BYTELEN_TYPES.has(type) || SCALE_TYPES.has(type) || type === DATEN) {
    if (BYTELEN_TYPES.has(type) || SCALE_TYPES.has(type)) at += 1; // max length, or scale
    if (type === 0x6a || type === 0x6c) {
      meta.scale = payload[at + 1];
      at += 2; // precision, scale
    }
    const length = payload[at];
    data = length === 0 ? null : payload.subarray(at + 1, at + 1 + length);
    at += 1 + length;
  } else if (USHORTLEN_TYPES.has(type)) {
    const maxLength = payload.readUInt16LE(at);
    at += 2 + (type === 0xa5 || type === 0xad ? 0 : 5); // collation
    if (maxLength === 0xffff) {
      // PLP: an 8-byte total length, then chunks of (4-byte length, data) up to a 0.
      const total = payload.readBigUInt64LE(at);
      at += 8;
      if (total === PLP_NULL) {
        data = null;
      } else {
        const chunks = [];
        for (let length = payload.readUInt32LE(at); length > 0; length = payload.readUInt32LE(at)) {
          chunks.push(payload.subarray(at + 4, at + 4 + length));
          at += 4 + length;
        }
        at += 4;
        data = Buffer.concat(chunks);
      }
    } else {
      const length = payload.readUInt16LE(at);
      data = length === 0xffff ? null : payload.subarray(at + 2, at + 2 + length);
      at += 2 + (length === 0xffff ? 0 : length);
    }
  } else {
    return undefined;
  }
  if (at > payload.length) throw new RangeError("RPC parameter runs past the end of the message");
  const value = data === null ? null : decodeValue(type, data, meta);
  return { parameter: { name, output, value }, at };
}

/**
 * RPC request (2.2.6.6): `{ procedure, parameters }`, the procedure by name (ProcIDs as their
 * names) and its parameters in order, `{ name, output, value }` each, as far as they can be read.
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
  const parameters = [];
  // 0xff and 0xfe separate batched RPCs (2.2.6.6): only the first is read.
  while (at < payload.length && payload[at] !== 0xff && payload[at] !== 0xfe) {
    const read = readParameter(payload, at);
    if (!read) break;
    parameters.push(read.parameter);
    at = read.at;
  }
  return { procedure, parameters };
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

/**
 * ENVCHANGE (0xE3): `type` 1 database, 4 packet size (text values); 7 collation, 8 begin, 9 commit,
 * 10 rollback transaction (the 8-byte descriptor as the new or the old value), 18 reset (bytes).
 */
export function envChange(type, newValue, oldValue) {
  if (typeof newValue === "string") {
    return withLength16(0xe3, Buffer.concat([Buffer.from([type]), bVarChar(newValue), bVarChar(oldValue ?? "")]));
  }
  const bytes = (value = Buffer.alloc(0)) => Buffer.concat([Buffer.from([value.length]), value]);
  return withLength16(0xe3, Buffer.concat([Buffer.from([type]), bytes(newValue), bytes(oldValue)]));
}
export const ENV = {
  DATABASE: 1,
  PACKET_SIZE: 4,
  COLLATION: 7,
  BEGIN_TRANSACTION: 8,
  COMMIT_TRANSACTION: 9,
  ROLLBACK_TRANSACTION: 10,
  RESET_CONNECTION: 18,
  ROUTING: 20,
};
export const collationChange = () => envChange(ENV.COLLATION, COLLATION);

/**
 * ENVCHANGE type 20, routing (2.2.7.9): log in again at `server`:`port` over TCP. Its new value
 * is a US_VARBYTE (protocol 0 = TCP, the port, the server as US_VARCHAR), its old value empty.
 */
export function routingChange({ server, port }) {
  const value = Buffer.concat([Buffer.from([0, port & 0xff, port >> 8]), usVarChar(server)]);
  const length = Buffer.alloc(2);
  length.writeUInt16LE(value.length);
  return withLength16(0xe3, Buffer.concat([Buffer.from([ENV.ROUTING]), length, value, Buffer.alloc(2)]));
}

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

/**
 * RETURNVALUE (0xAC, 2.2.7.18): an output parameter's value, here always an INT (INTN(4)): the
 * handle sp_prepare and sp_prepexec return.
 */
export function returnValue({ ordinal, name, value }) {
  const head = Buffer.alloc(2);
  head.writeUInt16LE(ordinal);
  const tail = Buffer.alloc(4 + 2 + 2 + 5); // user type, flags, TYPE_INFO, value
  tail.writeUInt16LE(0x0001, 4); // flags: nullable
  tail.writeUInt8(0x26, 6); // INTN
  tail.writeUInt8(4, 7);
  tail.writeUInt8(4, 8);
  tail.writeInt32LE(value, 9);
  return Buffer.concat([Buffer.from([0xac]), head, bVarChar(name), Buffer.from([0x01]), tail]);
}

/** RETURNSTATUS (0x79): a procedure's return value. */
export function returnStatus(value = 0) {
  const body = Buffer.alloc(5);
  body.writeUInt8(0x79, 0);
  body.writeInt32LE(value, 1);
  return body;
}

/**
 * How the result set carries a value: INT (a whole number that fits), BIGINT (a larger whole number
 * or a bigint), FLT8 (any other number), BIT (a boolean), VARBINARY(8000) (a Buffer), else NVARCHAR(4000); null is an
 * NVARCHAR NULL. `[type info, value bytes]`.
 */
function columnOf(value) {
  if (typeof value === "number" && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31) {
    const int = Buffer.alloc(4);
    int.writeInt32LE(value);
    return [Buffer.from([0x38]), int]; // INT4
  }
  if (Number.isSafeInteger(value)) return columnOf(BigInt(value));
  if (typeof value === "number") {
    const float = Buffer.alloc(8);
    float.writeDoubleLE(value);
    return [Buffer.from([0x3e]), float]; // FLT8
  }
  if (typeof value === "bigint") {
    const big = Buffer.alloc(8);
    big.writeBigInt64LE(value);
    return [Buffer.from([0x7f]), big]; // INT8
  }
  if (typeof value === "boolean") return [Buffer.from([0x68, 1]), Buffer.from([1, value ? 1 : 0])]; // BITN
  if (Buffer.isBuffer(value)) {
    const length = Buffer.alloc(2);
    length.writeUInt16LE(value.length);
    return [Buffer.from([0xa5, 0x40, 0x1f]), Buffer.concat([length, value])]; // VARBINARY(8000)
  }
  const nvarchar = Buffer.concat([Buffer.from([0xe7, 0x40, 0x1f]), COLLATION]); // NVARCHAR(4000): 8000 bytes
  return [nvarchar, value === null ? Buffer.from([0xff, 0xff]) : nvarcharValue(String(value))];
}

/** COLMETADATA (0x81) then one ROW (0xD1): `columns` of `{ name, value }` (see columnOf). */
export function resultSet(columns) {
  const count = Buffer.alloc(3);
  count.writeUInt8(0x81, 0);
  count.writeUInt16LE(columns.length, 1);
  const typed = columns.map(({ name, value }) => [name, ...columnOf(value)]);
  const metadata = typed.map(([name, type]) => {
    const fixed = Buffer.alloc(6); // user type (4), flags (2): nullable
    fixed.writeUInt16LE(0x0001, 4);
    return Buffer.concat([fixed, type, bVarChar(name)]);
  });
  return Buffer.concat([count, ...metadata, Buffer.from([0xd1]), ...typed.map(([, , bytes]) => bytes)]);
}

function nvarcharValue(text) {
  const data = Buffer.from(text, "ucs2");
  const length = Buffer.alloc(2);
  length.writeUInt16LE(data.length);
  return Buffer.concat([length, data]);
}
