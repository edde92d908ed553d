// Sequelize v6 end to end: the role name comes from the token the credential returns.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { sequelizeFor } from "./sequelize.mjs";
import { configureEntraIdAuth } from "entra-db-auth";
import { emulatorForTests } from "./helpers.mjs";

let emu;
let identity;

before(async () => ({ emu, identity } = await emulatorForTests({ tokenLifetimeSeconds: 120 })));
after(() => emu?.close());

const newSequelize = () => sequelizeFor(emu.pg);

async function currentUser(sequelize) {
  const [[row]] = await sequelize.query("SELECT current_user AS role");
  await sequelize.close();
  return row.role;
}

test("configureEntraIdAuth(sequelize) with no username logs a system-assigned identity in as its resource's name", async () => {
  assert.equal(await currentUser(configureEntraIdAuth(newSequelize())), emu.principals.systemAssigned.role);
});

for (const [key, what] of [
  ["user", "a user as their upn"],
  ["guest", "a guest as their unique_name"],
  ["userAssigned", "a user-assigned identity as its name"],
]) {
  test(`configureEntraIdAuth logs ${what}`, async () => {
    emu.identity.use(key);
    try {
      const sequelize = configureEntraIdAuth(newSequelize(), new identity.DefaultAzureCredential());
      assert.equal(await currentUser(sequelize), emu.principals[key].role);
    } finally {
      emu.identity.use("systemAssigned");
    }
  });
}

test("a group member logs in with the group's name as the configured username", async () => {
  emu.identity.use("user");
  try {
    const [group] = Object.keys(emu.groups);
    const sequelize = configureEntraIdAuth(newSequelize(), new identity.DefaultAzureCredential(), { username: group });
    assert.equal(await currentUser(sequelize), group);
  } finally {
    emu.identity.use("systemAssigned");
  }
});
