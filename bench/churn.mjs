// Figures 1 and 4: connection churn on the emulator, each contender in a fresh process
// (bench/child/churn.mjs) on DefaultAzureCredential, for several token lifetimes.
import { runChild } from "./child/run.mjs";
import { childEnv, countingRequests } from "./credentials.mjs";
import { fmt, percentile, ratio } from "./stats.mjs";

// Tokens that outlive any run: no refresh happens in it.
const LONG_LIFETIME_SECONDS = 3600;

const RUNS = [
  ["ours", "ours", "short"],
  ["oursSteady", "ours", "long"],
  ["official", "official", "short"],
  ["perConnection", "perConnection", "short"],
  ["floor", "floor", "long"],
];

const latency = ({ latencies }) => `${fmt(percentile(latencies, 50))} / ${fmt(percentile(latencies, 99))}`;
const p99 = ({ latencies }) => percentile(latencies, 99);

export async function churnFigures(emu, { lifetimeSeconds, lifetimes, workers, pauseMs }, progress) {
  const durationMs = lifetimes * lifetimeSeconds * 1000;
  const r = {};
  for (const [key, contender, lifetime] of RUNS) {
    const seconds = lifetime === "short" ? lifetimeSeconds : LONG_LIFETIME_SECONDS;
    progress(`churn: ${key}, ${seconds} s tokens, ${durationMs / 1000} s`);
    const env = childEnv(emu, "managedIdentity", seconds);
    r[key] = await countingRequests(emu, (onStart) =>
      runChild("churn.mjs", [contender, durationMs, workers, pauseMs], { env, onStart }),
    );
  }
  const perLifetime = ({ requests }) => requests / lifetimes;
  const cell = (run) => `${fmt(perLifetime(run))} (${run.requests})`;
  const { ours, oursSteady, official, perConnection, floor } = r;
  return [
    {
      figure: 1,
      measure: `Token requests per token lifetime (in all), a new connection per query: ${ours.latencies.length} connects over ${lifetimes} lifetimes of ${lifetimeSeconds} s, DefaultAzureCredential (not cached by MSAL)`,
      ours: cell(ours),
      official: cell(official),
      perConnection: cell(perConnection),
      floor: `${floor.requests} (fetched before)`,
      ratio: `official/ours ${ratio(perLifetime(official), perLifetime(ours))}`,
      goal: "ours 1 per lifetime",
    },
    {
      figure: 4,
      measure: `Connect latency p50 / p99 (ms), the same runs: ours crosses ${ours.requests} refreshes; the floor holds one 3600 s token`,
      ours: latency(ours),
      official: latency(official),
      perConnection: latency(perConnection),
      floor: latency(floor),
      ratio: `official/ours p99 ${ratio(p99(official), p99(ours))}`,
    },
    {
      figure: 4,
      measure: "Connect latency p50 / p99 (ms), ours with no refresh in the run (one 3600 s token)",
      ours: latency(oursSteady),
      floor: latency(floor),
      ratio: `refresh/no-refresh p99 ${ratio(p99(ours), p99(oursSteady))}`,
      goal: "p99 within 10% of no refresh",
    },
  ];
}
