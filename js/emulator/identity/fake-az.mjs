// Stand-ins for the Azure CLI (AzureCliCredential) and the Azure Developer CLI
// (AzureDeveloperCliCredential). Each executable is a thin client: a run posts its arguments to the
// identity endpoint, which answers through `runAz` or `runAzd` below, so every run is counted and
// the identity faults apply to it too.
import { writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";

/** The real CLI takes ~1 s to start; this default keeps the shape without slowing tests much. */
export const DEFAULT_AZ_DELAY_MS = 150;

const CLIENT = `"use strict";
const http = require("node:http");
const [url, secret, defaultDelayMs] = __SERVER__;
const delayMs = Number(process.env.ENTRA_EMULATOR_AZ_DELAY_MS ?? defaultDelayMs);
setTimeout(() => {
  const request = http.request(url, { method: "POST", headers: { "content-type": "application/json", "x-identity-header": secret } });
  request.on("response", (response) => {
    const chunks = [];
    response.on("data", (chunk) => chunks.push(chunk));
    response.on("end", () => {
      const { stdout, stderr, exitCode } = JSON.parse(Buffer.concat(chunks).toString());
      process.stdout.write(stdout);
      process.stderr.write(stderr);
      process.exitCode = exitCode;
    });
  });
  request.on("error", (error) => {
    process.stderr.write("ERROR: the entra-db-auth emulator at " + url + " did not answer (" + error.message + ")\\n");
    process.exitCode = 1;
  });
  request.end(JSON.stringify({ args: process.argv.slice(2) }));
}, delayMs);
`;

export function shellQuote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * Writes `az` and `azd` (sh launchers, so a node path with spaces works) and their scripts into
 * `binDir`; `urls` gives each tool's route on the identity endpoint.
 */
export async function writeFakeAz(binDir, { urls, secret, delayMs }) {
  await mkdir(binDir, { recursive: true });
  for (const [tool, url] of Object.entries(urls)) {
    const script = join(binDir, `${tool}.cjs`);
    await writeFile(script, CLIENT.replace("__SERVER__", JSON.stringify([url, secret, delayMs])));
    await writeFile(
      join(binDir, tool),
      `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(script)} "$@"\n`,
      {
        mode: 0o755,
      },
    );
  }
}

// What `az account get-access-token` prints in `expiresOn`: local time, microseconds.
function cliLocalTime(epochSeconds) {
  const d = new Date(epochSeconds * 1000);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.000000`;
}

/** A run's options and its command (the positionals, joined), parsed as loosely as the real CLIs do. */
function parseCommand(args, options) {
  const { values, positionals } = parseArgs({ args, strict: false, allowPositionals: true, options });
  return { values, command: positionals.join(" ") };
}

const json = (value) => ({ stdout: `${JSON.stringify(value, null, 2)}\n`, stderr: "", exitCode: 0 });
const failure = (message, exitCode = 1) => ({ stdout: "", stderr: `ERROR: ${message}\n`, exitCode });

/**
 * Answers one `az` run. `issue(resourceOrScope)` is the identity endpoint's token issuance for the
 * signed-in principal: `{ token, exp }`, `{ error }` (an AADSTS message) or `{ malformed }`.
 */
export async function runAz(args, { principal, tenantId, subscriptionId, issue }) {
  const { values, command } = parseCommand(args, {
    output: { type: "string", short: "o" },
    resource: { type: "string" },
    scope: { type: "string" },
    tenant: { type: "string", short: "t" },
    subscription: { type: "string" },
  });
  if (values.output !== undefined && values.output !== "json") {
    return failure(`this emulated az prints only --output json, not ${values.output}`, 2);
  }
  if (command === "account show") {
    const user =
      principal.kind === "servicePrincipal"
        ? { name: principal.clientId, type: "servicePrincipal" }
        : { name: principal.role, type: "user" };
    return json({
      environmentName: "AzureCloud",
      id: subscriptionId,
      isDefault: true,
      name: "Emulated subscription",
      state: "Enabled",
      tenantId,
      user,
    });
  }
  if (command !== "account get-access-token") {
    return failure(`'${command}' is misspelled or not recognized by the system.`, 2);
  }
  if (values.tenant !== undefined && values.tenant !== tenantId) {
    return failure(
      `AADSTS90002: Tenant '${values.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }
  const outcome = await issue(values.resource ?? values.scope ?? "https://management.core.windows.net/");
  if (outcome.error) return failure(outcome.error);
  if (outcome.malformed) return { stdout: outcome.malformed, stderr: "", exitCode: 0 };
  return json({
    accessToken: outcome.token,
    expiresOn: cliLocalTime(outcome.exp),
    expires_on: outcome.exp,
    subscription: values.subscription ?? subscriptionId,
    tenant: tenantId,
    tokenType: "Bearer",
  });
}

/**
 * Answers one `azd` run: `azd auth token --output json --scope S [--tenant-id T]`, what
 * AzureDeveloperCliCredential runs, printing `{ token, expiresOn }` (UTC) as azd does.
 */
export async function runAzd(args, { tenantId, issue }) {
  const { values, command } = parseCommand(args, {
    output: { type: "string", short: "o" },
    scope: { type: "string", multiple: true },
    "tenant-id": { type: "string" },
    "no-prompt": { type: "boolean" },
  });
  if (command !== "auth token") return failure(`unknown command "${command}" for "azd"`, 1);
  if (values.output !== "json") return failure("this emulated azd prints only --output json", 1);
  const tenant = values["tenant-id"];
  if (tenant !== undefined && tenant !== tenantId) {
    return failure(`fetching token: AADSTS90002: Tenant '${tenant}' not found.`);
  }
  const [scope] = values.scope ?? [];
  if (!scope) return failure("fetching token: at least one --scope is required");
  const outcome = await issue(scope);
  if (outcome.error) return failure(`fetching token: ${outcome.error}`);
  if (outcome.malformed) return { stdout: outcome.malformed, stderr: "", exitCode: 0 };
  return json({ token: outcome.token, expiresOn: new Date(outcome.exp * 1000).toISOString().replace(/\.\d+Z$/, "Z") });
}
