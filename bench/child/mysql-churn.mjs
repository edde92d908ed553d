// Figure 9, one contender: a mysql2 pool whose connection is destroyed after every query, so that
// every query logs in anew; a few paced workers. Times every getConnection() (a login each); the
// parent counts the token requests. "ours" is createMysqlPool; "perConnection" is a mysql2 pool
// whose mysql_clear_password plugin asks the credential at every login, as apps write it today.
// Both on one DefaultAzureCredential.
import { DefaultAzureCredential } from "@azure/identity";
import mysql from "mysql2/promise";
import { createMysqlPool } from "entra-db-auth";
import { ready, report } from "./parent.mjs";
import { churn } from "./churn-loop.mjs";

const [contender, durationMs, workers, pauseMs] = process.argv.slice(2);
const { BENCH_MYSQL, BENCH_SCOPE } = process.env;
const config = { ...JSON.parse(BENCH_MYSQL), connectionLimit: Number(workers) };

function perConnectionPool() {
  const credential = new DefaultAzureCredential();
  return mysql.createPool({
    ...config,
    authPlugins: {
      mysql_clear_password: () => async () => Buffer.from(`${(await credential.getToken(BENCH_SCOPE)).token}\0`),
    },
  });
}

const pool = contender === "ours" ? createMysqlPool(config) : perConnectionPool();
// The first login pays for credential discovery and the first token: runs compare steady state.
(await pool.getConnection()).destroy();
await ready();

const latencies = await churn(
  { durationMs, workers, pauseMs },
  () => pool.getConnection(),
  async (connection) => {
    await connection.query("SELECT 1");
    connection.destroy();
  },
);
await pool.end();
report({ latencies });
