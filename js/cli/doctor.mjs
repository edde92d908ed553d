// `entra-db-auth doctor`: walks through an Entra ID login to a PostgreSQL server one step at a
// time, as the library does it, and names the likely cause and the fix of the first thing that
// breaks. The server only ever says "password authentication failed", on purpose; the steps
// collect what the client knows (the token's claims, the scope, the name, the network) to reason
// about why.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { CREDENTIALS } from "./credential.mjs";
import { checkTls, checkUsername } from "./checks.mjs";
import { diagnoseLogin, diagnoseNetwork } from "./diagnose.mjs";
import { probeTls } from "./probe.mjs";
import { loadDriver, passwordLoginSteps, walk } from "./steps.mjs";
import { isSqlServer, runSqlServer } from "./doctor-sqlserver.mjs";
import { isMysql, runMysql } from "./doctor-mysql.mjs";

const require = createRequire(import.meta.url);
const { cloudForHost, assertTlsOrLoopback } = require("../core/hosts.cjs");
const { mysqlEnvDefaults } = require("../mysql/env.cjs");
const { mssqlEnvDefaults } = require("../mssql/env.cjs");
const { configFromConnectionString } = require("../mssql/connection-string.cjs");
const { assertEncryptedOrLoopback } = require("../mssql/tedious.cjs");

export const usage = `usage: entra-db-auth doctor --host H [--engine E] [--port P] [--database D] [--user U] [--credential KIND] [--ca FILE] [--tenant ID] [--no-ssl] [--json]

  --host H           the server, or a connection URL: postgres://, postgresql://, mysql:// or
                     mssql:// (host, port, database, user and sslmode taken from it), or an mssql
                     connection string ("Server=tcp:<server>.database.windows.net,1433;Database=…")
  --url URL          the same URL or connection string, by its own name
  --port P           its port
  --database D       the database to log in to
  --user U           the role to log in as (default: the one the token names, as createPool does)
                     Defaults, as the library reads them: PostgreSQL PGHOST, PGPORT (5432),
                     PGDATABASE (postgres); MySQL AZURE_MYSQL_HOST or MYSQL_HOST, AZURE_MYSQL_PORT
                     or MYSQL_TCP_PORT (3306), AZURE_MYSQL_DATABASE, AZURE_MYSQL_USER; Azure SQL
                     AZURE_SQL_SERVER, AZURE_SQL_PORT (1433), AZURE_SQL_DATABASE (master)
  --credential KIND  ${Object.keys(CREDENTIALS).join("|")} (default: DefaultAzureCredential)
  --engine E         postgresql (or postgres), sqlserver or mysql (default: mysql for
                     *.mysql.database.azure.com and the sovereign clouds' MySQL hosts, sqlserver for
                     *.database.windows.net and theirs, else postgresql); Azure SQL: no --user, no
                     --no-ssl
  --ca FILE          verify TLS against this CA certificate (PEM) only, like libpq's sslrootcert, also on
                     a loopback host (default: PGSSLROOTCERT, which the emulator's export lines set)
  --tenant ID        the server's Microsoft Entra tenant id: tells "token from another tenant" apart
                     from "role not created" when the login is refused
  --no-ssl           log in without TLS, as an app with ssl: false does
  --json             print one JSON object

Steps: scope, credential, token, username, dns, tcp, tls, login, current_user.
Exit codes: 0 every step passed, 1 a step failed (the login or before), 2 usage.
`;

const OPTIONS = {
  host: { type: "string" },
  url: { type: "string" },
  port: { type: "string" },
  database: { type: "string" },
  user: { type: "string" },
  credential: { type: "string", default: "default" },
  engine: { type: "string" },
  ca: { type: "string" },
  tenant: { type: "string" },
  "no-ssl": { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

const LOGIN_TIMEOUT_MS = 10_000;

const ENGINE_OF_SCHEME = {
  postgres: "postgresql",
  postgresql: "postgresql",
  mysql: "mysql",
  mssql: "sqlserver",
  sqlserver: "sqlserver",
};

/**
 * The flags a connection URL stands for (an app's DATABASE_URL, as pg, mysql2 and the ORMs take it);
 * flags given beside it win. The password part, if any, is ignored: the token is the password.
 */
function fromUrl(text) {
  if (!text.includes("://") && text.includes("=")) return fromConnectionString(text);
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--url is not a URL: ${text.replace(/\/\/[^@/]*@/, "//…@")}`);
  }
  const engine = ENGINE_OF_SCHEME[url.protocol.slice(0, -1)];
  if (!engine) throw new Error(`the URL's scheme must be one of ${Object.keys(ENGINE_OF_SCHEME).join(", ")}`);
  const sslmode = url.searchParams.get("sslmode") ?? url.searchParams.get("ssl");
  const given = (value) => (value === "" ? undefined : decodeURIComponent(value));
  return {
    engine,
    host: given(url.hostname.replace(/^\[|\]$/g, "")),
    port: given(url.port),
    database: given(url.pathname.slice(1)),
    user: given(url.username),
    "no-ssl": ["disable", "false"].includes(sslmode) || undefined,
  };
}

/**
 * The flags an mssql connection string stands for ("Server=tcp:….database.windows.net,1433;…"), read
 * as createMssqlPool reads it; one the library would refuse (Encrypt=false off this machine, a
 * password) is a usage error with the library's message.
 */
function fromConnectionString(text) {
  const config = configFromConnectionString(text);
  assertEncryptedOrLoopback(config, false);
  return { engine: "sqlserver", host: config.server, port: config.port, database: config.database };
}

const defined = (object) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));

