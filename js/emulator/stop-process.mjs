// How close() ends the database servers the emulator runs (pg/postgres-cluster.mjs, mysql/mariadb.mjs):
// a gentle stop, then a firm one if the server has not gone after a grace period.
import { setTimeout as sleep } from "node:timers/promises";

const STOP_TIMEOUT_MS = 10_000;

/**
 * Calls `gently()` (a signal that lets the server shut down cleanly), then `firmly()` if `exited`
 * (a promise of the process's exit) has not resolved within 10 s; resolves once it has.
 */
export async function stopProcess(exited, gently, firmly) {
  gently();
  const timer = new AbortController();
  const stopped = await Promise.race([
    exited.then(() => true),
    sleep(STOP_TIMEOUT_MS, false, { signal: timer.signal }),
  ]);
  timer.abort();
  if (!stopped) {
    firmly();
    await exited;
  }
}
