// Every code block of README.md and docs/*.md runs, as users paste it (docs/python.md's and the
// README's Python blocks run in python/tests/test_docs.py):
// - JavaScript (js, mjs) runs in a child `node` against one emulator; TypeScript (ts, mts) is
//   checked with `tsc --strict` (no skipLibCheck; TypeScript 5.8, 5.9 and 7.0) first, then runs the
//   same way. The README's JavaScript blocks are type-checked as TypeScript too.
// - Blocks name real Azure servers at their default ports. tests/fixtures/docs-blocks-preload.mjs
//   maps those names, and only those, to the emulator's doors, and refuses any connection that
//   would leave the machine; the doors' certificates name the Azure hosts (the emulator's
//   `tlsHostNames`), so the clients verify TLS against the name they were given, and the
//   PostgreSQL and MySQL doors refuse plain connections as Azure does. The block is never edited.
// - A block is complete: its imports, its variables, and a comment `// npm install …` naming every
//   package it imports (the test checks the list, and that each package is one this repository
//   installs). A comment line `// NAME=value` in it is its environment (DATABASE_URL).
// - A block must reach a server: one that runs and connects to nothing proves nothing.
// - Shell blocks: `npx entra-db-auth doctor|token …` runs against the emulator; `npm install` names
//   installable packages. Any other block (SQL for the Azure side, a shell session) carries
//   `<!-- not run: why -->` on the line before it, and such blocks stay rare.
// - Output is shown on failure with its file and line, any token in it replaced.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import tls from "node:tls";
import { emulatorForTests, mariadbSkip } from "./helpers.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PRELOAD = join(ROOT, "tests/fixtures/docs-blocks-preload.mjs");
const RUNNER = join(ROOT, "tests/fixtures/docs-blocks-run.mjs");
const CLI = join(ROOT, "js/cli.mjs");
const PAGES = ["README.md", ...readdirSync(join(ROOT, "docs")).map((name) => `docs/${name}`)].filter(
  (page) => page.endsWith(".md") && page !== "docs/python.md",
);
const HOSTS = {
  postgresql: "orders.postgres.database.azure.com",
  sqlServer: "orders.database.windows.net",
  mysql: "orders.mysql.database.azure.com",
};
const BLOCK_TIMEOUT_MS = 90_000;
const JS = new Set(["js", "mjs", "javascript"]);
const TS = new Set(["ts", "mts", "typescript"]);
const SHELL = new Set(["sh", "bash", "shell"]);
/** Not code: output shown as it looks. Python runs in python/tests/test_docs.py. */
const NOT_CODE = new Set(["", "text", "python"]);
const NOT_RUN = /^<!--\s*not run:\s*(.+?)\s*-->$/;
const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}(\.[\w-]*)?/g;
const hasToken = (text) => text.search(JWT) >= 0;

/** The fenced blocks of a page: `{ page, line, lang, code, notRun }` (`line`: the fence's, 1-based). */
export function fencedBlocks(page, text) {
  const lines = text.split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    let end = i + 1;
    while (end < lines.length && lines[end].trim() !== fence) end++;
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === "") before--;
    blocks.push({
      page,
      line: i + 1,
      lang: lang.toLowerCase(),
      code: lines
        .slice(i + 1, end)
        .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
        .join("\n"),
      notRun: before >= 0 ? NOT_RUN.exec(lines[before].trim())?.[1] : undefined,
    });
    i = end;
  }
  return blocks;
}

const BLOCKS = PAGES.flatMap((page) => fencedBlocks(page, readFileSync(join(ROOT, page), "utf8")));
const where = (block) => `${block.page}:${block.line}`;

// ---- what a block says it needs ----------------------------------------------------------------

const OWN_NAME = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).name;
const packageOf = (specifier) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");
const isBuiltin = (specifier) => specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0]);

