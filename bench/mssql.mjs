// Figure 8: Azure SQL connection churn on the emulator's TDS front door, DefaultAzureCredential
// (managed identity) with tokens too short for MSAL's cache: mssql with tedious' own
// `azure-active-directory-default` against createMssqlPool. Each runs in a fresh process
// (bench/child/mssql-churn.mjs); token requests are counted by the emulator.
import { runChild } from "./child/run.mjs";
import { tokenRequests } from "./credentials.mjs";
import { fmt, percentile, ratio } from "./stats.mjs";

function childEnv(emu, lifetimeSeconds) {
  emu.identity.tokenLifetimeSeconds = lifetimeSeconds;
  const restoreEnv = emu.applyEnv("managedIdentity");
  try {
    return { ...process.env, BENCH_SQLSERVER: JSON.stringify(emu.sqlServer) };
  } finally {
    restoreEnv();
  }
}

async function churn(emu, contender, { lifetimeSeconds, durationMs, workers, pauseMs }) {
  let before;
  const run = await runChild("mssql-churn.mjs", [contender, durationMs, workers, pauseMs], {
    env: childEnv(emu, lifetimeSeconds),
    start: () => {
      before = { requests: tokenRequests(emu), logins: emu.tds.accepted };
    },
  });
  return { ...run, requests: tokenRequests(emu) - before.requests, logins: emu.tds.accepted - before.logins };
}

const latency = ({ latencies }) => `${fmt(percentile(latencies, 50))} / ${fmt(percentile(latencies, 99))}`;

export async function mssqlFigures(emu, { lifetimeSeconds, lifetimes, workers, pauseMs }, progress) {
  const durationMs = lifetimes * lifetimeSeconds * 1000;
  const r = {};
  for (const contender of ["default", "ours"]) {
    progress(`mssql churn: ${contender}, ${lifetimeSeconds} s tokens, ${durationMs / 1000} s`);
    r[contender] = await churn(emu, contender, { lifetimeSeconds, durationMs, workers, pauseMs });
  }
  const { ours, default: tedious } = r;
  const perLifetime = ({ requests }) => requests / lifetimes;
  return [
    {
      figure: 8,
      measure: `Azure SQL (mssql, TDS 8): token requests per token lifetime (in all), ${ours.logins} / ${tedious.logins} logins over ${lifetimes} lifetimes of ${lifetimeSeconds} s; official = mssql with tedious' azure-active-directory-default`,
      ours: `${fmt(perLifetime(ours))} (${ours.requests})`,
      official: `${fmt(perLifetime(tedious))} (${tedious.requests})`,
      ratio: `official/ours ${ratio(perLifetime(tedious), perLifetime(ours))}`,
      goal: "ours 1 per lifetime",
    },
    {
      figure: 8,
      measure: "Azure SQL: acquire latency p50 / p99 (ms), the same runs (a login when no idle connection)",
      ours: latency(ours),
      official: latency(tedious),
      ratio: `official/ours p99 ${ratio(percentile(tedious.latencies, 99), percentile(ours.latencies, 99))}`,
    },
  ];
}
