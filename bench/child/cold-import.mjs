// Figure 5: how long a cold `import(specifier)` takes in a fresh process, and, for ours, what the
// first token source costs after it (the wasm core is compiled then, not at import).
import { watchWasm } from "./wasm-watch.mjs";
import { report } from "./parent.mjs";

const wasm = watchWasm();
const start = performance.now();
const imported = await import(process.argv[2]);
const importMs = performance.now() - start;
const wasmAtImportMs = wasm.ms;
let firstUseMs;
if (typeof imported.createTokenSource === "function") {
  const begin = performance.now();
  imported.createTokenSource({ credential: { getToken: async () => null } });
  firstUseMs = performance.now() - begin;
}
report({ importMs, wasmAtImportMs, firstUseMs, wasmMs: wasm.ms });
