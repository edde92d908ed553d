// `entra-db-auth doctor` for Azure Database for MySQL: the host is *.mysql.database.azure.com (or a
// sovereign cloud's), or `--engine mysql` says so. The same walk as for PostgreSQL (scope,
// credential, token, user name, dns, tcp), then the server's greeting and TLS (SSLRequest and the
// certificate), then the login as the library makes it: mysql2 with mysql2Options' authPlugins,
// which answer the server's AuthSwitchRequest to mysql_clear_password with the token; then
// SELECT CURRENT_USER(). The server refuses every bad token with the same 1045, so the diagnosis
// reasons from what the client knows, as for PostgreSQL.
import { createRequire } from "node:module";
import { checkTls } from "./checks.mjs";
import { tlsHandshake } from "./probe.mjs";
import { loadDriver, passwordLoginSteps, walk } from "./steps.mjs";
import { diagnoseDriver } from "./diagnose.mjs";

const require = createRequire(import.meta.url);
const { cloudForHost, isLoopback } = require("../core/hosts.cjs");
const { createTokenSource } = require("../core/index.cjs");
const { mysql2Options, ACCESS_DENIED } = require("../mysql/mysql2.cjs");

const MYSQL_HOST_SUFFIXES = [
  ".mysql.database.azure.com",
  ".mysql.database.chinacloudapi.cn",
  ".mysql.database.usgovcloudapi.net",
];
const TIMEOUT_MS = 10_000;
/** The longest user name MySQL 8 takes; Azure creates longer Entra names under an alias. */
const MAX_USER_NAME = 32;
const CLIENT_SSL = 1 << 11;
// An SSLRequest: capabilities LONG_PASSWORD | PROTOCOL_41 | SSL | SECURE_CONNECTION, max packet
// 16 MiB, utf8mb4, 23 zero bytes; packet sequence id 1 (the answer to the greeting).
const SSL_REQUEST = (() => {
  const payload = Buffer.alloc(32);
  payload.writeUInt32LE(1 | (1 << 9) | CLIENT_SSL | (1 << 15), 0);
  payload.writeUInt32LE(1 << 24, 4);
  payload[8] = 45;
  return Buffer.concat([Buffer.from([32, 0, 0, 1]), payload]);
})();

