#!/usr/bin/env node
// The 61-minute failure in 45 seconds. On the local emulator with 10-second tokens, two apps open a
// new connection for every query through DefaultAzureCredential: one uses entra-db-auth (a pg Pool
// and a Sequelize app), the other fetched its token once at start-up, as many apps do. The second
// starts failing after the first expiry; ours must not fail once. With --job, the same story as a
// deployment job on a service principal (js/demo-job.mjs).
import { parseArgs } from "node:util";
import pg from "pg";
import { Sequelize } from "sequelize";
import { startEmulator } from "./emulator/index.mjs";
import { getEntraTokenPassword, configureEntraIdAuth } from "./index.mjs";

const { values } = parseArgs({
  options: { seconds: { type: "string" }, lifetime: { type: "string", default: "10" }, job: { type: "boolean" } },
});
const seconds = Number(values.seconds ?? (values.job ? 25 : 45));
const lifetime = Number(values.lifetime);
if (!(seconds > 0 && lifetime > 0)) {
  console.error("usage: npm run demo -- [--job] [--seconds 45, or 25 with --job] [--lifetime 10]");
  process.exit(2);
}
if (values.job) {
  // The deployment job on a service principal: js/demo-job.mjs.
  const { runJobDemo } = await import("./demo-job.mjs");
  process.exit(await runJobDemo({ seconds, lifetime }));
}

console.log(`Starting the local Azure emulator with ${lifetime}-second tokens…`);
const emu = await startEmulator({ tokenLifetimeSeconds: lifetime, tls: true });
emu.applyEnv();
const { DefaultAzureCredential } = await import("@azure/identity");
const { host, port, database, ssl } = emu.pg;
const role = emu.principals.systemAssigned.role;
console.log(`Backend: ${emu.backend}; logging in as managed identity "${role}" through DefaultAzureCredential.\n`);

/** Sequelize with a new connection per query, like pg's maxUses: 1. */
function newSequelize(password) {
  return new Sequelize(database, role, password, {
    dialect: "postgres",
    host,
    port,
    dialectOptions: { ssl },
    logging: false,
    pool: { max: 1, maxUses: 1 },
  });
}

// The usual sample: one token at start-up, used as a fixed password.
const { token: fetchedOnce } = await new DefaultAzureCredential().getToken(emu.scope);
const apps = {
  ours: {
    pg: new pg.Pool({ host, port, database, ssl, user: role, password: getEntraTokenPassword, maxUses: 1 }),
    sequelize: configureEntraIdAuth(newSequelize(null)),
  },
  fetchedOnce: {
    pg: new pg.Pool({ host, port, database, ssl, user: role, password: fetchedOnce, maxUses: 1 }),
    sequelize: newSequelize(fetchedOnce),
  },
};
// TLS as in production: every pool verifies the front door's certificate, here against the CA the
// emulator made for this run (emu.pg.ssl is { ca: emu.ca }).
const first = await apps.ours.pg.connect();
console.log(
  first.connection.stream.authorized
    ? "TLS: the front door's certificate verified against this run's CA.\n"
    : `TLS: NOT VERIFIED (${first.connection.stream.authorizationError}).\n`,
);
first.release();
const tally = { ours: { ok: 0, failed: 0 }, fetchedOnce: { ok: 0, failed: 0 } };
const identityRequestsAtStart = emu.identity.requests.total;
const started = Date.now();

async function query(name) {
  const { pg: pool, sequelize } = apps[name];
  const results = await Promise.allSettled([pool.query("SELECT current_user"), sequelize.query("SELECT current_user")]);
  for (const result of results) {
    if (result.status === "fulfilled") tally[name].ok += 1;
    else {
      tally[name].failed += 1;
      tally[name].firstFailureAt ??= (Date.now() - started) / 1000;
    }
  }
}

function status() {
  const elapsed = ((Date.now() - started) / 1000).toFixed(0).padStart(3);
  const tokens = emu.identity.requests.total - identityRequestsAtStart;
  const { ours, fetchedOnce } = tally;
  return `${elapsed} s | tokens fetched ${tokens} | entra-db-auth: ${ours.ok} connections, ${ours.failed} failures | fetched once: ${fetchedOnce.ok} connections, ${fetchedOnce.failed} failures`;
}

const live = process.stdout.isTTY;
let lastPrinted = 0;
while (Date.now() - started < seconds * 1000) {
  await Promise.all([query("ours"), query("fetchedOnce")]);
  if (live) process.stdout.write(`\r${status()}`);
  else if (Date.now() - lastPrinted >= 5000) {
    console.log(status());
    lastPrinted = Date.now();
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
if (live) process.stdout.write("\n");

const tokens = emu.identity.requests.total - identityRequestsAtStart;
await Promise.all(Object.values(apps).flatMap(({ pg: pool, sequelize }) => [pool.end(), sequelize.close()]));
await emu.close();

const { ours, fetchedOnce: once } = tally;
const firstFailure = ({ firstFailureAt }) =>
  firstFailureAt === undefined ? "never" : `${firstFailureAt.toFixed(1)} s`;
const lifetimes = seconds / lifetime;
console.log(`
After ${seconds} s (${lifetimes.toFixed(1)} token lifetimes), a new connection per query:

                          entra-db-auth   token fetched once
  connections opened      ${String(ours.ok + ours.failed).padStart(13)}   ${String(once.ok + once.failed).padStart(18)}
  failed                  ${String(ours.failed).padStart(13)}   ${String(once.failed).padStart(18)}
  first failure after     ${firstFailure(ours).padStart(13)}   ${firstFailure(once).padStart(18)}
  identity requests       ${String(tokens).padStart(13)}   ${"1".padStart(18)}

${ours.failed === 0 ? "entra-db-auth: zero failures" : `entra-db-auth: ${ours.failed} FAILURES`}; the fetched-once app fails from its token's expiry on, the way a real app does after ~61 minutes.`);
process.exitCode = ours.failed === 0 ? 0 : 1;
