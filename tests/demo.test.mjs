// `npm run demo` on short settings: ours never fails, the fetched-once app does after its expiry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SHORT_LIFETIME_S } from "./helpers.mjs";

// Tokens short enough to expire within the run, long enough for logins on a loaded machine (see
// SHORT_LIFETIME_S); the run lasts until a few seconds past the first expiry.
const SHORT_SETTINGS = ["--seconds", String(SHORT_LIFETIME_S + 4), "--lifetime", String(SHORT_LIFETIME_S)];

test("the demo exits 0 with zero failures of ours while the fetched-once app fails", () => {
  const demo = fileURLToPath(new URL("../js/demo.mjs", import.meta.url));
  const run = spawnSync(process.execPath, [demo, ...SHORT_SETTINGS], { encoding: "utf8", timeout: 120_000 });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /entra-db-auth: zero failures/);
  assert.match(run.stdout, /^TLS: the front door's certificate verified against this run's CA\.$/m);
  const [, failedOnce] = run.stdout.match(/ {2}failed +0 +(\d+)/);
  assert.ok(Number(failedOnce) > 0, "the fetched-once app failed after its token expired");
});

test("the deployment job (--job) on a service principal: keepFresh() never fails, the job that logged in once does", () => {
  const demo = fileURLToPath(new URL("../js/demo.mjs", import.meta.url));
  const run = spawnSync(process.execPath, [demo, "--job", ...SHORT_SETTINGS], { encoding: "utf8", timeout: 120_000 });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /signs in as service principal "orders-batch"/);
  assert.match(run.stdout, /keepFresh\(\): zero failures/);
  const [, keepFresh, once] = run.stdout.match(/ {2}failed +(\d+) +(\d+)/);
  assert.equal(Number(keepFresh), 0);
  assert.ok(Number(once) > 0, "the job that logged in once failed after its token expired");
  assert.match(run.stdout, / {2}first failure after +never +\d+\.\d s/);
});

test("the demo refuses nonsense options with exit code 2", () => {
  const demo = fileURLToPath(new URL("../js/demo.mjs", import.meta.url));
  const run = spawnSync(process.execPath, [demo, "--seconds", "soon"], { encoding: "utf8" });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /usage/);
});
