// Figure 5: what the package costs to ship and to load. Import times come from fresh processes
// (bench/child/cold-import.mjs), ours and the official package alternating.
import { readFileSync } from "node:fs";
import { gzipSync, inflateRawSync } from "node:zlib";
import { runChild } from "./child/run.mjs";
import { fmt, median, ratio } from "./stats.mjs";

const CORE = new URL("../js/wasm/core.cjs", import.meta.url);

/** The wasm module embedded in js/wasm/core.cjs, and the bytes that embed it (scripts/build-wasm.mjs). */
function embeddedWasm() {
  const [, base64] = readFileSync(CORE, "utf8").match(/Buffer\.from\(\s*"([A-Za-z0-9+/=]+)"/);
  const packed = Buffer.from(base64, "base64");
  return { wasm: inflateRawSync(packed), packed };
}

export async function weightFigures({ processes }, progress) {
  const { wasm, packed } = embeddedWasm();
  const gzip = gzipSync(wasm, { level: 9 }).length;
  const runs = { ours: [], official: [] };
  progress(`weight: ${processes} cold imports each`);
  for (let i = 0; i < processes; i++) {
    runs.ours.push(await runChild("cold-import.mjs", ["entra-db-auth"]));
    runs.official.push(await runChild("cold-import.mjs", ["@azure/postgresql-auth"]));
  }
  const importMs = (key) => median(runs[key].map((r) => r.importMs));
  const kib = (n) => `${fmt(n / 1024)} KiB`;
  return [
    {
      figure: 5,
      measure: "wasm core size, raw / gzip -9 / deflated as embedded in js/wasm/core.cjs",
      ours: `${kib(wasm.length)} / ${kib(gzip)} / ${kib(packed.length)}`,
      official: "no wasm",
      goal: "≤ 96 KB raw",
    },
    {
      figure: 5,
      measure: `Cold import() (ms), median of ${processes} fresh processes; wasm compiled at import: ${fmt(median(runs.ours.map((r) => r.wasmAtImportMs)))} ms`,
      ours: fmt(importMs("ours")),
      official: fmt(importMs("official")),
      ratio: `ours/official ${ratio(importMs("ours"), importMs("official"))}`,
      goal: "≤ 0.6× official",
    },
    {
      figure: 5,
      measure: "First token source after import (ms): the wasm core compiled and instantiated, median",
      ours: `${fmt(median(runs.ours.map((r) => r.firstUseMs)))} (wasm ${fmt(median(runs.ours.map((r) => r.wasmMs)))})`,
      official: "no wasm",
    },
  ];
}
