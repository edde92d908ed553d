// Figure 10: what an app of one database ships when bundled. Each app is a folder with only the
// packages it names (scripts/app-folder.mjs), bundled as its users bundle it. Our share is our app's
// bundle over the same app written with the driver and @azure/identity directly (per-connection);
// "own code" is what esbuild's metafile attributes to this package's files, the wasm core included.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { BUNDLERS, appFolder, packPackage } from "../scripts/app-folder.mjs";
import { fmt } from "./stats.mjs";

const CREDENTIAL = `import { DefaultAzureCredential } from "@azure/identity";
const credential = new DefaultAzureCredential();`;

/** Per database: what each contender's app installs, and its code. */
const APPS = {
  "PostgreSQL (pg)": {
    ours: [["pg"], `import { createPool } from "entra-db-auth/pg";\nexport const pool = createPool({ ssl: true });`],
    official: [
      ["pg", "@azure/identity", "@azure/postgresql-auth"],
      `import pg from "pg";\nimport { entraTokenProvider } from "@azure/postgresql-auth";\n${CREDENTIAL}
export const pool = new pg.Pool({ ssl: true, password: entraTokenProvider(credential) });`,
    ],
    perConnection: [
      ["pg", "@azure/identity"],
      `import pg from "pg";\n${CREDENTIAL}
const scope = "https://ossrdbms-aad.database.windows.net/.default";
export const pool = new pg.Pool({ ssl: true, password: async () => (await credential.getToken(scope)).token });`,
    ],
    floor: [["pg"], `import pg from "pg";\nexport const pool = new pg.Pool({ ssl: true });`],
  },
  "Azure SQL (mssql)": {
    ours: [
      ["mssql"],
      `import { createMssqlPool } from "entra-db-auth/mssql";
export const pool = createMssqlPool({ server: "orders.database.windows.net", database: "orders", options: { encrypt: true } });`,
    ],
    perConnection: [
      ["mssql"],
      `import sql from "mssql";
export const pool = new sql.ConnectionPool({ server: "orders.database.windows.net", database: "orders", options: { encrypt: true },
  authentication: { type: "azure-active-directory-default", options: {} } });`,
    ],
    floor: [
      ["mssql"],
      `import sql from "mssql";
export const pool = new sql.ConnectionPool({ server: "orders.database.windows.net", database: "orders", options: { encrypt: true } });`,
    ],
  },
  "Azure Database for MySQL (mysql2)": {
    ours: [
      ["mysql2"],
      `import { createMysqlPool } from "entra-db-auth/mysql";\nexport const pool = createMysqlPool({ host: "orders.mysql.database.azure.com", ssl: {} });`,
    ],
    perConnection: [
      ["mysql2", "@azure/identity"],
      `import mysql from "mysql2/promise";\n${CREDENTIAL}
const scope = "https://ossrdbms-aad.database.windows.net/.default";
export const pool = mysql.createPool({ host: "orders.mysql.database.azure.com", ssl: {}, authPlugins: {
  mysql_clear_password: () => async () => Buffer.from(\`\${(await credential.getToken(scope)).token}\\0\`) } });`,
    ],
    floor: [
      ["mysql2"],
      `import mysql from "mysql2/promise";\nexport const pool = mysql.createPool({ host: "orders.mysql.database.azure.com", ssl: {} });`,
    ],
  },
};

/** The bytes a bundler wrote to `dir`: the bundle and any chunk it split off (webpack's dynamic imports). */
function outputBytes(dir) {
  return readdirSync(dir)
    .filter((name) => !name.endsWith(".meta.json"))
    .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

const kib = (bytes) => `${fmt(bytes / 1024)} KiB`;

/** Bytes of `file` that esbuild's metafile attributes to entra-db-auth's own files. */
function ownBytes(metafile) {
  const { outputs } = JSON.parse(readFileSync(metafile, "utf8"));
  const [output] = Object.values(outputs);
  return Object.entries(output.inputs)
    .filter(([input]) => input.includes("node_modules/entra-db-auth/"))
    .reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0);
}

export async function bundleFigures({ bundlers }, progress) {
  const work = mkdtempSync(join(tmpdir(), "entra-db-auth-bundle-"));
  try {
    const packed = await packPackage(work);
    const rows = [];
    for (const [database, contenders] of Object.entries(APPS)) {
      const sizes = {};
      let own;
      for (const [contender, [packages, code]] of Object.entries(contenders)) {
        const dir = join(work, `${database}-${contender}`.replace(/\W+/g, "-"));
        appFolder(dir, ["@azure/identity", ...packages], contender === "ours" ? packed : undefined);
        writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
        writeFileSync(join(dir, "app.mjs"), code);
        sizes[contender] = {};
        for (const bundler of bundlers) {
          progress(`bundle: ${database}, ${contender}, ${bundler}`);
          const file = await BUNDLERS[bundler](dir, "app.mjs");
          sizes[contender][bundler] = outputBytes(dirname(file));
          if (contender === "ours" && bundler === "esbuild, CJS") own = ownBytes(`${file}.meta.json`);
        }
      }
      for (const bundler of bundlers) {
        const size = (contender) => (sizes[contender] ? kib(sizes[contender][bundler]) : "");
        const share = sizes.ours[bundler] - sizes.perConnection[bundler];
        rows.push({
          figure: 10,
          measure: `Bundle of a ${database}-only app, ${bundler}; per-connection = the driver and @azure/identity used directly${database.startsWith("Azure SQL") ? " (tedious' azure-active-directory-default)" : ""}; floor = the driver alone`,
          ours: size("ours"),
          official: size("official"),
          perConnection: size("perConnection"),
          floor: size("floor"),
          ratio: `our share ${kib(share)}${bundler === "esbuild, CJS" ? `; own code ${kib(own)} (wasm included)` : ""}`,
          goal: database.startsWith("PostgreSQL") ? "our share ≤ 150 KB" : "",
        });
      }
    }
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
