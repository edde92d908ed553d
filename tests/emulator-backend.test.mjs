// A PostgreSQL backend that cannot start does not end the emulator with a stack trace: with
// backend "auto" it falls back to PGlite and says why in one line; with backend "postgresql" it
// fails with one line that says what is wrong and what to change. The case tried is the one the
// issue met: root, whose cluster runs as the postgres user through runuser, with a PATH that has
// no runuser (no /usr/sbin), as `npm run demo` had it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { findPostgresBinDir } from "../js/emulator/pg/postgres-cluster.mjs";

const NODE_ONLY_PATH = dirname(process.execPath);
const skip =
  process.getuid?.() !== 0
    ? "needs root: only root runs the cluster through runuser"
    : !findPostgresBinDir()
      ? "needs PostgreSQL server binaries (apt-get install postgresql)"
      : existsSync(join(NODE_ONLY_PATH, "runuser"))
        ? `runuser is in ${NODE_ONLY_PATH}, so a PATH of node's directory still has it`
        : false;

/** `entra-db-auth emulator ...args` with PATH set to node's directory alone. */
function cliWithoutRunuser(args) {
  const child = spawn(process.execPath, ["js/cli.mjs", "emulator", ...args], {
    cwd: new URL("..", import.meta.url),
    env: { ...process.env, PATH: NODE_ONLY_PATH, NODE_DEBUG: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  /** stdout up to its first line (--json prints one once the emulator is up), or all of it if it exits first. */
  async function firstLine() {
    let stdout = "";
    for await (const chunk of child.stdout) {
      stdout += chunk;
      if (stdout.includes("\n")) break;
    }
    return stdout;
  }
  // What it says on stderr, without the "# …" progress lines it writes while starting.
  const said = () => stderr.replace(/^# .*\n/gm, "");
  return { child, firstLine, stderr: said };
}

test(
  "backend auto: no runuser on PATH (as root) falls back to PGlite, with one line that says why",
  { skip },
  async (t) => {
    const { child, firstLine, stderr } = cliWithoutRunuser(["--json"]);
    t.after(() => child.kill("SIGKILL"));
    assert.equal(JSON.parse(await firstLine()).backend, "pglite");
    const lines = stderr().trimEnd().split("\n");
    assert.equal(lines.length, 1, `one line on stderr, got:\n${stderr()}`);
    assert.match(
      lines[0],
      /^entra-db-auth emulator: PostgreSQL \(.+\) could not start, using PGlite instead: .*runuser.*PATH/,
    );
    child.kill("SIGINT");
    const [code] = await once(child, "exit");
    assert.equal(code, 0, "SIGINT still shuts it down cleanly");
  },
);

test('backend "postgresql": no runuser on PATH (as root) fails with one line, no stack trace', { skip }, async () => {
  const { child, firstLine, stderr } = cliWithoutRunuser(["--backend", "postgresql"]);
  const exited = once(child, "exit");
  assert.equal(await firstLine(), "");
  const [code] = await exited;
  assert.equal(code, 1);
  assert.match(
    stderr(),
    /^entra-db-auth emulator: backend "postgresql" could not start: .*runuser.*add \/usr\/sbin to PATH\n$/,
  );
  assert.doesNotMatch(stderr(), /^\s+at /m, "no stack trace");
});
