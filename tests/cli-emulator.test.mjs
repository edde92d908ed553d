// `entra-db-auth emulator` says what it starts while it starts (a few seconds), on stderr only:
// with --json, stdout is the one JSON line a program reads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";

test("emulator --json: what it starts and when it is ready on stderr, one JSON line on stdout", async (t) => {
  const child = spawn(process.execPath, ["js/cli.mjs", "emulator", "--json", "--sql-server"], {
    cwd: new URL("..", import.meta.url),
    stdio: ["ignore", "pipe", "pipe"],
  });
  t.after(() => child.kill());
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  let stdout = "";
  for await (const chunk of child.stdout) {
    stdout += chunk;
    if (stdout.endsWith("\n")) break;
  }
  const description = JSON.parse(stdout);
  assert.equal(typeof description.sqlServer.port, "number");
  assert.match(
    stderr,
    /^# entra-db-auth emulator: starting PostgreSQL \(auto\), the identity endpoint \(managed-identity\), a CA for this run and the Azure SQL login stand-in …$/m,
  );
  assert.match(stderr, /^# entra-db-auth emulator: ready in \d+\.\d s$/m);
  child.kill("SIGINT");
  const [code] = await once(child, "exit");
  assert.equal(code, 0);
  assert.equal(stdout.trim().split("\n").length, 1, "stdout holds the JSON line alone");
});
