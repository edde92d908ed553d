// `npm run bench -- --quick` stays runnable: it exits 0 and prints its table. Benchmarks print
// figures; nothing here looks at a timing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { findMariadbBinaries } from "../js/emulator/mysql/mariadb.mjs";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));

test("the quick benchmark runs every figure and prints one table", { timeout: 300_000 }, async () => {
  const { stdout } = await run(process.execPath, ["bench/run.mjs", "--quick"], { cwd: root, maxBuffer: 1 << 24 });
  assert.match(stdout, /^\| # \| measure \| ours \| official \| per-connection \| floor \| ratio \| goal \|$/m);
  const figures = new Set(stdout.match(/^\| \d \|/gm)?.map((cell) => cell.slice(2, 3)));
  // Figure 9 (MySQL) runs where MariaDB's server binaries are installed, as in CI.
  const expected = ["1", "2", "3", "4", "5", "6", "7", "8", ...(findMariadbBinaries() ? ["9"] : [])];
  assert.deepEqual([...figures].sort(), expected);
});
