// The steps every doctor walk takes, whatever the database: the credential, the token and the name
// it carries, dns, tcp and the TLS probe, the skips before the login, and the report at the end.
// Each walk (doctor.mjs, doctor-sqlserver.mjs, doctor-mysql.mjs) adds its own login and diagnoses.
import { lookup } from "node:dns/promises";
import { createRequire } from "node:module";
import { isIP } from "node:net";
import { Checklist, formatStep, waitReporter } from "./checklist.mjs";
import { acquireToken } from "./credential.mjs";
import { checkToken } from "./checks.mjs";
import { describeToken } from "./describe-token.mjs";
import { credentialErrors, diagnoseCredential } from "./diagnose.mjs";
import { duration } from "./format.mjs";
import { openTcp } from "./probe.mjs";

const require = createRequire(import.meta.url);
const { isLoopback } = require("../core/hosts.cjs");
const { missingPeer } = require("../core/peer.cjs");

/**
 * Failed identity requests in a row after which doctor stops waiting for the credential: an app's
 * credential retries a failing endpoint 5 times over about 20 s, and an outage is plain by the third.
 */
const GIVE_UP_AFTER = 3;

/** The credential step: resolves to acquireToken's result, or undefined when the credential failed. */
export function credentialStep(checklist, { credential, scope }) {
  return checklist.run("credential", async (doing) => {
    try {
      const acquiring = acquireToken({ kind: credential, scope, giveUpAfter: GIVE_UP_AFTER });
      doing(acquiring.waiting);
      const result = await acquiring;
      const via = result.chain ? `, via ${result.chain}` : "";
      return { detail: `${result.credential} answered in ${duration(result.durationMs)}${via}`, value: result };
    } catch (error) {
      return {
        status: "fail",
        detail: `${error.credential}: ${credentialErrors(error).join("; ")}`,
        ...diagnoseCredential(error, { scope }),
      };
    }
  });
}

/**
 * The token step, then the step `name` that checks the name the token carries:
 * `checkName(described, tokenProblem)`. Resolves to `{ described, tokenProblem }` (the token
 * described, and the token step's outcome if it failed); both skipped, and `{}`, without a token.
 */
export async function tokenSteps(checklist, acquired, scope, name, checkName) {
  if (!acquired) {
    for (const step of ["token", name]) checklist.skip(step, "no token");
    return {};
  }
  const described = await describeToken(acquired.accessToken);
  let tokenProblem;
  await checklist.run("token", () => {
    const check = checkToken(described, scope);
    if (check.status === "fail") tokenProblem = check;
    return check;
  });
  await checklist.run(name, () => checkName(described, tokenProblem));
  return { described, tokenProblem };
}

/**
 * The dns and tcp steps; resolves to the connected socket, or undefined. `diagnose(error, { host,
 * port })` gives the `{ cause, fix }` of a failure, in the words of the walk's database.
 */
export async function connectSteps(checklist, { host, port }, diagnose) {
  const network = (error) => ({ status: "fail", detail: error.message, ...diagnose(error, { host, port }) });
  const addresses = await checklist.run("dns", async () => {
    if (isIP(host)) return { detail: `${host} is an address`, value: [host] };
    const found = await lookup(host, { all: true }).catch((error) => error);
    if (found instanceof Error) return network(found);
    return { detail: `${host} → ${found.map(({ address }) => address).join(", ")}`, value: found };
  });
  if (!addresses) return checklist.skip("tcp", "the name did not resolve");
  return checklist.run("tcp", async () => {
    const opened = await openTcp(host, port).catch((error) => error);
    return opened instanceof Error
      ? network(opened)
      : { detail: `connected to ${opened.remoteAddress}:${opened.remotePort}`, value: opened };
  });
}

/**
 * The driver `name` (imported as `specifier`) the login step logs in with; PEER_NOT_INSTALLED
 * when it is not installed here, which diagnoseDriver names.
 */
export async function loadDriver(name, specifier = name) {
  try {
    return (await import(specifier)).default;
  } catch (cause) {
    throw missingPeer(name, "doctor's login step", cause);
  }
}

/** Whether doctor verifies the server's certificate: a loopback server's only against a CA we were given (the emulator's). */
export function verifies({ host, ca }) {
  return !isLoopback(host) || Boolean(ca);
}

