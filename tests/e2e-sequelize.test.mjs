// Sequelize v6 end to end: the role name comes from the token the credential returns.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { sequelizeFor } from "./sequelize.mjs";
import { configureEntraIdAuth, sharedTokenSource } from "entra-db-auth";
import { backgroundRefreshes, emulatorForTests } from "./helpers.mjs";

let emu;
let identity;

before(async () => ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: 120 })));
after(() => emu?.close());

const LOGINS = 3;
const sources = [];
// A shared source refreshes in the background after its test if it was used: each test's source
// stops with it, so that no request of its lands in the next test's counts.
afterEach(() => {
  for (const source of sources.splice(0)) source.close();
});

/**
 * Sequelize with one connection per query (each query is a login, with a password and a role from
 * the hook), configured with `configureEntraIdAuth(sequelize, credential, options)`; and the count
 * of its source's refreshes ahead of expiry.
 */
function configured(credential, options) {
  const source = sharedTokenSource(credential, emu.scope);
  sources.push(source);
  const sequelize = configureEntraIdAuth(sequelizeFor(emu.pg, { pool: { max: 1, maxUses: 1 } }), credential, options);
  return { sequelize, refreshes: backgroundRefreshes(source) };
}

/**
 * The roles LOGINS logins on `sequelize` got, and the identity requests they cost: one token
 * serves them all, so a cache that fetched per login fails. A refresh ahead of expiry is not one of
 * them: the first of a 120-second token is drawn from 1.2 s on, which a slow run can reach.
 */
async function logins({ sequelize, refreshes }) {
  const requests = emu.identity.requests.msi;
  const accepted = emu.frontDoor.accepted;
  const roles = new Set();
  for (let i = 0; i < LOGINS; i++) {
    const [[row]] = await sequelize.query("SELECT current_user AS role");
    roles.add(row.role);
  }
  await sequelize.close();
  const refreshed = await refreshes();
  return {
    roles: [...roles],
    logins: emu.frontDoor.accepted - accepted,
    identityRequests: emu.identity.requests.msi - requests - refreshed,
  };
}

// Sequelize v6 also logs in once to read the server version.
const loggedInAs = (role) => ({ roles: [role], logins: LOGINS + 1, identityRequests: 1 });

test("configureEntraIdAuth(sequelize) with no username logs a system-assigned identity in as its resource's name", async () => {
  assert.deepEqual(await logins(configured()), loggedInAs(emu.principals.systemAssigned.role));
});

for (const [key, what] of [
  ["user", "a user as their upn"],
  ["guest", "a guest as their unique_name"],
  ["userAssigned", "a user-assigned identity as its name"],
]) {
  test(`configureEntraIdAuth logs ${what}`, async () => {
    emu.identity.use(key);
    try {
      assert.deepEqual(
        await logins(configured(new identity.DefaultAzureCredential())),
        loggedInAs(emu.principals[key].role),
      );
    } finally {
      emu.identity.use("systemAssigned");
    }
  });
}

test("a group member logs in with the group's name as the configured username", async () => {
  emu.identity.use("user");
  try {
    const [group] = Object.keys(emu.groups);
    const app = configured(new identity.DefaultAzureCredential(), { username: group });
    assert.deepEqual(await logins(app), loggedInAs(group));
  } finally {
    emu.identity.use("systemAssigned");
  }
});
