// Figures 1 and 4, one contender: a pg Pool that replaces its connection after every query
// (maxUses: 1), a few paced workers. Times every pool.connect(); the parent counts the token
// requests.
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { fromChildEnv } from "../credentials.mjs";
import { passwordFor } from "../contenders.mjs";
import { ready, report } from "./parent.mjs";

const [contender, durationMs, workers, pauseMs] = process.argv.slice(2);
const { credential, scope, connection } = await fromChildEnv();
const password = await passwordFor(contender, credential, scope);
// The first call pays for credential discovery and the first token: runs compare steady state.
await password();
const pool = new pg.Pool({ ...connection, password, max: Number(workers), maxUses: 1 });
await ready();

const latencies = [];
const deadline = performance.now() + Number(durationMs);
const worker = async () => {
  while (performance.now() < deadline) {
    const start = performance.now();
    const client = await pool.connect();
    latencies.push(performance.now() - start);
    await client.query("SELECT 1");
    client.release();
    await sleep(Number(pauseMs));
  }
};
await Promise.all(Array.from({ length: Number(workers) }, worker));
await pool.end();
report({ latencies });
