// Figure 9: Azure Database for MySQL connection churn on the emulator's MySQL front door,
// DefaultAzureCredential (managed identity) with tokens too short for MSAL's cache: a mysql2 pool
// whose mysql_clear_password plugin calls the credential at every login (what apps write today)
// against createMysqlPool. Each runs in a fresh process (bench/child/mysql-churn.mjs); token
// requests and logins are counted by the emulator.
import { countedChurn } from "./credentials.mjs";
import { fmt, latency, percentile, ratio } from "./stats.mjs";

const CONTENDERS = ["perConnection", "ours"];

export async function mysqlFigures(emu, { lifetimeSeconds, lifetimes, workers, pauseMs }, progress) {
  const durationMs = lifetimes * lifetimeSeconds * 1000;
  const r = {};
  for (const contender of CONTENDERS) {
    progress(`mysql churn: ${contender}, ${lifetimeSeconds} s tokens, ${durationMs / 1000} s`);
    r[contender] = await countedChurn(
      emu,
      "mysql-churn.mjs",
      contender,
      { lifetimeSeconds, durationMs, workers, pauseMs },
      {
        env: { BENCH_MYSQL: JSON.stringify({ ...emu.mysql, user: emu.principals.systemAssigned.role }) },
        logins: () => emu.mysqlFrontDoor.accepted,
      },
    );
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
