// Figure 2: a cold herd, each contender in a fresh process (bench/child/herd.mjs), so that the
// credential's cache and ours are both empty.
import { runChild } from "./child/run.mjs";
import { CREDENTIALS, childEnv, countingRequests } from "./credentials.mjs";
import { fmt, ratio } from "./stats.mjs";

// The emulator's PostgreSQL has the default max_connections (100, 97 for non-superusers): a
// herd larger than this queues in the pool, and each connection closes once it is made.
const MAX_SESSIONS = 90;
const CONTENDERS = ["ours", "official", "perConnection", "floor"];
const SCENARIOS = [
  ["managedIdentity", 120, "120 s tokens, not cached by MSAL"],
  ["managedIdentity", 3600, "3600 s tokens, MSAL's cache empty"],
  ["azureCli", 3600, "3600 s tokens"],
];

export async function herdFigures(emu, { sizes }, progress) {
  const rows = [];
  for (const size of sizes) {
    for (const [kind, lifetimeSeconds, note] of SCENARIOS) {
      const r = {};
      for (const contender of CONTENDERS) {
        progress(`herd: ${size} connects, ${kind} ${lifetimeSeconds} s, ${contender}`);
        const env = childEnv(emu, kind, lifetimeSeconds);
        r[contender] = await countingRequests(emu, (start) =>
          runChild("herd.mjs", [contender, size, MAX_SESSIONS], { env, start }),
        );
      }
      const cell = ({ requests, ms }) => `${requests} req, ${fmt(ms)} ms`;
      rows.push({
        figure: 2,
        measure: `Cold herd of ${size}${size > MAX_SESSIONS ? ` (≤ ${MAX_SESSIONS} sessions at once)` : ""}: token requests, time until all connected; ${CREDENTIALS[kind].label}, ${note}`,
        ours: cell(r.ours),
        official: cell(r.official),
        perConnection: cell(r.perConnection),
        floor: cell(r.floor),
        ratio: `official/ours: requests ${ratio(r.official.requests, r.ours.requests)}, time ${ratio(r.official.ms, r.ours.ms)}`,
        goal: "ours 1 request",
      });
    }
  }
  return rows;
}
