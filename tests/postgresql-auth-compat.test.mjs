// The drop-in functions against the behaviours of @azure/postgresql-auth 1.0.0-beta.1's own test
// suite (sdk/postgresql/postgresql-auth/test/public/ in Azure/azure-sdk-for-js), written anew for
// our exports, with in-process credentials where that suite uses fakes. Its two tests that count a
// credential call per use are the one deliberate difference: ours are cached (tested below).
import { afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Sequelize } from "sequelize";
import { Sequelize as Sequelize7 } from "@sequelize/core";
import { PostgresDialect } from "@sequelize/postgres";
import { entraTokenProvider, configureEntraAuthentication, configureEntraIdAuth } from "entra-db-auth";
import { countingCredential, fakeJwt } from "./helpers.mjs";

const PUBLIC_SCOPE = "https://ossrdbms-aad.database.windows.net/.default";
const GUID = "6f1e2d3c-0000-4000-8000-00000000abcd";
const MIRID =
  "/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders-api";

/** A credential that always answers `token` (valid for an hour) and records the scopes asked for. */
function fixedCredential(token) {
  return countingCredential({
    delayMs: 0,
    answer: () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
  });
}
const failingCredential = (message) =>
  countingCredential({
    answer: () => {
      throw new Error(message);
    },
  });

/** Any object with beforeConnect(callback), the official's hook target; keeps what it was given. */
function hookTarget() {
  const target = {
    callbacks: [],
    beforeConnect(callback) {
      target.callbacks.push(callback);
    },
  };
  return target;
}

/** Registers the drop-in hook for a credential answering `token`, runs it once on `config`. */
async function runHook(token, options, config = {}) {
  const target = hookTarget();
  configureEntraAuthentication(target, fixedCredential(token), options);
  await target.callbacks[0](config);
  return config;
}

const savedPgUser = process.env.PGUSER;
afterEach(() => {
  if (savedPgUser === undefined) delete process.env.PGUSER;
  else process.env.PGUSER = savedPgUser;
});
/** Neither a claim in the official order nor an option names a role. */
const noClaimToken = fakeJwt({ sub: "subject", unique_name: "someone@contoso.com" });
const isRequired = (e) => e.code === "INVALID_ARGUMENT" && e.message.includes("credential is required");

describe("entraTokenProvider, as @azure/postgresql-auth's", () => {
  test("its password function resolves to the token the credential returned", async () => {
    const token = fakeJwt({ upn: "alice@contoso.com" });
    assert.equal(await entraTokenProvider(fixedCredential(token))(), token);
  });

  test("it asks the credential for the Azure Database for PostgreSQL scope by default", async () => {
    const credential = fixedCredential(fakeJwt({ upn: "alice@contoso.com" }));
    await entraTokenProvider(credential)();
    assert.deepEqual(credential.scopes, [PUBLIC_SCOPE]);
  });

  test("it asks for the `scope` option when one is given", async () => {
    const credential = fixedCredential(fakeJwt({ upn: "alice@contoso.com" }));
    await entraTokenProvider(credential, { scope: "https://custom-scope/.default" })();
    const listed = fixedCredential(fakeJwt({ upn: "alice@contoso.com" }));
    await entraTokenProvider(listed, { scope: ["https://custom-scope/.default"] })();
    assert.deepEqual([...credential.scopes, ...listed.scopes], Array(2).fill("https://custom-scope/.default"));
  });

  test("it throws 'credential is required' without a credential", () => {
    for (const missing of [null, undefined]) assert.throws(() => entraTokenProvider(missing), isRequired);
  });

  test("a credential that fails rejects with the credential's message", async () => {
    await assert.rejects(entraTokenProvider(failingCredential("Simulated auth failure"))(), /Simulated auth failure/);
  });

  test("a credential that answers null rejects with 'Failed to acquire Entra ID token'", async () => {
    const credential = countingCredential({ answer: () => null });
    await assert.rejects(entraTokenProvider(credential)(), (e) => {
      assert.equal(e.code, "NO_TOKEN");
      assert.match(e.message, /^Failed to acquire Entra ID token: /);
      return true;
    });
  });
});

