#!/usr/bin/env node
// The Node tests on a busy machine: two CPU-bound processes per core spin beside the suite, which
// then runs as slowly as it would on a shared CI runner (load average around 2× the cores). A test
// that guesses wall-clock time, or counts requests across a refresh it did not plan for, fails here.
//
//   node scripts/load-check.mjs                      the whole Node suite (`npm run test:load`)
//   node scripts/load-check.mjs tests/e2e-*.test.mjs  these files only
//
// Exits with the suite's code. The load stops when the suite ends, and each spinner also stops by
// itself if this process dies first.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const SPINNERS = 2 * availableParallelism();

// Spins in 100 ms slices, and between slices stops once its parent is gone (it is then re-parented).
const SPIN = `
  const parent = ${process.pid};
  (function spin() {
    const until = Date.now() + 100;
    while (Date.now() < until);
    if (process.ppid === parent) setImmediate(spin);
  })();`;

// Named files as given; else every test file, listed here because from Node 21 on `node --test`
// takes globs, not a folder.
const files = process.argv.length > 2 ? process.argv.slice(2) : allTestFiles();

function allTestFiles() {
  return readdirSync(join(root, "tests"))
    .filter((name) => name.endsWith(".test.mjs"))
    .sort()
    .map((name) => join("tests", name));
}

const spinners = Array.from({ length: SPINNERS }, () => spawn(process.execPath, ["-e", SPIN], { stdio: "ignore" }));
const stopLoad = () => spinners.forEach((spinner) => spinner.kill());
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopLoad();
    process.exit(128 + (signal === "SIGINT" ? 2 : 15));
  });
}

const started = Date.now();
console.log(`load check: ${SPINNERS} CPU-bound processes beside ${files.length} test files`);
const suite = spawn(process.execPath, ["--test", "--test-concurrency=3", ...files], { cwd: root, stdio: "inherit" });
let peakLoad = loadavg()[0];
const loadDuring = setInterval(() => (peakLoad = Math.max(peakLoad, loadavg()[0])), 5_000);
suite.on("exit", (code, signal) => {
  clearInterval(loadDuring);
  stopLoad();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const outcome = signal ? `killed by ${signal}` : `exit code ${code}`;
  console.log(`load check: ${outcome} after ${seconds} s; 1-minute load average peaked at ${peakLoad.toFixed(1)}`);
  process.exitCode = code ?? 1;
});
