// `entra-db-auth emulator`: starts the emulator, prints shell lines that point an app at it,
// and runs until SIGINT/SIGTERM, then shuts down cleanly.
import { debuglog, parseArgs } from "node:util";
import { shellQuote } from "./identity/fake-az.mjs";
import { startEmulator } from "./index.mjs";

const debug = debuglog("entra-db-auth-emulator");

/** --credential values and the envFor() forms they stand for. */
const CREDENTIAL_KINDS = {
  "managed-identity": "managedIdentity",
  cli: "azureCli",
  azd: "azureDeveloperCli",
  "service-principal": "servicePrincipal",
  "service-principal-cert": "servicePrincipalCertificate",
  "workload-identity": "workloadIdentity",
};

export const usage = `usage: entra-db-auth emulator [--lifetime SECONDS] [--tls] [--require-tls] [--backend auto|postgresql|pglite] [--credential KIND] [--mysql] [--sql-server] [--json]

  --lifetime SECONDS  lifetime of issued tokens (default 3600)
  --tls               offer TLS on the PostgreSQL port (a certificate from this run's own CA)
  --require-tls       refuse plain PostgreSQL connections (implies --tls)
  --backend KIND      what serves SQL (default auto: PostgreSQL if its binaries are present and
                      its cluster starts, else PGlite, saying why on stderr)
  --credential KIND   which credential the export lines make DefaultAzureCredential use:
                      ${Object.keys(CREDENTIAL_KINDS).join("|")} (default managed-identity)
  --mysql             also a MySQL front door over a throwaway MariaDB (needs mariadb-server)
  --sql-server        also an Azure SQL login stand-in (encrypt true and strict; transactions,
                      parameterized SELECT 1, SUSER_SNAME(), @param, …)
  --json              print one line of JSON instead (connection details, CA file, environment),
                      for programs that start the emulator (the Python tests)
`;