/** Whether doctor should walk the MySQL steps for these parsed options. */
export function isMysql({ engine, host }) {
  if (engine !== undefined) return engine === "mysql";
  const name = typeof host === "string" ? host.toLowerCase().replace(/\.$/, "") : "";
  return MYSQL_HOST_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** Why the dns or tcp step failed, in Azure Database for MySQL's words: `{ cause, fix }`. */
function network(error, { host, port }) {
  const causes = {
    ENOTFOUND: [
      `the name "${host}" does not resolve`,
      "check the server name (<server>.mysql.database.azure.com); with private access, link the private DNS zone privatelink.mysql.database.azure.com (or the server's own private zone) to this machine's network",
    ],
    ECONNREFUSED: [`nothing accepts connections on ${host}:${port}`, "check the port (Azure: 3306) and the host"],
    ETIMEDOUT: [
      `${host}:${port} does not answer (a firewall drops the packets)`,
      "allow this client's IP address in the server's Networking firewall rules, or connect from its virtual network",
    ],
  };
  const [cause, fix] = causes[error.code] ?? [`server unreachable: ${error.message}`, "check the host and port"];
  return { cause, fix };
}

/** The first packet the server sends on `socket`: `{ sequenceId, payload }`. */
function firstPacket(socket) {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const done = (settle, value) => {
      clearTimeout(timer);
      socket.off("data", onData).off("error", onError).off("close", onClose);
      settle(value);
    };
    const timer = setTimeout(() => done(reject, new Error(`no greeting within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    const onError = (error) => done(reject, error);
    const onClose = () => done(reject, new Error("the server closed the connection instead of greeting"));
    const onData = (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 4 || buffered.length < 4 + buffered.readUIntLE(0, 3)) return;
      done(resolve, { sequenceId: buffered[3], payload: buffered.subarray(4, 4 + buffered.readUIntLE(0, 3)) });
    };
    socket.on("data", onData).on("error", onError).on("close", onClose);
  });
}

/**
 * Reads the server's greeting on `socket` and, if it offers TLS, sends an SSLRequest and shakes
 * hands (see probe.mjs tlsHandshake: verifyError says why mysql2 with `ssl: {}`, or `ssl: { ca }`
 * given `ca`, would refuse the certificate). Resolves to `{ serverVersion, offered: false }` or
 * `{ serverVersion, ...tlsHandshake's result }`. Ends the socket.
 */
async function probeGreeting(socket, { host, verify, ca }) {
  try {
    const { payload } = await firstPacket(socket);
    if (payload[0] === 0xff) {
      throw Object.assign(new Error(`the server refused the connection: ${payload.subarray(3).toString("utf8")}`), {
        errno: payload.readUInt16LE(1),
      });
    }
    if (payload[0] !== 10) throw new Error(`not a MySQL server (greeting protocol ${payload[0]}, not 10)`);
    const versionEnd = payload.indexOf(0, 1);
    const serverVersion = payload.subarray(1, versionEnd).toString("latin1");
    // Connection id (4), the first 8 bytes of the scramble and a filler byte, then the capability flags' low half.
    const capabilities = payload.readUInt16LE(versionEnd + 1 + 13);
    if (!(capabilities & CLIENT_SSL)) return { serverVersion, offered: false };
    socket.write(SSL_REQUEST);
    return { serverVersion, ...(await tlsHandshake(socket, { host, verify, ca })) };
  } finally {
    socket.destroy();
  }
}

/** How checkTls names a MySQL server (with the version its greeting gave), its driver and what to fix. */
const MYSQL_TLS = {
  prefix: (probe) => `MySQL ${probe.serverVersion}; TLS `,
  product: "Azure Database for MySQL",
  host: "<server>.mysql.database.azure.com",
  driver: "mysql2",
  verifyingSsl: "ssl: {}",
  token: "the token (sent with mysql_clear_password)",
  caFrom: "the files",
};

/** The user name to log in with, from the token, against --user. */
function checkUser({ username, usernameError }, user, tokenProblem) {
  if (!username) {
    if (user) return { status: "warn", detail: `${user} (--user); the token names none: ${usernameError}` };
    return {
      status: "fail",
      detail: usernameError,
      ...(tokenProblem
        ? { cause: "the token itself is unusable (see the token step)" }
        : {
            cause: "the token names no user the library can use (a service principal's token carries only its appid)",
            fix: "pass --user (in the app: user) with the name its MySQL user was created with (CREATE AADUSER)",
          }),
    };
  }
  const derived = `${username.name} (from ${username.source})`;
  if (!user && username.name.length > MAX_USER_NAME) {
    return {
      status: "warn",
      detail: `${derived} is longer than ${MAX_USER_NAME} characters, MySQL's limit: its user was created under an alias (CREATE AADUSER '${username.name}' AS '<alias>'), which the login needs (--user <alias>)`,
    };
  }
  if (!user) return { detail: derived };
  if (user === username.name) return { detail: `${derived}, as --user says` };
  return {
    status: "warn",
    detail: `--user ${user}, but the token is for ${derived}: the login works only if "${user}" is a group "${username.name}" is a member of (or its alias)`,
  };
}

const quote = (name) => `'${name.replaceAll("'", "''")}'`;

/** What the Entra admin runs so that `name` may log in, as Azure documents it. */
function createUser(name, database) {
  return `as the server's Microsoft Entra admin: CREATE AADUSER ${quote(name)}; GRANT ALL PRIVILEGES ON \`${database ?? "<database>"}\`.* TO ${quote(name)}; (a name over ${MAX_USER_NAME} characters: CREATE AADUSER '<name>' AS '<alias>', and log in as the alias)`;
}

/**
 * Why mysql2's login failed. `context`: `user` (the name logged in with), `username` (the one the
 * token names, `{ name, source }`, if any), `tokenProblem` (the token step's diagnosis), `claims`,
 * `database`, `serverTenant` (--tenant).
 */
function diagnoseMysqlLogin(error, { user, username, tokenProblem, claims, database, serverTenant }) {
  const driver = diagnoseDriver(error);
  if (driver) return driver;
  if (error.code === "INSECURE_CONNECTION") {
    return {
      cause: "the library refuses to send a token in clear text to a host other than this machine",
      fix: "log in with TLS (without --no-ssl; in the app, ssl: {})",
    };
  }
  if (error.errno === 3159 || /insecure transport/i.test(error.message)) {
    return {
      cause: "TLS required: the server refuses unencrypted connections (require_secure_transport=ON, Azure's default)",
      fix: "connect with TLS: mysql2 `ssl: {}` (verified against the system's CAs; `ssl: { ca }` for another CA), Sequelize `dialectOptions: { ssl: {} }`",
    };
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO|ALTNAME|EPROTO/.test(error.code ?? "")) {
    return {
      cause: `TLS failed before login: ${error.message}`,
      fix: "connect with the server's own name; for a test server, trust its CA (--ca FILE; in the app, ssl: { ca })",
    };
  }
  if (error.errno === 1049) {
    return { cause: `database "${database}" does not exist`, fix: "pass the database the app uses (--database)" };
  }
  if (error.errno === 1044) {
    return {
      cause: `"${user}" logged in, but may not open database "${database}"`,
      fix: `as the server's Microsoft Entra admin: GRANT ALL PRIVILEGES ON \`${database}\`.* TO ${quote(user)}; (or the privileges the app needs)`,
    };
  }
  if (error.errno !== ACCESS_DENIED) {
    return { cause: `the server ended the login: ${error.message}`, fix: "see the server's logs for this time" };
  }
  if (tokenProblem) return { cause: `the server refused the token: ${tokenProblem.cause}`, fix: tokenProblem.fix };
  const principal = username ? `"${username.name}" (from ${username.source})` : `app ${claims?.appid ?? "unknown"}`;
  if (username && username.name !== user) {
    return {
      cause: `the token is for ${principal}, not "${user}": the name is wrong, or "${user}" is a group "${username.name}" is not a member of`,
      fix: `log in as "${username.name}" (--user ${username.name}; in the app, user: "${username.name}", or no user with createMysqlPool); if it has no MySQL user yet, ${createUser(username.name, database)}; or add "${username.name}" to the Microsoft Entra group "${user}"`,
    };
  }
  if (serverTenant && claims?.tid && claims.tid !== serverTenant) {
    return {
      cause: `the token is from tenant ${claims.tid}, and the server trusts tokens from its own tenant ${serverTenant} only`,
      fix: `sign in to tenant ${serverTenant}: AZURE_TENANT_ID=${serverTenant} for a service principal or workload identity, az login --tenant ${serverTenant} for the Azure CLI`,
    };
  }
  const tenant = serverTenant
    ? ""
    : `, or the server's Entra ID tenant is not ${claims?.tid ?? "the token's"} (--tenant <the server's tenant id> tells which)`;
  return {
    cause: `the token is for ${principal}, and the server has no user "${user}" created for it${tenant}`,
    fix: createUser(user, database),
  };
}

/** Logs in as the library does: mysql2 with mysql2Options, the token from a source holding it. */
async function login({ host, port, database, user, ssl, scope }, accessToken) {
  const mysql = await loadDriver("mysql2", "mysql2/promise");
  const source = createTokenSource({ credential: { getToken: async () => accessToken }, scope });
  try {
    const config = await mysql2Options(
      { host, port, database, user, ssl, connectTimeout: TIMEOUT_MS },
      { credential: source, scope },
    );
    return await mysql.createConnection(config);
  } finally {
    source.close();
  }
}

async function examine(options, checklist) {
  const { host, port, database } = options;
  const fromHost = isMysql({ host });
  const { scope, name: cloud } = cloudForHost(host);
  await checklist.run("scope", () =>
    fromHost
      ? { detail: `${scope} (${cloud}, from the host name)` }
      : {
          status: isLoopback(host) ? "ok" : "warn",
          detail: `${scope} (the public cloud's: the host name is not Azure Database for MySQL's)`,
        },
  );
  const { ready, acquired, user, useTls, ssl, context } = await passwordLoginSteps(checklist, options, {
    scope,
    nameStep: "user",
    checkName: checkUser,
    network,
    probe: probeGreeting,
    checkTls: (probe, seen) => checkTls(probe, seen, MYSQL_TLS),
  });
  if (!ready) return user;
  const connection = await checklist.run("login", async () => {
    try {
      const opened = await login({ host, port, database, user, ssl, scope }, acquired.accessToken);
      // The server may drop us between the steps; that shows as the next step's failure, not a crash.
      opened.on("error", () => {});
      return {
        detail: `as ${user}, with mysql_clear_password ${useTls ? "over TLS" : "without TLS"}`,
        value: opened,
      };
    } catch (error) {
      const code = error.errno ? ` (${error.errno}${error.code ? ` ${error.code}` : ""})` : "";
      return {
        status: "fail",
        detail: `${error.message}${code}`,
        ...diagnoseMysqlLogin(error, context),
      };
    }
  });
  if (!connection) {
    checklist.skip("current_user", "not logged in");
    return user;
  }
  await checklist.run("current_user", async () => {
    try {
      const [rows] = await connection.query("SELECT CURRENT_USER() AS user");
      const current = rows[0].user;
      const principal = context.username?.name;
      const name = current.replace(/@[^@]*$/, "");
      return { detail: principal && name !== principal ? `${current} (a group ${principal} is a member of)` : current };
    } finally {
      await connection.end();
    }
  });
  return user;
}

/** `entra-db-auth doctor` for Azure Database for MySQL; `options` as doctor's parse() gives them. */
export function runMysql(options) {
  const { host, port, database } = options;
  const heading = `Azure Database for MySQL ${host}:${port}${database ? `, database ${database}` : ""}`;
  return walk(options, { heading, engine: "mysql" }, examine);
}
