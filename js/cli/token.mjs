// `entra-db-auth token`: gets a token as an app would and says who it is for, which credential
// gave it, and for how long. The token itself only with --raw (alone on stdout, for
// PGPASSWORD="$(…)"), since terminals and CI logs are not places for secrets.
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { CREDENTIALS, acquireToken } from "./credential.mjs";
import { audienceOf, describeToken } from "./describe-token.mjs";
import { credentialErrors, diagnoseCredential } from "./diagnose.mjs";
import { duration, localTime, relative } from "./format.mjs";
import { PUBLIC_SQL_SCOPE, isSqlServer } from "./doctor-sqlserver.mjs";

const { scopeForHost, sqlScopeForHost } = createRequire(import.meta.url)("../core/hosts.cjs");

const ENGINES = ["postgresql", "sqlserver", "mysql"];

export const usage = `usage: entra-db-auth token [--scope S | --host H] [--engine E] [--credential KIND] [--json] [--raw]

  --scope S          the scope to ask for
  --host H           a database host: ask for its database's scope in its cloud (default: the
                     public cloud's for PostgreSQL and MySQL)
  --engine E         ${ENGINES.join("|")}, as for doctor (default: sqlserver for
                     *.database.windows.net and the sovereign clouds' Azure SQL hosts, else
                     postgresql; MySQL has PostgreSQL's scope)
  --credential KIND  ${Object.keys(CREDENTIALS).join("|")} (default: DefaultAzureCredential)
  --json             print one JSON object
  --raw              print the token too, alone on stdout (with --json, in the object); the
                     description and any failure go to stderr

Exit codes: 0 a token was issued, 1 the credential failed, 2 usage.
`;

const OPTIONS = {
  scope: { type: "string" },
  host: { type: "string" },
  engine: { type: "string" },
  credential: { type: "string", default: "default" },
  json: { type: "boolean" },
  raw: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

/** The parsed options; throws on a usage error. */
export function parse(args) {
  const { values } = parseArgs({ args, options: OPTIONS });
  if (values.help) return values;
  if (values.scope !== undefined && values.host !== undefined) throw new Error("give --scope or --host, not both");
  if (values.scope !== undefined && values.engine !== undefined) throw new Error("give --scope or --engine, not both");
  if (values.engine === "postgres") values.engine = "postgresql";
  if (values.engine !== undefined && !ENGINES.includes(values.engine)) {
    throw new Error(`--engine must be ${ENGINES.slice(0, -1).join(", ")} or ${ENGINES.at(-1)}`);
  }
  if (!Object.hasOwn(CREDENTIALS, values.credential)) {
    throw new Error(`--credential must be one of ${Object.keys(CREDENTIALS).join(", ")}`);
  }
  return { ...values, scope: values.scope ?? scopeFor(values) };
}

/**
 * The scope for --host and --engine, in the host's cloud: Azure SQL's for an Azure SQL host or
 * --engine sqlserver, else the one PostgreSQL and MySQL share.
 */
function scopeFor({ host, engine }) {
  return isSqlServer({ engine, host }) ? (sqlScopeForHost(host) ?? PUBLIC_SQL_SCOPE) : scopeForHost(host);
}

/** Everything the token says, as the JSON output (and the text output's source). */
function tokenReport({ credential, chain, durationMs }, scope, described) {
  const { claims, claimsError, username, usernameError, issuedOn, expiresOn } = described;
  return {
    credential,
    chain,
    durationMs: Math.round(durationMs),
    scope,
    identityKind: claims?.identityKind,
    tenantId: claims?.tid,
    audience: audienceOf(claims),
    username,
    usernameError,
    issuedOn: issuedOn === undefined ? undefined : new Date(issuedOn).toISOString(),
    expiresOn: new Date(expiresOn).toISOString(),
    expiresInSeconds: Math.round((expiresOn - Date.now()) / 1000),
    claims,
    claimsError,
  };
}

function text(report) {
  const when = (iso) => localTime(Date.parse(iso));
  const rows = [
    [
      "credential",
      `${report.credential}${report.chain ? ` (via ${report.chain})` : ""}, ${duration(report.durationMs)}`,
    ],
    ["identity", report.identityKind ?? `unknown: ${report.claimsError}`],
    ["username", report.username ? `${report.username.name} (from ${report.username.source})` : report.usernameError],
    ["tenant", report.tenantId],
    ["audience", report.audience],
    ["scope", report.scope],
    ["issued", report.issuedOn && when(report.issuedOn)],
    ["expires", `${when(report.expiresOn)} (${relative(Date.parse(report.expiresOn))})`],
  ];
  return rows
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name.padEnd(11)} ${value}\n`)
    .join("");
}

export async function run(options) {
  let acquired;
  try {
    acquired = await acquireToken({ kind: options.credential, scope: options.scope });
  } catch (error) {
    const { cause, fix } = diagnoseCredential(error, options);
    const failure = {
      credential: error.credential,
      chain: error.chain,
      scope: options.scope,
      error: credentialErrors(error),
      cause,
      fix,
    };
    // With --raw, stdout is for the token alone: PGPASSWORD="$(…)" must not take an error for one.
    (options.raw ? process.stderr : process.stdout).write(
      options.json
        ? `${JSON.stringify(failure, null, 2)}\n`
        : `${error.credential} got no token for ${options.scope}:\n${failure.error.map((line) => `  ${line}\n`).join("")}cause: ${cause}\nfix:   ${fix}\n`,
    );
    return 1;
  }
  const report = tokenReport(acquired, options.scope, await describeToken(acquired.accessToken));
  const { token } = acquired.accessToken;
  if (options.json) {
    process.stdout.write(`${JSON.stringify(options.raw ? { ...report, token } : report, null, 2)}\n`);
  } else if (options.raw) {
    process.stderr.write(text(report));
    process.stdout.write(`${token}\n`);
  } else {
    process.stdout.write(text(report));
  }
  return 0;
}
