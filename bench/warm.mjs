// Figures 3 and 6: warm password calls, one fresh process per contender (bench/child/warm-calls.mjs),
// all on DefaultAzureCredential with 3600 s tokens so that the official package and the
// per-connection callback are served from MSAL's cache rather than from the network.
import { runChild } from "./child/run.mjs";
import { childEnv } from "./credentials.mjs";
import { fmt, ratio } from "./stats.mjs";

const CONTENDERS = ["ours", "source", "official", "perConnection", "floor"];

function warmCalls(emu, contender, calls) {
  const env = childEnv(emu, "managedIdentity", 3600);
  return runChild("warm-calls.mjs", [contender, calls], { env, execArgv: ["--expose-gc"] });
}

const ns = (value) => fmt(value);
const mib = (bytes) => `${fmt(bytes / 2 ** 20)} MiB`;

export async function warmFigures(emu, { calls }, progress) {
  const r = {};
  for (const contender of CONTENDERS) {
    progress(`warm: ${calls.toLocaleString("en-US")} calls, ${contender}`);
    r[contender] = await warmCalls(emu, contender, calls);
  }
  const { ours, source, official, perConnection, floor } = r;
  const count = calls.toLocaleString("en-US");
  const latency = (x) => `${ns(x.median)} / ${ns(x.p99)}`;
  return [
    {
      figure: 3,
      measure: `Warm password call p50 / p99 (ns), ${count} calls each timed with hrtime.bigint(); DefaultAzureCredential, 3600 s token`,
      ours: latency(ours),
      official: latency(official),
      perConnection: latency(perConnection),
      floor: latency(floor),
      ratio: `ours/floor ${ratio(ours.median, floor.median)}, official/ours ${ratio(official.median, ours.median)}`,
      goal: "ours ≤ 1,000 ns",
    },
    {
      figure: 3,
      measure: "Warm call p50 / p99 (ns), TokenSource.getPassword() (no argument checks or registry lookup)",
      ours: latency(source),
      floor: latency(floor),
      ratio: `ours/floor ${ratio(source.median, floor.median)}`,
    },
    {
      figure: 3,
      measure:
        "Warm call mean (ns), median over batches of 1,000 (no timer in the loop); ours is getEntraTokenPassword(credential), source is source.getPassword()",
      ours: `${ns(ours.batchMean)} (source ${ns(source.batchMean)})`,
      official: ns(official.batchMean),
      perConnection: ns(perConnection.batchMean),
      floor: ns(floor.batchMean),
      ratio: `ours/floor ${ratio(ours.batchMean, floor.batchMean)}, source/floor ${ratio(source.batchMean, floor.batchMean)}, official/ours ${ratio(official.batchMean, ours.batchMean)}`,
      goal: "ours ≤ 1.5× floor",
    },
    {
      figure: 6,
      measure: `JS heap growth over ${count} warm calls (after gc)`,
      ours: mib(ours.heapGrowth),
      official: mib(official.heapGrowth),
      perConnection: mib(perConnection.heapGrowth),
      floor: mib(floor.heapGrowth),
      goal: "ours < 2 MB",
    },
    {
      figure: 6,
      measure: `Wasm linear memory growth over ${count} warm calls (64 KiB pages)`,
      ours: `${ours.wasmPagesGrowth} (of ${ours.wasmPages})`,
      goal: "0 pages",
    },
  ];
}
