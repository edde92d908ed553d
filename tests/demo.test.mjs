// `npm run demo` on short settings: ours never fails, the fetched-once app does after its expiry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

test("the demo exits 0 with zero failures of ours while the fetched-once app fails", () => {
  const demo = fileURLToPath(new URL("../js/demo.mjs", import.meta.url));
  const run = spawnSync(process.execPath, [demo, "--seconds", "8", "--lifetime", "3"], {
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /entra-db-auth: zero failures/);
  assert.match(run.stdout, /^TLS: the front door's certificate verified against this run's CA\.$/m);
  const [, failedOnce] = run.stdout.match(/ {2}failed +0 +(\d+)/);
  assert.ok(Number(failedOnce) > 0, "the fetched-once app failed after its token expired");
});

test("the demo refuses nonsense options with exit code 2", () => {
  const demo = fileURLToPath(new URL("../js/demo.mjs", import.meta.url));
  const run = spawnSync(process.execPath, [demo, "--seconds", "soon"], { encoding: "utf8" });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /usage/);
});
