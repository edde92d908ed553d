// The loop of every churn child (churn.mjs, mssql-churn.mjs, mysql-churn.mjs): a few paced workers,
// each taking a connection (a login, nearly always), using it once and pausing, until time is up.
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Runs `workers` workers for `durationMs`: each `await connect()`, `await use(connection)`, then
 * sleeps `pauseMs`. Resolves to the time of every connect() in milliseconds. The arguments may be
 * strings, as they come from the command line.
 */
export async function churn({ durationMs, workers, pauseMs }, connect, use) {
  const latencies = [];
  const deadline = performance.now() + Number(durationMs);
  const worker = async () => {
    while (performance.now() < deadline) {
      const start = performance.now();
      const connection = await connect();
      latencies.push(performance.now() - start);
      await use(connection);
      await sleep(Number(pauseMs));
    }
  };
  await Promise.all(Array.from({ length: Number(workers) }, worker));
  return latencies;
}