describe("configureEntraAuthentication, as @azure/postgresql-auth's", () => {
  test("it registers one callback through the target's beforeConnect method", () => {
    const target = hookTarget();
    configureEntraAuthentication(target, fixedCredential(fakeJwt({ upn: "alice@contoso.com" })));
    assert.equal(target.callbacks.length, 1);
    assert.equal(typeof target.callbacks[0], "function");
  });

  test("with valid arguments it returns nothing and throws nothing", () => {
    const credential = fixedCredential(fakeJwt({ upn: "alice@contoso.com" }));
    assert.equal(configureEntraAuthentication(hookTarget(), credential), undefined);
    assert.equal(credential.calls, 0, "no token before the first connection");
  });

  test("it throws 'credential is required' without a credential", () => {
    for (const missing of [null, undefined]) {
      assert.throws(() => configureEntraAuthentication(hookTarget(), missing), isRequired);
    }
  });

  test("the hook sets the upn as the username and the token as the password", async () => {
    const token = fakeJwt({ upn: "alice@contoso.com", appid: GUID });
    const config = await runHook(token);
    assert.equal(config.username, "alice@contoso.com");
    assert.equal(config.password, token);
  });

  test("the hook overwrites a username and password already in the config", async () => {
    const token = fakeJwt({ upn: "alice@contoso.com" });
    const config = await runHook(token, {}, { username: "old-user", password: "old-password" });
    assert.equal(config.username, "alice@contoso.com");
    assert.equal(config.password, token);
  });

  test("a managed identity (no upn) logs in as its appid, even with xms_mirid naming the identity", async () => {
    const token = fakeJwt({ appid: GUID, xms_mirid: MIRID, idtyp: "app" });
    const config = await runHook(token, { fallbackUsername: "unused" });
    assert.equal(config.username, GUID);
    assert.equal(config.password, token);
  });

  test("with neither upn nor appid, fallbackUsername is the username", async () => {
    process.env.PGUSER = "env-user@example.com";
    const config = await runHook(noClaimToken, { fallbackUsername: "fallback@example.com" });
    assert.equal(config.username, "fallback@example.com");
    assert.equal(config.password, noClaimToken);
  });

  test("with neither upn, appid nor fallbackUsername, PGUSER is the username", async () => {
    process.env.PGUSER = "env-user@example.com";
    assert.equal((await runHook(noClaimToken)).username, "env-user@example.com");
  });

  test("when nothing names a role the hook rejects with 'Could not determine DB username'", async () => {
    process.env.PGUSER = "";
    await assert.rejects(runHook(noClaimToken), (e) => {
      assert.equal(e.code, "NO_USERNAME");
      assert.match(e.message, /^Could not determine DB username: .*none of the claims upn, appid/);
      return true;
    });
  });

  test("the hook rejects with the credential's failure", async () => {
    const target = hookTarget();
    configureEntraAuthentication(target, failingCredential("Simulated auth failure"));
    await assert.rejects(target.callbacks[0]({}), /Simulated auth failure/);
  });

  test("a token that is not a JWT is still the password, and leaves the name to the options", async () => {
    process.env.PGUSER = "";
    await assert.rejects(runHook("only-one-part"), (e) => {
      assert.equal(e.code, "NO_USERNAME");
      assert.match(e.message, /^Could not determine DB username: .*not a JWT/);
      return true;
    });
    const config = await runHook("only-one-part", { fallbackUsername: "app" });
    assert.deepEqual([config.username, config.password], ["app", "only-one-part"]);
  });
});