/** The packages a block imports (static and dynamic imports, require). */
function importedPackages(code) {
  const specifiers = [
    ...code.matchAll(/^\s*import\s+(?:[^"';]+?\s+from\s+)?["']([^"']+)["']/gm),
    ...code.matchAll(/\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g),
  ].map((match) => match[1]);
  return [...new Set(specifiers.filter((s) => !s.startsWith(".") && !isBuiltin(s)).map(packageOf))];
}

/** The packages an `npm install …` line names (flags dropped). */
const installArguments = (line) =>
  line
    .replace(/^\s*(?:\/\/\s*)?npm (?:install|i)\b/, "")
    .replace(/#.*$/, "")
    .trim()
    .split(/\s+/)
    .filter((word) => word && !word.startsWith("-"))
    .map((word) => word.replace(/(.)@[^/@]*$/, "$1"));

/** Why a package this repository does not install cannot be one the docs tell users to install. */
function uninstallable(name) {
  if (name === OWN_NAME || existsSync(join(ROOT, "node_modules", name, "package.json"))) return undefined;
  return `${name} is not installed in this repository, so no block that needs it runs here`;
}

/** What is missing from a block's `// npm install …` comment, or undefined. */
function installProblem(block) {
  const comments = block.code.split("\n").filter((line) => /^\s*\/\/\s*npm install\b/.test(line));
  const imported = importedPackages(block.code);
  if (comments.length === 0) {
    return imported.length === 0 ? undefined : `no "// npm install …" comment; it imports ${imported.join(", ")}`;
  }
  const listed = comments.flatMap(installArguments);
  const needed = [...imported];
  // The library's optional peers: the default credential, and the emulator's certificates.
  if (imported.includes(OWN_NAME)) needed.push("@azure/identity");
  if (/["']entra-db-auth\/emulator["']/.test(block.code)) needed.push("@peculiar/x509", "reflect-metadata");
  const missing = needed.filter((name) => !listed.includes(name));
  if (missing.length > 0) return `its "// npm install" comment does not name ${[...new Set(missing)].join(", ")}`;
  return listed.map(uninstallable).find(Boolean);
}

/** `// NAME=value` comment lines: the block's environment. */
const blockEnv = (code) =>
  Object.fromEntries([...code.matchAll(/^\s*\/\/\s*([A-Z][A-Z0-9_]*)=(\S+)\s*$/gm)].map((m) => [m[1], m[2]]));

// ---- running -----------------------------------------------------------------------------------

let emu;
let scratch;
let routes;
let typeErrors;
const mysqlSkip = mariadbSkip();

before(async () => {
  ({ emu } = await emulatorForTests({
    tls: true,
    requireTls: true,
    sqlServer: true,
    mysql: !mysqlSkip,
    database: "orders",
    msiPrincipal: "userAssigned",
    tlsHostNames: Object.values(HOSTS),
  }));
  routes = {
    [HOSTS.postgresql]: { 5432: emu.pg.port },
    [HOSTS.sqlServer]: { 1433: emu.sqlServer.options.port },
    ...(emu.mysql && { [HOSTS.mysql]: { 3306: emu.mysql.port } }),
  };
  // In the repository, so that `entra-db-auth` resolves to this package and the others to its
  // node_modules; under target/, which git, ESLint and Prettier ignore.
  scratch = join(ROOT, "target", `docs-blocks-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  typeErrors = await typeCheck(BLOCKS.filter(typeChecked));
});
after(async () => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  await emu?.close();
});

const fileName = (block, extension) => `${block.page.replace(/\W+/g, "-")}-L${block.line}.${extension}`;

/** The block's code at its own line numbers, so that a stack trace's line is the page's. */
const atPageLines = (block) => "\n".repeat(block.line) + block.code + "\n";

/**
 * The blocks `tsc --strict` checks: every TypeScript block, and the README's JavaScript ones as
 * TypeScript (the quick start is what a TypeScript app pastes first).
 */
const typeChecked = (block) =>
  !block.notRun && (TS.has(block.lang) || (block.page === "README.md" && JS.has(block.lang)));

// The TypeScript versions the blocks compile with: the oldest DefinitelyTyped supports, the
// repository's and the newest (tests/packaging/one-database-apps.test.mjs checks the same three).
const TYPESCRIPTS = ["typescript-oldest", "typescript", "typescript-newest"];

/** `tsc --strict` over every type-checked block at once, per TypeScript: the errors, by block file name. */
async function typeCheck(blocks) {
  if (blocks.length === 0) return new Map();
  const dir = join(scratch, "types");
  mkdirSync(dir, { recursive: true });
  const files = blocks.map((block) => {
    writeFileSync(join(dir, fileName(block, "mts")), atPageLines(block));
    return fileName(block, "mts");
  });
  const compilerOptions = {
    strict: true,
    noEmit: true,
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    skipLibCheck: false,
    types: ["node"],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files }));
  const errors = new Map();
  for (const typescript of TYPESCRIPTS) {
    const tsc = join(ROOT, "node_modules", typescript, "bin/tsc");
    const { stdout } = await run(process.execPath, [tsc, "-p", dir], { cwd: dir });
    const version = JSON.parse(readFileSync(join(ROOT, "node_modules", typescript, "package.json"), "utf8")).version;
    for (const line of stdout.split("\n")) {
      const file = files.find((name) => line.startsWith(name));
      const key = file ?? (line.trim() ? "*" : undefined);
      if (key) errors.set(key, [...(errors.get(key) ?? []), `TypeScript ${version}: ${line}`]);
    }
  }
  return errors;
}

/** execFile that resolves with `{ code, stdout, stderr }` whatever the exit. */
function run(file, args, options) {
  return new Promise((resolve) => {
    execFile(file, args, { maxBuffer: 16 * 2 ** 20, ...options }, (error, stdout, stderr) =>
      resolve({ code: error ? (error.code ?? error.signal) : 0, killed: error?.killed, stdout, stderr }),
    );
  });
}

/** Output safe to print: no token, the scratch paths named by the page. */
function shown(block, text) {
  return text
    .replaceAll(scratch, "")
    .replace(/\/?[\w-]+-L\d+\.m[jt]s/g, block.page)
    .replace(JWT, "[a token]");
}

const DATABASE_VARIABLES = [
  ...["PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGSSLMODE", "PGSSLROOTCERT", "DATABASE_URL"],
  ...["AZURE_MYSQL_HOST", "AZURE_MYSQL_PORT", "AZURE_MYSQL_USER", "AZURE_MYSQL_DATABASE", "AZURE_MYSQL_SSL"],
  ...["MYSQL_HOST", "MYSQL_TCP_PORT", "AZURE_SQL_SERVER", "AZURE_SQL_PORT", "AZURE_SQL_DATABASE"],
  "AZURE_SQL_AUTHENTICATIONTYPE",
];

function childEnv(block, report, env) {
  return {
    ...process.env,
    ...emu.envFor("managedIdentity"),
    // Nothing of the emulator's or the developer's database settings, which the libraries read as
    // defaults: a block names its server, or sets them itself in a `// NAME=value` line.
    ...Object.fromEntries(DATABASE_VARIABLES.map((name) => [name, undefined])),
    NODE_OPTIONS: undefined,
    DOCS_BLOCKS_ROUTES: JSON.stringify(routes),
    DOCS_BLOCKS_REPORT: report,
    ...blockEnv(block.code),
    ...env,
  };
}

const namedHosts = (text) => Object.values(HOSTS).filter((host) => text.includes(host));

/**
 * Runs `args` (after node's own) with the preload: asserts a clean exit, no token, a server reached,
 * and a connection to each of `hosts`.
 */
async function runChild(block, args, name, hosts, env = {}) {
  const report = join(scratch, `${name}.report.json`);
  const outcome = await run(process.execPath, ["--import", PRELOAD, ...args], {
    cwd: scratch,
    env: childEnv(block, report, env),
    timeout: BLOCK_TIMEOUT_MS,
    killSignal: "SIGKILL",
  });
  const output = shown(block, `${outcome.stdout}\n${outcome.stderr}`).trim().slice(-4000);
  const at = where(block);
  assert.ok(!outcome.killed, `${at}: still running after ${BLOCK_TIMEOUT_MS / 1000} s\n${output}`);
  assert.equal(outcome.code, 0, `${at}: the block failed (exit ${outcome.code})\n${output}`);
  // assert.ok, not doesNotMatch: an assertion error would carry the text itself.
  assert.ok(!hasToken(`${outcome.stdout}${outcome.stderr}`), `${at}: the block printed a token\n${output}`);
  const { connections } = JSON.parse(readFileSync(report, "utf8"));
  assert.ok(connections.length > 0, `${at}: the block ran but reached no server, so it proves nothing\n${output}`);
  // A block that names an Azure server logs in there: one that only builds a pool proves nothing.
  for (const host of hosts) {
    assert.ok(
      connections.some((connection) => connection.to === host),
      `${at}: the block names ${host} but never connected to it: end it with a query\n${output}`,
    );
  }
  return { connections, output };
}

/** The doors a block's text names: skipped together when MariaDB is missing. */
const needsMysql = (block) => block.code.includes(HOSTS.mysql) || /mysql: true/.test(block.code);

async function runScript(block) {
  const problem = installProblem(block);
  assert.ok(!problem, `${where(block)}: ${problem}`);
  const ts = TS.has(block.lang);
  if (typeChecked(block)) {
    const errors = [...(typeErrors.get(fileName(block, "mts")) ?? []), ...(typeErrors.get("*") ?? [])];
    assert.ok(errors.length === 0, `${where(block)}: tsc --strict\n${shown(block, errors.join("\n"))}`);
  }
  const file = join(scratch, fileName(block, "mjs"));
  writeFileSync(file, ts ? await transpile(atPageLines(block)) : atPageLines(block));
  await runChild(block, [RUNNER, file], fileName(block, "mjs"), namedHosts(block.code));
}

async function transpile(source) {
  const { default: typescript } = await import("typescript");
  return typescript.transpileModule(source, {
    compilerOptions: { module: typescript.ModuleKind.ESNext, target: typescript.ScriptTarget.ES2022 },
  }).outputText;
}

/** A shell block: each line an `npm install` to check or an `npx entra-db-auth doctor|token` to run. */
async function runShell(block) {
  const lines = block.code
    .split("\n")
    .map((line) => line.replace(/\s#\s.*$/, "").trim())
    .filter((line) => line && !line.startsWith("#"));
  for (const [i, line] of lines.entries()) {
    if (/^npm (install|i)\b/.test(line)) {
      const names = installArguments(line);
      assert.ok(names.length > 0, `${where(block)}: "${line}" names no package`);
      const problems = names.map(uninstallable).filter(Boolean);
      assert.ok(problems.length === 0, `${where(block)}: ${problems.join("; ")}`);
      continue;
    }
    // Variables set before the command (`AZURE_SQL_SERVER=… npx …`) are its environment.
    const cli = /^((?:[A-Z][A-Z0-9_]*=\S+\s+)*)npx entra-db-auth ((doctor|token)\b.*)$/.exec(line);
    assert.ok(cli, `${where(block)}: "${line}" neither runs here nor is marked <!-- not run: why -->`);
    assert.doesNotMatch(line, /["'$`\\|;&<>]/, `${where(block)}: "${line}": quoting is not understood here`);
    const env = Object.fromEntries(
      cli[1]
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((pair) => pair.split(/=(.*)/s, 2)),
    );
    // doctor logs in; token only asks the identity endpoint.
    const hosts = cli[3] === "doctor" ? namedHosts(line) : [];
    await runChild(block, [CLI, ...cli[2].split(/\s+/)], `${fileName(block, "sh")}-${i}`, hosts, env);
  }
}

test("the docs have code blocks, and the blocks marked not to run stay rare", () => {
  const code = BLOCKS.filter((block) => !NOT_CODE.has(block.lang));
  const marked = code.filter((block) => block.notRun);
  assert.ok(code.length >= 40, `${code.length} code blocks`);
  assert.ok(marked.length * 4 <= code.length, `${marked.length} of ${code.length} blocks are marked not to run`);
});

test("the emulator's certificates name the hosts it was given, and no other", async () => {
  const connect = (servername) =>
    new Promise((resolve, reject) => {
      const socket = tls.connect({ host: "127.0.0.1", port: emu.sqlServer.options.port, servername, ca: emu.ca });
      socket.once("secureConnect", () => resolve(socket.destroy()));
      socket.once("error", reject);
    });
  await connect(HOSTS.sqlServer);
  await connect("localhost");
  await assert.rejects(connect("orders.database.windows.net.example"), { code: "ERR_TLS_CERT_ALTNAME_INVALID" });
  const { startEmulator } = await import("entra-db-auth/emulator");
  await assert.rejects(startEmulator({ tlsHostNames: ["*.database.windows.net"] }), TypeError);
});

test(
  "every code block of the README and docs/ runs as pasted, or says why not",
  { concurrency: Math.max(2, Math.min(4, availableParallelism())) },
  async (t) => {
    await Promise.all(
      BLOCKS.filter((block) => !NOT_CODE.has(block.lang)).map((block) => {
        const name = `${where(block)} (${block.lang || "no language"})`;
        if (block.notRun) return t.test(name, { skip: `not run: ${block.notRun}` }, () => {});
        const skip = needsMysql(block) && mysqlSkip;
        if (JS.has(block.lang) || TS.has(block.lang)) return t.test(name, { skip }, () => runScript(block));
        if (SHELL.has(block.lang)) return t.test(name, { skip }, () => runShell(block));
        return t.test(name, () =>
          assert.fail(`${where(block)}: a ${block.lang} block neither runs here nor is marked <!-- not run: why -->`),
        );
      }),
    );
  },
);
