// The child process of no-leaks.test.mjs. `scenarios`: the end-to-end scenarios on the emulator,
// printing everything a user could come to see (every log line with AZURE_LOG_LEVEL=verbose, every
// error's message, stack and util.inspect, util.inspect of our objects and of the drivers' objects
// that went through our hooks); the tokens the credentials handed out go to the parent over IPC,
// never to stdout. `memory`: 1,000,000 warm getPassword() calls, measured (run with --expose-gc).
import { inspect } from "node:util";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** A driver's object: pg hides the password the way we do, as a non-enumerable property. */
const show = (label, value) => console.log(`${label}: ${inspect(value, { depth: 6 })}`);
/** Our own objects and errors, hidden properties too. */
const showOurs = (label, value) => console.log(`${label}: ${inspect(value, { depth: 6, showHidden: true })}`);
const showError = (label, error) => {
  // A scenario that meant to fail and got a token must not print it as if it were an error.
  if (!(error instanceof Error)) throw new Error(`${label}: expected an error, got none`);
  console.log(`${label}: ${error?.message}\n${error?.stack}`);
  showOurs(`${label} (inspected)`, error);
};

async function scenarios() {
  const { startEmulator } = await import("entra-db-auth/emulator");
  const { SHORT_LIFETIME_S } = await import("./helpers.mjs");
  const emu = await startEmulator({ tokenLifetimeSeconds: SHORT_LIFETIME_S, tls: true });
  emu.applyEnv();
  const identity = await import("@azure/identity");
  // Record every token a credential hands out, to our library or to anyone, for the parent's check.
  const tokens = new Set();
  for (const Class of [
    identity.ChainedTokenCredential,
    identity.ManagedIdentityCredential,
    identity.AzureCliCredential,
  ]) {
    const getToken = Class.prototype.getToken;
    Class.prototype.getToken = async function (...args) {
      const accessToken = await getToken.apply(this, args);
      if (typeof accessToken?.token === "string") tokens.add(accessToken.token);
      return accessToken;
    };
  }
  const lib = await import("entra-db-auth");
  const { default: pg } = await import("pg");
  const { sequelizeFor } = await import("./sequelize.mjs");
  const role = emu.principals.systemAssigned.role;
  const ran = [];
  const scenario = async (name, run) => {
    console.log(`--- ${name}`);
    await run();
    ran.push(name);
  };

  try {
    await scenario("pg Pool with password: getEntraTokenPassword, over a refresh", async () => {
      const pool = new pg.Pool({ ...emu.pg, user: role, password: lib.getEntraTokenPassword, maxUses: 1 });
      const source = lib.sharedTokenSource(undefined, emu.scope);
      let refreshed = false;
      source.on("refresh", ({ background }) => (refreshed ||= background));
      while (!refreshed) {
        await pool.query("SELECT 1");
        await sleep(100);
      }
      const client = await pool.connect();
      show("pg Pool with a connected client", pool);
      show("pg Client", client);
      client.release();
      await pool.end();
      showOurs("shared TokenSource", source);
      showOurs("its stats", source.stats());
      showOurs("its claims", await source.getClaims());
    });

    await scenario("Sequelize with configureEntraIdAuth", async () => {
      const sequelize = sequelizeFor(emu.pg, { logging: (sql) => console.log(`sequelize: ${sql}`) });
      lib.configureEntraIdAuth(sequelize);
      const [rows] = await sequelize.query("SELECT current_user AS role");
      show("current_user", rows);
      show("Sequelize connection config after the hook", sequelize.connectionManager.config);
      show("Sequelize", sequelize);
      await sequelize.close();
    });

    await scenario("createPool: the right user, then a wrong one (28P01 and a hint)", async () => {
      const pool = lib.createPool({ ...emu.pg });
      const client = await pool.connect();
      show("createPool with a connected client", pool);
      client.release();
      await pool.end();
      const wrong = lib.createPool({ ...emu.pg, user: "someone-else" });
      const error = await wrong.query("SELECT 1").catch((e) => e);
      showError("wrong user", error);
      console.log(`hint: ${error.hint}`);
      await wrong.end();
    });

    await scenario("identity faults: failure, malformed answer, hang", async () => {
      const source = lib.createTokenSource({ credential: new identity.DefaultAzureCredential(), timeoutMs: 1_000 });
      // Each fault until reset, not for one request: another scenario's source may refresh meanwhile.
      emu.identity.fail({ status: 400 });
      showError("failure", await source.getPassword().catch((e) => e));
      showError("failed recently", await source.getPassword().catch((e) => e));
      emu.identity.reset();
      await sleep(1_100);
      emu.identity.malformed();
      showError("malformed", await source.getPassword().catch((e) => e));
      emu.identity.reset();
      await sleep(1_100);
      emu.identity.hang();
      showError("hang", await source.getPassword().catch((e) => e));
      emu.identity.reset();
      showOurs("TokenSource after the faults", source);
      await sleep(1_100);
      await source.getPassword();
      showOurs("TokenSource after recovery", source);
      // Refreshing from 5% of its lifetime on, in the outage below.
      const keepingFresh = lib
        .createTokenSource({ credential: new identity.DefaultAzureCredential(), refreshAt: 0.05, jitter: 0 })
        .keepFresh();
      await keepingFresh.getPassword();
      emu.identity.fail({ status: 503, forMs: 2_000 });
      await sleep(5_000);
      showOurs("keepFresh through an outage", keepingFresh);
      keepingFresh.close();
      emu.identity.reset();
    });

    await scenario("expired tokens", async () => {
      emu.identity.expiredTokens();
      const source = lib.createTokenSource({ credential: new identity.DefaultAzureCredential() });
      showError("expired", await source.getPassword().catch((e) => e));
      const client = new pg.Client({ ...emu.pg, user: role, password: () => source.getPassword() });
      showError("connect with an expired token", await client.connect().catch((e) => e));
      showOurs("TokenSource", source);
      emu.identity.reset();
    });

    await scenario("AzureCliCredential through the fake az", async () => {
      const restore = emu.applyEnv("azureCli");
      try {
        const credential = new identity.AzureCliCredential();
        const source = lib.createTokenSource({ credential });
        const pool = new pg.Pool({ ...emu.pg, user: emu.principals.user.role, password: () => source.getPassword() });
        for (let i = 0; i < 3; i++) await pool.query("SELECT 1");
        show("AzureCliCredential", credential);
        showOurs("TokenSource on az", source);
        await pool.end();
        // Until reset, not for one request: a background refresh of the source may come first.
        emu.identity.fail({ status: 400 });
        if (!source.invalidate(await source.getPassword())) throw new Error("az failing: the token was not dropped");
        showError("az failing", await source.getPassword().catch((e) => e));
        emu.identity.reset();
      } finally {
        restore();
      }
    });
  } finally {
    process.send({ tokens: [...tokens], ran });
    await emu.close();
  }
}

