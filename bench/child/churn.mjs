// Figures 1 and 4, one contender: a pg Pool that replaces its connection after every query
// (maxUses: 1), a few paced workers. Times every pool.connect(); the parent counts the token
// requests.
import pg from "pg";
import { fromChildEnv } from "../credentials.mjs";
import { passwordFor } from "../contenders.mjs";
import { ready, report } from "./parent.mjs";
import { churn } from "./churn-loop.mjs";

const [contender, durationMs, workers, pauseMs] = process.argv.slice(2);
const { credential, scope, connection } = await fromChildEnv();
const password = await passwordFor(contender, credential, scope);
// The first call pays for credential discovery and the first token: runs compare steady state.
await password();
const pool = new pg.Pool({ ...connection, password, max: Number(workers), maxUses: 1 });
await ready();

const latencies = await churn(
  { durationMs, workers, pauseMs },
  () => pool.connect(),
  async (client) => {
    await client.query("SELECT 1");
    client.release();
  },
);
await pool.end();
report({ latencies });
