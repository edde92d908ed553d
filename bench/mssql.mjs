// Figure 8: Azure SQL connection churn on the emulator's TDS front door, DefaultAzureCredential
// (managed identity) with tokens too short for MSAL's cache: mssql with tedious' own
// `azure-active-directory-default` against createMssqlPool. Each runs in a fresh process
// (bench/child/mssql-churn.mjs); token requests are counted by the emulator.
import { countedChurn } from "./credentials.mjs";
import { fmt, latency, percentile, ratio } from "./stats.mjs";

export async function mssqlFigures(emu, { lifetimeSeconds, lifetimes, workers, pauseMs }, progress) {
  const durationMs = lifetimes * lifetimeSeconds * 1000;
  const r = {};
  for (const contender of ["default", "ours"]) {
    progress(`mssql churn: ${contender}, ${lifetimeSeconds} s tokens, ${durationMs / 1000} s`);
    r[contender] = await countedChurn(
      emu,
      "mssql-churn.mjs",
      contender,
      { lifetimeSeconds, durationMs, workers, pauseMs },
      { env: { BENCH_SQLSERVER: JSON.stringify(emu.sqlServer) }, logins: () => emu.tds.accepted },
    );
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
