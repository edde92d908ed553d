// Figure 8, one contender: an mssql pool whose idle connections are reaped between queries, so that
// nearly every query logs in anew; a few paced workers. Times every acquire (a login when the pool
// had no idle connection); the parent counts the token requests. "default" is mssql with tedious'
// own `azure-active-directory-default` (a new DefaultAzureCredential per login); "ours" is
// createMssqlPool on one DefaultAzureCredential.
import mssql from "mssql";
import tedious from "tedious";
import { createMssqlPool } from "entra-db-auth";
import { ready, report } from "./parent.mjs";
import { churn } from "./churn-loop.mjs";

const [contender, durationMs, workers, pauseMs] = process.argv.slice(2);
const config = {
  ...JSON.parse(process.env.BENCH_SQLSERVER),
  // Idle connections go before the next query comes: every query logs in.
  pool: {
    max: Number(workers),
    min: 0,
    idleTimeoutMillis: Number(pauseMs) / 3,
    reapIntervalMillis: Number(pauseMs) / 6,
  },
};
const pool =
  contender === "ours"
    ? createMssqlPool(config)
    : new mssql.ConnectionPool({ ...config, authentication: { type: "azure-active-directory-default", options: {} } });
// connect() logs in once and fetches the first token: runs compare steady state.
await pool.connect();
await ready();

const latencies = await churn(
  { durationMs, workers, pauseMs },
  () => pool.acquire(pool),
  async (connection) => {
    await new Promise((resolve, reject) => {
      connection.execSql(new tedious.Request("SELECT 1", (error) => (error ? reject(error) : resolve())));
    });
    pool.release(connection);
  },
);
await pool.close();
report({ latencies });