const OPTIONS = {
  lifetime: { type: "string" },
  tls: { type: "boolean" },
  "require-tls": { type: "boolean" },
  backend: { type: "string" },
  credential: { type: "string", default: "managed-identity" },
  mysql: { type: "boolean" },
  "sql-server": { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

/** emu.mysql as JavaScript to paste: mysql2 takes the CA's PEM, so read it from its file. */
function mysqlConfig(emu) {
  const { host, port, database, ssl } = emu.mysql;
  const tls = ssl ? `, ssl: { ca: readFileSync(${JSON.stringify(emu.caFile)}) }` : "";
  return `{ host: ${JSON.stringify(host)}, port: ${port}, database: ${JSON.stringify(database)}${tls} }`;
}

/** emu.sqlServer as JavaScript to paste: tedious takes the CA's PEM, so read it from its file. */
function sqlServerConfig(emu) {
  const { server, options } = emu.sqlServer;
  const ca = `readFileSync(${JSON.stringify(emu.caFile)})`;
  return `{ server: ${JSON.stringify(server)}, options: { port: ${options.port}, database: ${JSON.stringify(options.database)}, encrypt: "strict", cryptoCredentialsDetails: { ca: ${ca} } } }`;
}

function describe(emu, kind) {
  const variables = Object.entries(emu.envFor());
  const set = variables.filter(([name, value]) => value !== undefined && name !== "PATH");
  const unset = variables.filter(([, value]) => value === undefined).map(([name]) => name);
  const principal = (p) => {
    const notes = [p.tenantId !== emu.tenantId && "another tenant", !p.hasRole && "no role created"].filter(Boolean);
    return `#   ${p.role.padEnd(48)} ${p.kind} (${p.key})${notes.length ? `: ${notes.join(", ")}` : ""}`;
  };
  const lines = [
    `# entra-db-auth emulator: ${emu.backend} behind ${emu.pg.host}:${emu.pg.port}` +
      `${emu.pg.ssl ? " (TLS offered)" : ""}, tokens live ${emu.identity.tokenLifetimeSeconds} s.`,
    `# Paste into a shell to make DefaultAzureCredential sign in with --credential ${kind}, and to point`,
    "# libpq/pg at the emulator, trusting this run's CA (made at start; its key never leaves the emulator):",
    ...set.map(([name, value]) => `export ${name}=${shellQuote(value)}`),
    `export PATH=${shellQuote(emu.azBinDir)}:"$PATH"`,
    ...(emu.pg.ssl ? [`export PGSSLMODE=${shellQuote("verify-full")}`] : []),
    `unset ${unset.join(" ")}`,
    "#",
    `# The server's tenant is ${emu.tenantId}; "another tenant" is ${emu.otherTenantId}.`,
    "# PostgreSQL roles; a token logs in as its own role (or a group it belongs to):",
    ...Object.values(emu.principals).map(principal),
    ...Object.entries(emu.groups).map(([group, members]) => `#   ${group.padEnd(48)} group of ${members.join(", ")}`),
    `# The managed identity endpoint answers as ${emu.principals.systemAssigned.role}; the fake az and azd are signed in as ${emu.principals.user.role}.`,
    `# ${emu.connectionString}`,
    ...(emu.mysql ? [`# MySQL (${emu.mysqlBackend}), for mysql2: ${mysqlConfig(emu)}`] : []),
    ...(emu.sqlServer
      ? [
          `# Azure SQL (a login stand-in, not a database), for mssql and tedious: ${sqlServerConfig(emu)}`,
          `#   doctor: entra-db-auth doctor --engine sqlserver --host ${emu.sqlServer.server} --port ${emu.sqlServer.options.port} --database ${emu.sqlServer.options.database}`,
        ]
      : []),
    "# Ctrl-C stops it.",
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * The emulator as one line of JSON for a program that starts it: where to connect, the CA to trust,
 * the environment that points DefaultAzureCredential at it (`unset`: the variables to remove), and
 * each principal's role. No secret beyond what the shell lines print.
 */
function describeJson(emu, kind) {
  const variables = Object.entries(emu.envFor());
  const env = Object.fromEntries(variables.filter(([name, value]) => value !== undefined && name !== "PATH"));
  const principals = Object.fromEntries(
    Object.values(emu.principals).map((p) => [p.key, { role: p.role, kind: p.kind, hasRole: p.hasRole }]),
  );
  const { host, port, database, ssl } = emu.pg;
  const description = {
    backend: emu.backend,
    credential: kind,
    pg: { host, port, database, tls: Boolean(ssl) },
    connectionString: emu.connectionString,
    caFile: emu.caFile,
    azBinDir: emu.azBinDir,
    env,
    unset: variables.filter(([, value]) => value === undefined).map(([name]) => name),
    tenantId: emu.tenantId,
    scope: emu.scope,
    tokenLifetimeSeconds: emu.identity.tokenLifetimeSeconds,
    managedIdentityRole: emu.principals.systemAssigned.role,
    principals,
    ...(emu.mysql && { mysql: { ...emu.mysql, ssl: Boolean(emu.mysql.ssl) } }),
    ...(emu.sqlServer && {
      sqlServer: {
        server: emu.sqlServer.server,
        port: emu.sqlServer.options.port,
        database: emu.sqlServer.options.database,
      },
    }),
  };
  return `${JSON.stringify(description)}\n`;
}

/** The parsed options; throws on a usage error. */
export function parse(args) {
  const { values } = parseArgs({ args, options: OPTIONS });
  const lifetime = values.lifetime === undefined ? 3600 : Number(values.lifetime);
  if (!values.help && !(Number.isInteger(lifetime) && lifetime > 0)) {
    throw new Error("--lifetime must be a whole number of seconds");
  }
  if (!values.help && !Object.hasOwn(CREDENTIAL_KINDS, values.credential)) {
    throw new Error(`--credential must be one of ${Object.keys(CREDENTIAL_KINDS).join(", ")}`);
  }
  return { ...values, lifetime };
}

/** What this run starts, in words, for the line on stderr while it starts. */
function starting(values) {
  const parts = [
    `PostgreSQL (${values.backend ?? "auto"}${values.tls || values["require-tls"] ? ", with TLS" : ""})`,
    `the identity endpoint (${values.credential})`,
    "a CA for this run",
    ...(values.mysql ? ["MySQL over a throwaway MariaDB"] : []),
    ...(values["sql-server"] ? ["the Azure SQL login stand-in"] : []),
  ];
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/**
 * Says on stderr what is starting, then each second how long it has taken (one line rewritten on a
 * terminal; elsewhere a line every 5 s); stdout stays for the shell or JSON lines. The returned
 * function ends it with the time it took.
 */
function progress(values) {
  const stream = process.stderr;
  const started = performance.now();
  stream.write(`# entra-db-auth emulator: starting ${starting(values)} …\n`);
  const ticker = setInterval(() => {
    const seconds = Math.round((performance.now() - started) / 1000);
    if (stream.isTTY) stream.write(`\r\x1b[K# … ${seconds} s`);
    else if (seconds % 5 === 0) stream.write(`# … ${seconds} s\n`);
  }, 1000);
  return (outcome) => {
    clearInterval(ticker);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    stream.write(`${stream.isTTY ? "\r\x1b[K" : ""}# entra-db-auth emulator: ${outcome} in ${seconds} s\n`);
  };
}

export async function run(values) {
  let emu;
  const done = progress(values);
  try {
    emu = await startEmulator({
      tokenLifetimeSeconds: values.lifetime,
      tls: values.tls || values["require-tls"],
      requireTls: values["require-tls"],
      backend: values.backend,
      credential: CREDENTIAL_KINDS[values.credential],
      mysql: values.mysql,
      sqlServer: values["sql-server"],
    });
  } catch (error) {
    done("failed to start");
    // What failed and what to do, not a stack trace (NODE_DEBUG=entra-db-auth-emulator shows it).
    debug("start failed: %s", error?.stack ?? error);
    process.stderr.write(`entra-db-auth emulator: ${error?.message ?? error}\n`);
    return 1;
  }
  done("ready");
  // Listening before printing: whoever reads the output may signal at once, and a signal with no
  // listener yet would end the process without closing the emulator.
  const stopped = new Promise((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  // The emulator does not hold the event loop open by itself; this process exists to serve it.
  const keepAlive = setInterval(() => {}, 1 << 30);
  process.stdout.write(values.json ? describeJson(emu, values.credential) : describe(emu, values.credential));
  const signal = await stopped;
  clearInterval(keepAlive);
  process.stderr.write(`# ${signal}: stopping the emulator\n`);
  await emu.close();
  return 0;
}
