// `entra-db-auth doctor` for Azure SQL Database: the host is *.database.windows.net (or a sovereign
// cloud's), or `--engine sqlserver` says so. The same walk as for PostgreSQL (scope, credential,
// token, principal, dns, tcp), then the TDS login as tedious makes it (TDS 8 strict encryption,
// PRELOGIN, LOGIN7 with FEDAUTH, FEDAUTHINFO, the token), then SELECT SUSER_SNAME(). Azure SQL
// needs no user name: the token names the principal, which must be a user of the database.
import { createRequire } from "node:module";
import { connectSteps, credentialStep, loadDriver, skipLogin, tokenSteps, walk } from "./steps.mjs";
import { diagnoseDriver } from "./diagnose.mjs";

const require = createRequire(import.meta.url);
const { sqlScopeForHost, isLoopback } = require("../core/hosts.cjs");

/** Azure SQL's scope in the public cloud, for a host whose name does not say its cloud. */
export const PUBLIC_SQL_SCOPE = "https://database.windows.net/.default";
const CLOUD_BY_SCOPE = {
  "https://database.windows.net/.default": "Azure public cloud",
  "https://database.chinacloudapi.cn/.default": "Azure China",
  "https://database.usgovcloudapi.net/.default": "Azure US Government",
};
const LOGIN_TIMEOUT_MS = 10_000;

/** Whether doctor should walk the SQL Server steps for these parsed options. */
export function isSqlServer({ engine, host }) {
  return engine === "sqlserver" || (engine === undefined && sqlScopeForHost(host) !== undefined);
}

/** Why the dns or tcp step failed, in Azure SQL's words: `{ cause, fix }`. */
function network(error, { host, port }) {
  const causes = {
    ENOTFOUND: [
      `the name "${host}" does not resolve`,
      "check the server name (<server>.database.windows.net); with a private endpoint, link the private DNS zone privatelink.database.windows.net to this machine's network",
    ],
    ECONNREFUSED: [`nothing accepts connections on ${host}:${port}`, "check the port (Azure SQL: 1433)"],
    ETIMEDOUT: [
      `${host}:${port} does not answer (a firewall drops the packets)`,
      "add this client's IP address to the server's firewall rules (Networking), or connect through its private endpoint",
    ],
  };
  const [cause, fix] = causes[error.code] ?? [`server unreachable: ${error.message}`, "check the host and port"];
  return { cause, fix };
}

/** Why tedious' login failed, from its error and the server's error number (if any). */
function diagnoseSqlLogin(
  error,
  { number, principal, database, tokenProblem, askedScope, scope, claims, serverTenant },
) {
  const driver = diagnoseDriver(error);
  if (driver) return driver;
  const message = error.errors?.map((e) => e.message).join("; ") ?? error.message;
  if (askedScope && askedScope !== scope) {
    return {
      cause: `the server's FEDAUTHINFO names ${askedScope}, not ${scope}`,
      fix: "this is not the cloud the host name says: pass the scope the server asks for (option `scope`)",
    };
  }
  if (/certificate|self[- ]signed|altnames|ALPN|handshake|EPROTO/i.test(message)) {
    return {
      cause: `TLS failed before login: ${message}`,
      fix: 'Azure SQL speaks TDS 8 (encrypt: "strict"); for a test server, trust its CA (--ca FILE; in the app, options.cryptoCredentialsDetails: { ca })',
    };
  }
  if (number === 4060) {
    return {
      cause: `database "${database}" does not exist, or the principal may not open it`,
      fix: "pass the database the app uses (--database)",
    };
  }
  if (number === 18456) {
    if (tokenProblem) return { cause: `the server refused the token: ${tokenProblem.cause}`, fix: tokenProblem.fix };
    const name = principal ?? "<principal>";
    if (serverTenant && claims?.tid && claims.tid !== serverTenant) {
      return {
        cause: `the token is from tenant ${claims.tid}, and the server trusts tokens from its own tenant ${serverTenant} only`,
        fix: `sign in to tenant ${serverTenant}: AZURE_TENANT_ID=${serverTenant} for a service principal or workload identity, az login --tenant ${serverTenant} for the Azure CLI`,
      };
    }
    return {
      cause: `database "${database}" has no user for ${principal ? `"${principal}"` : "the token's principal"} (or a group it belongs to), or the server's Entra tenant is not the token's`,
      fix: `as the server's Microsoft Entra admin, in database ${database}: CREATE USER [${name}] FROM EXTERNAL PROVIDER; then grant it roles (ALTER ROLE db_datareader ADD MEMBER [${name}])`,
    };
  }
  return { cause: `the login failed: ${message}`, fix: "see the server's audit log for this time" };
}