async function memory() {
  // The first TokenSource instantiates the wasm core, once for the process: keep that instance to
  // read its memory.
  const instances = [];
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = new Proxy(Instance, {
    construct(target, args) {
      const instance = Reflect.construct(target, args);
      instances.push(instance);
      return instance;
    },
  });
  const { createTokenSource } = await import("entra-db-auth");
  const wasmBytes = () => instances[0].exports.memory.buffer.byteLength;
  const credential = {
    async getToken() {
      return {
        token: `header.${Buffer.from('{"upn":"a@b"}').toString("base64url")}.sig`,
        expiresOnTimestamp: Date.now() + 3_600_000,
      };
    },
  };
  const source = createTokenSource({ credential });
  createTokenSource({ credential }); // a second source shares the one instance
  WebAssembly.Instance = Instance;
  const calls = async (n) => {
    for (let i = 0; i < n; i++) await source.getPassword();
  };
  await calls(10_000);
  globalThis.gc();
  const before = {
    wasm: wasmBytes(),
    heap: process.memoryUsage().heapUsed,
    resources: process.getActiveResourcesInfo(),
  };
  await calls(1_000_000);
  globalThis.gc();
  const after = {
    wasm: wasmBytes(),
    heap: process.memoryUsage().heapUsed,
    resources: process.getActiveResourcesInfo(),
  };
  process.send({ instances: instances.length, before, after, stats: source.stats() });
}

await { scenarios, memory }[process.argv[2]]();
