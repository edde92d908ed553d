// The tarball works in a fresh directory with only pg and @azure/identity, from import and require,
// with no Rust toolchain on PATH.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const run = (command, args, options) => execFileSync(command, args, { encoding: "utf8", ...options });

test("npm pack yields a tarball that works from import and require without Rust", { timeout: 180_000 }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), "entra-db-auth-pack-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const [{ filename, files }] = JSON.parse(
    run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: root }),
  );
  const paths = files.map((f) => f.path);
  for (const needed of [
    "js/index.cjs",
    "js/index.mjs",
    "js/index.d.cts",
    "js/index.d.mts",
    "js/wasm/core.cjs",
    "js/cli/doctor.mjs",
    "js/emulator/index.mjs",
  ]) {
    assert.ok(paths.includes(needed), `${needed} is packed`);
  }
  assert.ok(!paths.some((p) => p.startsWith("src/") || p.startsWith("tests/")), "no sources or tests packed");
  writeFileSync(join(dir, "package.json"), '{ "name": "consumer", "private": true }');
  run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      join(dir, filename),
      "pg@8.23.1",
      "@azure/identity@4.13.1",
    ],
    { cwd: dir },
  );
  const check = `
    const credential = { async getToken() { return { token: "h.eyJ1cG4iOiJhQGIifQ.s", expiresOnTimestamp: Date.now() + 3600e3 }; } };
    const source = m.createTokenSource({ credential });
    source.getUsername().then((name) => console.log(typeof m.getEntraTokenPassword, name));`;
  const env = { PATH: dirname(process.execPath), HOME: dir };
  const fromRequire = run(process.execPath, ["-e", `const m = require("entra-db-auth");${check}`], { cwd: dir, env });
  const fromImport = run(
    process.execPath,
    ["--input-type=module", "-e", `import * as m from "entra-db-auth";${check}`],
    {
      cwd: dir,
      env,
    },
  );
  assert.equal(fromRequire.trim(), "function a@b");
  assert.equal(fromImport.trim(), "function a@b");
});

test("import loads only the token source: the wasm core, credential, logging and adapters on first use", () => {
  const script = `
    import { createRequire } from "node:module";
    let compiled = 0;
    WebAssembly.Module = new Proxy(WebAssembly.Module, { construct: (...args) => (compiled++, Reflect.construct(...args)) });
    const ours = () => Object.keys(createRequire(import.meta.url).cache).filter((f) => f.startsWith(process.argv[1])).map((f) => f.slice(process.argv[1].length)).sort();
    const m = await import("entra-db-auth");
    const atImport = { modules: ours(), compiled };
    m.createTokenSource({ credential: { getToken: async () => null } });
    const atFirstSource = { modules: ours(), compiled };
    await m.getEntraTokenPassword({ getToken: async () => null }).catch(() => {});
    console.log(JSON.stringify({ atImport, atFirstSource, afterPg: ours() }));`;
  const out = run(process.execPath, ["--input-type=module", "-e", script, join(root, "js/")], { cwd: root });
  const { atImport, atFirstSource, afterPg } = JSON.parse(out);
  const tokenSource = ["core/errors.cjs", "core/hosts.cjs", "core/index.cjs", "core/source.cjs"];
  assert.deepEqual(atImport, {
    modules: [...tokenSource, "index.cjs", "pg/index.cjs", "core/identity-esm.cjs"].sort(),
    compiled: 0,
  });
  assert.deepEqual(atFirstSource, {
    modules: [...atImport.modules, "core/credential.cjs", "core/observe.cjs", "wasm/core.cjs"].sort(),
    compiled: 1,
  });
  assert.ok(afterPg.includes("pg/pg.cjs"), "getEntraTokenPassword loads pg/pg.cjs");
  assert.ok(!afterPg.some((file) => /^(mssql|mysql)\//.test(file)), "nothing of SQL Server or MySQL");
});

test("each entry point exports the same names to require(), to Node's import and to bundlers", async () => {
  const { exports } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  for (const entry of [".", "./pg", "./mssql", "./mysql"]) {
    const builds = {
      require: exports[entry].require.default,
      import: exports[entry].import.default,
      module: exports[entry].import.module,
    };
    const names = {};
    for (const [condition, file] of Object.entries(builds)) {
      // Node 23 and later add `module.exports` to a CommonJS module's names when imported.
      names[condition] = Object.keys(await import(join(root, file)))
        .filter((name) => name !== "default" && name !== "module.exports")
        .sort();
    }
    assert.ok(names.require.length > 9, `${entry}: more than the shared exports`);
    assert.deepEqual(names.import, names.require, `${entry}: import`);
    assert.deepEqual(names.module, names.require, `${entry}: module`);
  }
});

test("a default credential with no entry point loaded is a typed error, not a TypeError", () => {
  // What a bundler that left out an entry point's useIdentity call would give its app.
  const script = `const { TokenSource } = require("./js/core/source.cjs");
new TokenSource().getPassword().catch((error) => console.log(JSON.stringify([error.name, error.code, error.message])));`;
  const [name, code, message] = JSON.parse(run(process.execPath, ["-e", script], { cwd: root }));
  assert.deepEqual([name, code], ["TokenAcquisitionError", "TOKEN_ACQUISITION_FAILED"]);
  assert.match(message, /no entry point of entra-db-auth said which build of @azure\/identity to load/);
});
