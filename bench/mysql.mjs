// Figure 9: Azure Database for MySQL connection churn on the emulator's MySQL front door,
// DefaultAzureCredential (managed identity) with tokens too short for MSAL's cache: a mysql2 pool
// whose mysql_clear_password plugin calls the credential at every login (what apps write today)
// against createMysqlPool. Each runs in a fresh process (bench/child/mysql-churn.mjs); token
// requests and logins are counted by the emulator.
import { runChild } from "./child/run.mjs";
import { tokenRequests } from "./credentials.mjs";
import { fmt, percentile, ratio } from "./stats.mjs";

const CONTENDERS = ["perConnection", "ours"];

function childEnv(emu, lifetimeSeconds) {
  emu.identity.tokenLifetimeSeconds = lifetimeSeconds;
  const restoreEnv = emu.applyEnv("managedIdentity");
  try {
    const mysql = { ...emu.mysql, user: emu.principals.systemAssigned.role };
    return { ...process.env, BENCH_MYSQL: JSON.stringify(mysql), BENCH_SCOPE: emu.scope };
  } finally {
    restoreEnv();
  }
}

async function churn(emu, contender, { lifetimeSeconds, durationMs, workers, pauseMs }) {
  let before;
  const run = await runChild("mysql-churn.mjs", [contender, durationMs, workers, pauseMs], {
    env: childEnv(emu, lifetimeSeconds),
    start: () => {
      before = { requests: tokenRequests(emu), logins: emu.mysqlFrontDoor.accepted };
    },
  });
  return {
    ...run,
    requests: tokenRequests(emu) - before.requests,
    logins: emu.mysqlFrontDoor.accepted - before.logins,
  };
}

const latency = ({ latencies }) => `${fmt(percentile(latencies, 50))} / ${fmt(percentile(latencies, 99))}`;

export async function mysqlFigures(emu, { lifetimeSeconds, lifetimes, workers, pauseMs }, progress) {
  const durationMs = lifetimes * lifetimeSeconds * 1000;
  const r = {};
  for (const contender of CONTENDERS) {
    progress(`mysql churn: ${contender}, ${lifetimeSeconds} s tokens, ${durationMs / 1000} s`);
    r[contender] = await churn(emu, contender, { lifetimeSeconds, durationMs, workers, pauseMs });
  }
  const { ours, perConnection } = r;
  const perLifetime = ({ requests }) => requests / lifetimes;
  const at = (run, p) => percentile(run.latencies, p);
  return [
    {
      figure: 9,
      measure: `Azure Database for MySQL (mysql2, TLS, mysql_clear_password): token requests per token lifetime (in all), ${ours.logins} / ${perConnection.logins} logins over ${lifetimes} lifetimes of ${lifetimeSeconds} s; per-connection = a mysql2 pool whose auth plugin calls credential.getToken`,
      ours: `${fmt(perLifetime(ours))} (${ours.requests})`,
      perConnection: `${fmt(perLifetime(perConnection))} (${perConnection.requests})`,
      ratio: `per-connection/ours ${ratio(perLifetime(perConnection), perLifetime(ours))}`,
      goal: "ours 1 per lifetime",
    },
    {
      figure: 9,
      measure: "Azure Database for MySQL: connect latency p50 / p99 (ms), the same runs (a login every time)",
      ours: latency(ours),
      perConnection: latency(perConnection),
      ratio: `per-connection/ours p50 ${ratio(at(perConnection, 50), at(ours, 50))}, p99 ${ratio(at(perConnection, 99), at(ours, 99))}`,
    },
  ];
}