/**
 * The tls step over `socket` (skipped without one): `probe(socket, { host, verify, ca })` as in
 * probe.mjs, judged by `check(result, { loopback, verify, caFile })`. Resolves to the probe's result.
 */
export async function tlsStep(checklist, socket, { host, ca, caFile }, probe, check) {
  if (!socket) return checklist.skip("tls", "no connection");
  const loopback = isLoopback(host);
  const verify = verifies({ host, ca });
  return checklist.run("tls", async () => {
    const result = await probe(socket, { host, verify, ca });
    return { ...check(result, { loopback, verify, caFile }), value: result };
  });
}

/**
 * Skips the login and the step `after` it when a thing it needs is missing: `needs` is a list of
 * `[thing, "the reason without it"]`, the first missing one named. Whether it skipped.
 */
export function skipLogin(checklist, needs, after) {
  const missing = needs.find(([present]) => !present)?.[1];
  if (!missing) return false;
  checklist.skip("login", missing);
  checklist.skip(after, "not logged in");
  return true;
}

/**
 * The steps before a login that sends the token as a password over TLS (PostgreSQL, MySQL): the
 * credential, the token and the step `nameStep` that judges the user it names
 * (`checkName(described, user, tokenProblem)`), then dns, tcp (`network` as in connectSteps) and
 * tls (`probe` and `checkTls` as in tlsStep). Resolves to what the login needs; `ready` is false
 * when a thing it needs is missing, and then the login and current_user steps are skipped.
 * - `ssl`: the driver's ssl option (pg and mysql2 take the same), verified as `ssl: {}` does
 *   (against --ca when given), except on loopback without a CA, where self-signed test
 *   certificates live; false without TLS.
 * - `context`: what a refused login is diagnosed from: `user`, `username` (the one the token
 *   names, `{ name, source }`, if any), `tokenProblem` (the token step's, if it failed), `claims`,
 *   `database`, `serverTenant` (--tenant).
 */
export async function passwordLoginSteps(checklist, options, { scope, nameStep, checkName, network, probe, checkTls }) {
  const { host, port } = options;
  const acquired = await credentialStep(checklist, { credential: options.credential, scope });
  const { described, tokenProblem } = await tokenSteps(checklist, acquired, scope, nameStep, (token, problem) =>
    checkName(token, options.user, problem),
  );
  const user = options.user ?? described?.username?.name;
  const socket = await connectSteps(checklist, { host, port }, network);
  const probed = await tlsStep(checklist, socket, options, probe, checkTls);
  const needs = [
    [acquired, "no token"],
    [user, "no user name"],
    [probed, "no connection to send it over"],
  ];
  const ready = !skipLogin(checklist, needs, "current_user");
  const useTls = ready && probed.offered && options.ssl;
  const ssl = useTls && (options.ca ? { ca: options.ca } : verifies(options) ? {} : { rejectUnauthorized: false });
  const context = {
    user,
    username: described?.username,
    tokenProblem,
    claims: described?.claims,
    database: options.database,
    serverTenant: options.tenant,
  };
  return { ready, acquired, user, useTls, ssl, context };
}

/**
 * Walks `examine(options, checklist)`, which resolves to the user name that logged in (if any),
 * printing each step as it ends (or one JSON object at the end with --json). `heading` follows
 * "entra-db-auth doctor: "; `engine` goes in the JSON. Resolves to the exit code.
 */
export async function walk(options, { heading, engine }, examine) {
  const { host, port, database, json } = options;
  if (!json) process.stdout.write(`entra-db-auth doctor: ${heading}\n\n`);
  const checklist = new Checklist(
    json ? undefined : (step) => process.stdout.write(formatStep(step)),
    waitReporter(process.stderr),
  );
  const user = await examine(options, checklist);
  const failed = checklist.failed.map((step) => step.name);
  if (json) {
    const report = { ok: failed.length === 0, engine, host, port, database, user, steps: checklist.steps };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    process.stdout.write(
      failed.length === 0
        ? `\nAll checks passed: ${user ?? "the token"} logs in to ${host}:${port}.\n`
        : `\n${failed.length} ${failed.length === 1 ? "check" : "checks"} failed: ${failed.join(", ")}.\n`,
    );
  }
  return failed.length === 0 ? 0 : 1;
}