describe("what the drop-in does beyond @azure/postgresql-auth", () => {
  test("calls are cached: one credential call serves every password and every hook run", async () => {
    const credential = countingCredential({ claims: { upn: "alice@contoso.com" } });
    const password = entraTokenProvider(credential);
    const target = hookTarget();
    configureEntraAuthentication(target, credential);
    const configs = Array.from({ length: 20 }, () => ({}));
    const [tokens] = await Promise.all([
      Promise.all(configs.map(() => password())),
      Promise.all(configs.map((config) => target.callbacks[0](config))),
    ]);
    assert.equal(credential.calls, 1);
    assert.equal(new Set([...tokens, ...configs.map((config) => config.password)]).size, 1);
  });

  test("the same token gives the drop-in the appid and configureEntraIdAuth the identity's name", async () => {
    const credential = countingCredential({ claims: { appid: GUID, xms_mirid: MIRID } });
    const target = hookTarget();
    configureEntraAuthentication(target, credential);
    const dropIn = {};
    await target.callbacks[0](dropIn);
    const sequelize = configureEntraIdAuth(
      new Sequelize("appdb", null, null, { dialect: "postgres", logging: false }),
      credential,
    );
    const ours = sequelize.connectionManager.config;
    await sequelize.runHooks("beforeConnect", ours);
    assert.deepEqual([dropIn.username, ours.username], [GUID, "orders-api"]);
    assert.equal(credential.calls, 1);
  });

  test("Sequelize v6 and v7 instances are hook targets: v6 gets username, v7 user and a password function", async () => {
    const credential = countingCredential({ claims: { appid: GUID } });
    const v6 = new Sequelize("appdb", "configured", null, { dialect: "postgres", logging: false });
    configureEntraAuthentication(v6, credential);
    const config6 = v6.connectionManager.config;
    await v6.runHooks("beforeConnect", config6);
    assert.equal(config6.username, GUID);
    assert.equal(typeof config6.password, "string");

    const v7 = new Sequelize7({ dialect: PostgresDialect, host: "localhost", user: "configured" });
    configureEntraAuthentication(v7, credential);
    const config7 = { host: "localhost", user: "configured" };
    await v7.hooks.runAsync("beforeConnect", config7);
    assert.equal(config7.user, GUID);
    assert.equal(config7.password(), config6.password);
    await v7.close();
  });

  test("a clear-text connection to a remote host is refused before any token is fetched", async () => {
    const credential = countingCredential();
    const remote = { host: "orders.postgres.database.azure.com", ssl: false };
    await assert.rejects(entraTokenProvider(credential)(remote), { code: "INSECURE_CONNECTION" });
    const target = hookTarget();
    configureEntraAuthentication(target, credential);
    await assert.rejects(target.callbacks[0]({ ...remote }), { code: "INSECURE_CONNECTION" });
    assert.equal(credential.calls, 0);
    // sslmode=prefer may fall back to clear text, as in getEntraTokenPassword.
    const prefer = entraTokenProvider(credential)({ ...remote, ssl: true, sslmode: "prefer" });
    await assert.rejects(prefer, { code: "INSECURE_CONNECTION" });
    assert.equal(credential.calls, 0);
    const tls = await entraTokenProvider(credential)({ ...remote, ssl: true });
    assert.equal(typeof tls, "string");
  });

  test("the scope follows the host's cloud unless the `scope` option is given", async () => {
    const credential = countingCredential();
    await entraTokenProvider(credential)({ host: "orders.postgres.database.chinacloudapi.cn", ssl: true });
    assert.deepEqual(credential.scopes, ["https://ossrdbms-aad.database.chinacloudapi.cn/.default"]);
  });

  const badCalls = [
    ["a hook target without beforeConnect", () => configureEntraAuthentication({ addHook() {} }, countingCredential())],
    ["a credential without getToken", () => entraTokenProvider({ token: "x" })],
    ["two scopes", () => entraTokenProvider(countingCredential(), { scope: ["a/.default", "b/.default"] })],
    [
      "a numeric fallbackUsername",
      () => configureEntraAuthentication(hookTarget(), countingCredential(), { fallbackUsername: 1 }),
    ],
  ];
  for (const [what, call] of badCalls) {
    test(`it refuses ${what} with INVALID_ARGUMENT`, () => {
      assert.throws(call, { code: "INVALID_ARGUMENT" });
    });
  }
});