/**
 * What the environment gives each engine, as its driver and this package read it (pg: PG*; MySQL
 * and Azure SQL: Service Connector's AZURE_MYSQL_* and AZURE_SQL_*, and the mysql client's
 * MYSQL_HOST and MYSQL_TCP_PORT), with each engine's defaults; `hostVariables` names the host's.
 */
function envDefaults(engine, env = process.env) {
  switch (engine) {
    case "mysql": {
      const { host, port = 3306, database, user } = mysqlEnvDefaults({}, env);
      return { host, port, database, user, hostVariables: "AZURE_MYSQL_HOST or MYSQL_HOST" };
    }
    case "sqlserver": {
      const { server, port = 1433, database = "master" } = mssqlEnvDefaults({}, env);
      return { host: server, port, database, hostVariables: "AZURE_SQL_SERVER" };
    }
    default:
      return {
        host: env.PGHOST,
        port: env.PGPORT ?? 5432,
        database: env.PGDATABASE ?? "postgres",
        hostVariables: "PGHOST",
      };
  }
}

/** The parsed options; throws on a usage error. */
export function parse(args) {
  const flags = parseArgs({ args, options: OPTIONS }).values;
  if (/:\/\/|=/.test(flags.host ?? "")) [flags.url, flags.host] = [flags.host, undefined];
  // Flags given beside a URL win over what it says.
  const values = flags.url ? { ...defined(fromUrl(flags.url)), ...defined(flags) } : flags;
  if (values.engine === "postgres") values.engine = "postgresql";
  if (values.engine !== undefined && !["postgresql", "sqlserver", "mysql"].includes(values.engine)) {
    throw new Error("--engine must be postgresql, sqlserver or mysql");
  }
  const host = values.host ?? envDefaults(values.engine ?? "postgresql").host;
  // MySQL first: its sovereign hosts (*.mysql.database.chinacloudapi.cn) end like Azure SQL's.
  const engine = isMysql({ engine: values.engine, host })
    ? "mysql"
    : isSqlServer({ engine: values.engine, host })
      ? "sqlserver"
      : "postgresql";
  if (values.help) return values;
  const fromEnv = envDefaults(engine);
  const port = Number(values.port ?? fromEnv.port);
  if (!host) throw new Error(`--host is required (or ${fromEnv.hostVariables})`);
  if (!(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error("--port must be a TCP port number");
  if (!Object.hasOwn(CREDENTIALS, values.credential)) {
    throw new Error(`--credential must be one of ${Object.keys(CREDENTIALS).join(", ")}`);
  }
  // Azure SQL logs in by token alone (the token names the principal) and always with encryption.
  if (engine === "sqlserver") {
    for (const flag of ["user", "no-ssl"]) {
      if (values[flag] !== undefined)
        throw new Error(
          `--${flag} does not apply to Azure SQL: the token names the principal, and the login is always encrypted`,
        );
    }
  }
  return {
    ...readCa(values.ca ?? process.env.PGSSLROOTCERT, values.ca ? "--ca" : "PGSSLROOTCERT"),
    host,
    port,
    engine,
    database: values.database ?? fromEnv.database,
    user: values.user ?? fromEnv.user,
    tenant: values.tenant,
    credential: values.credential,
    ssl: !values["no-ssl"],
    json: values.json,
  };
}

// libpq's sslrootcert=system means the system's roots: Node's own list, as without --ca.
function readCa(caFile, from) {
  if (!caFile || caFile === "system") return {};
  try {
    return { caFile, ca: readFileSync(caFile, "utf8") };
  } catch (error) {
    throw new Error(`${from} ${caFile}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  }
}

/** Runs every step it can; the steps are in `checklist`. */
async function examine(options, checklist) {
  const { host, port, database } = options;
  const { scope, name: cloud } = cloudForHost(host);
  await checklist.run("scope", () => ({ detail: `${scope} (${cloud}, from the host name)` }));
  const { ready, acquired, user, useTls, ssl, context } = await passwordLoginSteps(checklist, options, {
    scope,
    nameStep: "username",
    checkName: checkUsername,
    network: diagnoseNetwork,
    probe: probeTls,
    checkTls,
  });
  if (!ready) return user;
  const client = await checklist.run("login", async () => {
    assertTlsOrLoopback(host, useTls, false);
    const pg = await loadDriver("pg").catch((error) => error);
    if (pg instanceof Error) return { status: "fail", detail: pg.message, ...diagnoseLogin(pg, context) };
    const client = new pg.Client({
      host,
      port,
      database,
      user,
      password: acquired.accessToken.token,
      ssl,
      connectionTimeoutMillis: LOGIN_TIMEOUT_MS,
    });
    // The server may drop us between the steps; that shows as the next step's failure, not a crash.
    client.on("error", () => {});
    try {
      await client.connect();
    } catch (error) {
      return {
        status: "fail",
        detail: `${error.message}${error.code ? ` (${error.code})` : ""}`,
        ...diagnoseLogin(error, context),
      };
    }
    return { detail: `as ${user} ${useTls ? "over TLS" : "without TLS"}`, value: client };
  });
  if (!client) {
    checklist.skip("current_user", "not logged in");
    return user;
  }
  await checklist.run("current_user", async () => {
    try {
      const { rows } = await client.query("SELECT current_user");
      const role = rows[0].current_user;
      const principal = context.username?.name;
      return { detail: principal && role !== principal ? `${role} (a group ${principal} is a member of)` : role };
    } finally {
      await client.end();
    }
  });
  return user;
}

export async function run(options) {
  if (options.engine === "sqlserver") return runSqlServer(options);
  if (options.engine === "mysql") return runMysql(options);
  const { host, port, database } = options;
  return walk(options, { heading: `${host}:${port}, database ${database}` }, examine);
}
