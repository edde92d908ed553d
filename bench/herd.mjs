// Figure 2: a cold herd, each contender in a fresh process (bench/child/herd.mjs), so that the
// credential's cache and ours are both empty. One herd is over in a second: each is repeated, the
// contenders in a rotating order, and the medians reported.
import { runChild } from "./child/run.mjs";
import { CREDENTIALS, childEnv, countingRequests } from "./credentials.mjs";
import { fmt, median, ratio } from "./stats.mjs";

// The emulator's PostgreSQL has the default max_connections (100, 97 for non-superusers): a
// herd larger than this queues in the pool, and each connection closes once it is made.
const MAX_SESSIONS = 90;
const CONTENDERS = ["ours", "official", "perConnection", "floor"];
const SCENARIOS = [
  ["managedIdentity", 120, "120 s tokens, not cached by MSAL"],
  ["managedIdentity", 3600, "3600 s tokens, MSAL's cache empty"],
  ["azureCli", 3600, "3600 s tokens"],
];

/** `contenders` rotated by `by`, so that no contender always runs first or last. */
const rotate = (contenders, by) => contenders.map((_, i) => contenders[(i + by) % contenders.length]);

export async function herdFigures(emu, { sizes, repeats }, progress) {
  const rows = [];
  for (const size of sizes) {
    for (const [kind, lifetimeSeconds, note] of SCENARIOS) {
      const runs = Object.fromEntries(CONTENDERS.map((contender) => [contender, []]));
      for (let repeat = 0; repeat < repeats; repeat++) {
        for (const contender of rotate(CONTENDERS, repeat)) {
          progress(`herd: ${size} connects, ${kind} ${lifetimeSeconds} s, ${contender} (${repeat + 1}/${repeats})`);
          const env = childEnv(emu, kind, lifetimeSeconds);
          runs[contender].push(
            await countingRequests(emu, (start) =>
              runChild("herd.mjs", [contender, size, MAX_SESSIONS], { env, start }),
            ),
          );
        }
      }
      const r = Object.fromEntries(
        CONTENDERS.map((c) => [
          c,
          { requests: median(runs[c].map((run) => run.requests)), ms: median(runs[c].map((run) => run.ms)) },
        ]),
      );
      const cell = ({ requests, ms }) => `${requests} req, ${fmt(ms)} ms`;
      rows.push({
        figure: 2,
        measure: `Cold herd of ${size}${size > MAX_SESSIONS ? ` (≤ ${MAX_SESSIONS} sessions at once)` : ""}: token requests, time until all connected (medians of ${repeats}); ${CREDENTIALS[kind].label}, ${note}`,
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
