// No secret leaks: the end-to-end scenarios run in a child process with every log on, and nothing
// they print (log lines, error messages and stacks, util.inspect of our objects and of the drivers'
// objects our hooks touched) holds a token or a 20-character piece of one. And a million warm calls
// leave no trace in the wasm memory and next to none in the JS heap.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { Secrets } from "./leaks.mjs";

const CHILD = fileURLToPath(new URL("./no-leaks-child.mjs", import.meta.url));

/** Runs the child in `mode`: everything it printed, and the one message it sent. */
async function runChild(mode, { env = {}, execArgv = [] } = {}) {
  const child = fork(CHILD, [mode], {
    env: { ...process.env, ...env },
    execArgv,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  let message;
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  child.on("message", (m) => (message = m));
  const [code, signal] = await once(child, "exit");
  assert.equal(code, 0, `the child exited with ${code ?? signal}:\n${output.slice(-4_000)}`);
  return { output, message };
}

test(
  "with every log on, no token nor any 20-character piece of one shows in logs, errors or inspected objects",
  { timeout: 120_000 },
  async () => {
    const { output, message } = await runChild("scenarios", {
      env: { AZURE_LOG_LEVEL: "verbose", DEBUG: undefined },
    });
    const secrets = new Secrets();
    for (const token of message.tokens) secrets.add(token);

    // The scenarios ran and the logs were on, or finding nothing would mean nothing.
    assert.equal(message.ran.length, 6, `scenarios run: ${message.ran.join("; ")}`);
    assert.ok(secrets.count >= 6, `${secrets.count} tokens handed out`);
    for (const expected of [
      /azure:entra-db-auth:info token for .* obtained/,
      /azure:entra-db-auth:warning token request .* failed/,
      /azure:identity:info/,
      /azure:core-rest-pipeline:info Request/,
      /password authentication failed for user "someone-else"/,
      /hint: the Entra ID token is for role/,
      /TOKEN_REQUEST_TIMEOUT/,
      /TOKEN_EXPIRED/,
      /token: '\[redacted\]'/,
      /sequelize: Executing \(default\): SELECT current_user/,
    ]) {
      assert.match(output, expected);
    }
    const [oneToken] = message.tokens;
    assert.equal(
      secrets.find(`a log line with ${oneToken.slice(100, 120)} in it`).length,
      1,
      "the checker finds a piece",
    );

    const hits = secrets.find(output);
    assert.deepEqual(
      hits.map(({ before }) => `…${before}[a piece of a token]`),
      [],
      `${hits.length} pieces of tokens in ${output.length} characters of output`,
    );
    console.log(
      `${message.tokens.length} tokens, ${output.split("\n").length} lines (${output.length} characters) of logs, errors and inspected objects: no piece of a token`,
    );
  },
);

test(
  "1,000,000 warm getPassword() calls: no wasm memory growth, under 2 MB of JS heap, no handle left",
  { timeout: 60_000 },
  async () => {
    const { message } = await runChild("memory", { execArgv: ["--expose-gc"] });
    const { instances, before, after, stats } = message;
    assert.equal(instances, 1, "one wasm instance for the process");
    assert.equal(stats.requests, 1);
    assert.equal(stats.servedFromCache, 1_010_000 - 1);
    assert.equal(after.wasm, before.wasm, "wasm memory grew");
    const heapGrowth = after.heap - before.heap;
    assert.ok(heapGrowth < 2 * 1024 * 1024, `JS heap grew by ${heapGrowth} bytes`);
    assert.deepEqual(after.resources, before.resources, "live handles and requests");
    console.log(
      `1,000,000 warm calls: wasm memory ${before.wasm} → ${after.wasm} bytes; JS heap ${before.heap} → ${after.heap} bytes (${heapGrowth >= 0 ? "+" : ""}${heapGrowth}); handles ${JSON.stringify(after.resources)}`,
    );
  },
);