async function login({ host, port, database, ca }, accessToken) {
  const { Connection, Request } = await loadDriver("tedious");
  const seen = { askedScope: undefined, number: undefined };
  const credential = {
    getToken: async (asked) => {
      seen.askedScope = asked;
      return accessToken;
    },
  };
  const connection = new Connection({
    server: host,
    authentication: { type: "token-credential", options: { credential } },
    options: {
      port,
      database,
      encrypt: "strict",
      connectTimeout: LOGIN_TIMEOUT_MS,
      // Verified, always (tedious verifies TDS 8 certificates whatever trustServerCertificate
      // says): against --ca, else the system roots and NODE_EXTRA_CA_CERTS.
      cryptoCredentialsDetails: ca ? { ca } : {},
    },
  });
  connection.on("errorMessage", ({ number }) => (seen.number ??= number));
  const error = await new Promise((resolve) => {
    connection.connect(resolve);
  });
  if (error) return { error, ...seen };
  const query = (sql) =>
    new Promise((resolve, reject) => {
      let value;
      const request = new Request(sql, (e) => (e ? reject(e) : resolve(value)));
      request.on("row", ([column]) => (value = column.value));
      connection.execSql(request);
    });
  return { connection, query, ...seen };
}

async function examine(options, checklist) {
  const { host, port, database } = options;
  const fromHost = sqlScopeForHost(host);
  const scope = fromHost ?? PUBLIC_SQL_SCOPE;
  await checklist.run("scope", () =>
    fromHost
      ? { detail: `${scope} (${CLOUD_BY_SCOPE[scope]}, from the host name)` }
      : {
          status: isLoopback(host) ? "ok" : "warn",
          detail: `${scope} (the public cloud's: the host name is not Azure SQL's)`,
        },
  );
  const acquired = await credentialStep(checklist, { credential: options.credential, scope });
  const { described, tokenProblem } = await tokenSteps(checklist, acquired, scope, "principal", (token) =>
    token.username
      ? {
          detail: `${token.username.name} (from ${token.username.source}): the name its database user was created with`,
        }
      : { status: "warn", detail: `the token names no principal the library can read (${token.usernameError})` },
  );
  // The login opens its own connection: this one only shows that the port answers.
  const socket = await connectSteps(checklist, { host, port }, network);
  socket?.destroy();
  const needs = [
    [acquired, "no token"],
    [socket, "no connection"],
  ];
  if (skipLogin(checklist, needs, "suser_sname")) return;
  const session = await checklist.run("login", async () => {
    const result = await login({ host, port, database, ca: options.ca }, acquired.accessToken).catch((error) => ({
      error,
    }));
    if (result.error) {
      const context = {
        number: result.number,
        principal: described.username?.name,
        database,
        tokenProblem,
        askedScope: result.askedScope,
        scope,
        claims: described.claims,
        serverTenant: options.tenant,
      };
      const message = result.error.errors?.map((e) => e.message).join("; ") ?? result.error.message;
      return {
        status: "fail",
        detail: `${message}${result.number ? ` (error ${result.number})` : ""}`,
        ...diagnoseSqlLogin(result.error, context),
      };
    }
    return {
      detail: `TDS 8 (strict encryption, certificate verified); the server asked for ${result.askedScope}`,
      value: result,
    };
  });
  if (!session) return checklist.skip("suser_sname", "not logged in");
  await checklist.run("suser_sname", async () => {
    try {
      return { detail: String(await session.query("SELECT SUSER_SNAME()")) };
    } finally {
      session.connection.close();
    }
  });
}

/** `entra-db-auth doctor` for Azure SQL; `options` as doctor's parse() gives them. */
export function runSqlServer(options) {
  const { host, port, database } = options;
  return walk(options, { heading: `Azure SQL ${host}:${port}, database ${database}`, engine: "sqlserver" }, examine);
}
