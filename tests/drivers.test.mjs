// pg and Sequelize integration without a server: the real packages' own objects and hook machinery.
// Logins over real sockets are in the end-to-end tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { createRequire } from "node:module";
import { Sequelize } from "sequelize";
import {
  getEntraTokenPassword,
  entraTokenProvider,
  configureEntraIdAuth,
  createPool,
  scopeForHost,
  ConfigurationError,
} from "entra-db-auth";
import { countingCredential } from "./helpers.mjs";

const ConnectionParameters = createRequire(import.meta.url)("pg/lib/connection-parameters");
const PUBLIC = "https://ossrdbms-aad.database.windows.net/.default";

test("the scope follows the host's cloud", () => {
  const cases = [
    ["orders.postgres.database.azure.com", PUBLIC],
    ["orders.postgres.database.chinacloudapi.cn", "https://ossrdbms-aad.database.chinacloudapi.cn/.default"],
    ["ORDERS.postgres.database.usgovcloudapi.net.", "https://ossrdbms-aad.database.usgovcloudapi.net/.default"],
    ["orders.mysql.database.chinacloudapi.cn", "https://ossrdbms-aad.database.chinacloudapi.cn/.default"],
    ["localhost", PUBLIC],
    [undefined, PUBLIC],
  ];
  for (const [host, scope] of cases) assert.equal(scopeForHost(host), scope, host);
});

test("getEntraTokenPassword(credential, { scope }) asks that credential for that scope", async () => {
  const credential = countingCredential();
  const scope = "https://ossrdbms-aad.database.chinacloudapi.cn/.default";
  const password = await getEntraTokenPassword(credential, { scope });
  assert.equal(typeof password, "string");
  assert.deepEqual(credential.scopes, [scope]);
});

test("pools on one credential share one token through the registry", async () => {
  const credential = countingCredential({ delayMs: 10 });
  const poolA = entraTokenProvider(credential);
  const poolB = () => getEntraTokenPassword(credential);
  const passwords = await Promise.all([...Array(100)].flatMap(() => [poolA(), poolB()]));
  assert.equal(credential.calls, 1);
  assert.equal(new Set(passwords).size, 1);
});

test("pg's connection parameters (pg >= 8.19) for a non-TLS remote host are refused before any token is fetched", async () => {
  const params = new ConnectionParameters({ host: "orders.postgres.database.azure.com", user: "alice", ssl: false });
  const error = await getEntraTokenPassword(params).catch((e) => e);
  assert.ok(error instanceof ConfigurationError);
  assert.equal(error.code, "INSECURE_CONNECTION");
  assert.match(error.message, /ssl: true/);
});

function newSequelize(options = {}) {
  return new Sequelize("appdb", options.username ?? null, null, {
    dialect: "postgres",
    host: "localhost",
    logging: false,
    ...options,
  });
}

/** Runs the beforeConnect hooks the way Sequelize v6's connection manager does, on its own config. */
async function connectConfig(sequelize) {
  const config = sequelize.connectionManager.config;
  await sequelize.runHooks("beforeConnect", config);
  return config;
}

test("the Sequelize hook sets the token as password and the upn as username", async () => {
  const credential = countingCredential({ claims: { upn: "alice@contoso.com" } });
  const sequelize = configureEntraIdAuth(newSequelize(), credential);
  const config = await connectConfig(sequelize);
  assert.equal(config.username, "alice@contoso.com");
  assert.equal(config.password, await getEntraTokenPassword(credential));
  assert.ok(!inspect(config).includes(config.password.slice(0, 20)), "the token is not enumerable");
  await connectConfig(sequelize);
  assert.equal(credential.calls, 1, "the second connection reuses the token");
});

test("the Sequelize hook keeps a username configured in Sequelize or in the options", async () => {
  const credential = countingCredential({ claims: { upn: "alice@contoso.com" } });
  const fromSequelize = configureEntraIdAuth(newSequelize({ username: "db-admins" }), credential);
  assert.equal((await connectConfig(fromSequelize)).username, "db-admins");
  assert.equal((await connectConfig(fromSequelize)).username, "db-admins");
  const fromOptions = configureEntraIdAuth(newSequelize(), credential, { username: "readers" });
  assert.equal((await connectConfig(fromOptions)).username, "readers");
});

test("a managed identity logs in under its name, not its appid (the drop-in keeps the appid: postgresql-auth-compat)", async () => {
  const mirid = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/orders-web";
  const credential = countingCredential({ claims: { xms_mirid: mirid, appid: "6f1e-guid" } });
  const sequelize = configureEntraIdAuth(newSequelize(), credential, { fallbackUsername: "unused" });
  assert.equal((await connectConfig(sequelize)).username, "orders-web");
});

test("the Sequelize hook refuses a non-TLS remote host unless allowInsecure", async () => {
  const remote = () => newSequelize({ host: "orders.postgres.database.azure.com" });
  const refused = configureEntraIdAuth(remote(), countingCredential());
  await assert.rejects(connectConfig(refused), { code: "INSECURE_CONNECTION" });
  const tls = configureEntraIdAuth(
    newSequelize({ host: "orders.postgres.database.azure.com", dialectOptions: { ssl: { rejectUnauthorized: true } } }),
    countingCredential(),
  );
  assert.equal((await connectConfig(tls)).username, "alice@contoso.com");
  const insecure = configureEntraIdAuth(remote(), countingCredential(), { allowInsecure: true });
  assert.equal((await connectConfig(insecure)).username, "alice@contoso.com");
});

test("createPool reads host and TLS from a connection string the way pg does", () => {
  const plain = "postgres://app@orders.postgres.database.azure.com/orders";
  assert.throws(
    () => createPool({ connectionString: plain }, { credential: countingCredential() }),
    (e) => e instanceof ConfigurationError && e.code === "INSECURE_CONNECTION",
  );
  const pool = createPool({ connectionString: `${plain}?sslmode=verify-full` }, { credential: countingCredential() });
  assert.ok(pool.options.maxLifetimeSeconds >= 1620 && pool.options.maxLifetimeSeconds <= 1980);
  return pool.end();
});
