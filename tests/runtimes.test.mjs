// Bun and Deno run the pg path from the package as installed (the emulator runs under Node). The
// binaries come from the npm registry (@oven/bun-linux-x64, @deno/linux-x64-glibc): .ci/run installs
// them and sets ENTRA_DB_AUTH_BUN and ENTRA_DB_AUTH_DENO; elsewhere `bun` and `deno` on PATH are used,
// and a runtime that is missing is skipped with the reason.
//
// Bun's TLS (BoringSSL) refuses a chain whose CA limits IP addresses with nameConstraints ("unsupported
// name constraint type"), which the emulator's per-run CA does: under Bun the connection is encrypted
// but the emulator's certificate is not verified. Deno verifies it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { startEmulator } from "entra-db-auth/emulator";

const run = promisify(execFile);
const APP = fileURLToPath(new URL("./fixtures/bundled-app/app.mjs", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));

function version(binary) {
  try {
    return execFileSync(binary, ["--version"], { encoding: "utf8", env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" } })
      .split("\n")[0]
      .trim();
  } catch {
    return undefined;
  }
}

const runtimes = [
  { name: "Bun", binary: process.env.ENTRA_DB_AUTH_BUN || "bun", args: [APP], verifies: false },
  { name: "Deno", binary: process.env.ENTRA_DB_AUTH_DENO || "deno", args: ["run", "--allow-all", APP], verifies: true },
];

let emu;
before(async () => {
  emu = await startEmulator({ tls: true });
});
after(() => emu?.close());

for (const { name, binary, args, verifies } of runtimes) {
  const found = version(binary);
  test(
    `${name}: createPool logs in through DefaultAzureCredential over TLS${verifies ? " verified against the emulator's CA" : ""}`,
    { skip: found ? false : `${binary} not found: set ENTRA_DB_AUTH_${name.toUpperCase()} or put it on PATH` },
    async (t) => {
      t.diagnostic(`${name} ${found}`);
      const env = {
        ...process.env,
        ...emu.envFor("managedIdentity"),
        APP_PG: JSON.stringify({ ...emu.pg, ssl: verifies ? emu.pg.ssl : { rejectUnauthorized: false } }),
        DENO_NO_UPDATE_CHECK: "1",
      };
      const requests = emu.identity.requests.msi;
      const { stdout } = await run(binary, args, { cwd: ROOT, env, timeout: 60_000 });
      assert.deepEqual(JSON.parse(stdout.trim()), { role: emu.principals.systemAssigned.role });
      assert.equal(emu.identity.requests.msi - requests, 1, "one identity request");
    },
  );
}
