// Figures 3 and 6, one contender: warm password calls, each timed, then heap and wasm memory
// growth, then the same calls in timed batches. Needs --expose-gc.
import { watchWasm } from "./wasm-watch.mjs";
import { report } from "./parent.mjs";
import { median, percentile } from "../stats.mjs";

const WARMUP_CALLS = 20_000;
const BATCH = 1_000;

const wasm = watchWasm();
const [contender, callsText] = process.argv.slice(2);
const calls = Number(callsText);
// Loaded after watchWasm() so that our wasm instance is seen being created.
const { fromChildEnv } = await import("../credentials.mjs");
const { passwordFor } = await import("../contenders.mjs");

const { credential, scope } = await fromChildEnv();
const password = await passwordFor(contender, credential, scope);
for (let i = 0; i < WARMUP_CALLS; i++) await password();

const samples = new Float64Array(calls);
globalThis.gc();
const heapBefore = process.memoryUsage().heapUsed;
const pagesBefore = wasm.pages();
for (let i = 0; i < calls; i++) {
  const start = process.hrtime.bigint();
  await password();
  samples[i] = Number(process.hrtime.bigint() - start);
}
globalThis.gc();
const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
const wasmPagesGrowth = wasm.pages() - pagesBefore;

// Per-call samples include one hrtime.bigint() pair each; a batch mean does not.
const batchMeans = [];
for (let done = 0; done < calls; done += BATCH) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < BATCH; i++) await password();
  batchMeans.push(Number(process.hrtime.bigint() - start) / BATCH);
}

report({
  median: median(samples),
  p99: percentile(samples, 99),
  batchMean: median(batchMeans),
  heapGrowth,
  wasmPagesGrowth,
  wasmPages: wasm.pages(),
});
