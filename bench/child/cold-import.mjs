// Figure 5: how long a cold `import(specifier)` takes, and how much of it is wasm compile +
// instantiate.
import { watchWasm } from "./wasm-watch.mjs";
import { report } from "./parent.mjs";

const wasm = watchWasm();
const start = performance.now();
await import(process.argv[2]);
const importMs = performance.now() - start;
report({ importMs, wasmMs: wasm.ms });
