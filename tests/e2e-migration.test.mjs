// Moving from @azure/postgresql-auth to entra-db-auth by changing only the import, end to end: a
// team on the official package runs on a system-assigned managed identity, whose token has no upn,
// so it logs in as the identity's appid, and its PostgreSQL role is named by that GUID. The same
// app, with real pg, Sequelize v6 and @azure/identity, logs in through the official package and
// then through ours; both log in as the GUID, and ours asks the identity endpoint once.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import * as official from "@azure/postgresql-auth";
import * as ours from "entra-db-auth";
import { sequelizeFor } from "./sequelize.mjs";
import { backgroundRefreshes, emulatorForTests } from "./helpers.mjs";

const CONNECTIONS = 4;
let emu;
let identity;

before(async () => {
  ({ emu, identity } = await emulatorForTests({
    // Under 300 s, so that MSAL's own cache holds no token: every getToken reaches the endpoint.
    tokenLifetimeSeconds: 120,
    principals: { systemAssigned: { kind: "systemAssigned", name: "orders-web", roleByAppId: true } },
  }));
});
after(() => emu?.close());

const ROLE_QUERY = "SELECT current_user AS role, pg_sleep(0.1)";

/**
 * The app, written against @azure/postgresql-auth's API; `auth` is the imported module. pg with
 * the role configured (the team's PGUSER) and Sequelize with the role from the token.
 */
async function runApp({ entraTokenProvider, configureEntraAuthentication }, credential) {
  const appid = emu.principals.systemAssigned.clientId;
  const pool = new pg.Pool({ ...emu.pg, user: appid, password: entraTokenProvider(credential), max: CONNECTIONS });
  const sequelize = sequelizeFor(emu.pg, { pool: { max: CONNECTIONS } });
  configureEntraAuthentication(sequelize, credential);
  try {
    const fromPg = await Promise.all(Array.from({ length: CONNECTIONS }, () => pool.query(ROLE_QUERY)));
    const fromSequelize = await Promise.all(
      Array.from({ length: CONNECTIONS }, () => sequelize.query(ROLE_QUERY, { type: "SELECT" })),
    );
    return [...fromPg.map((result) => result.rows[0].role), ...fromSequelize.map(([row]) => row.role)];
  } finally {
    await Promise.all([pool.end(), sequelize.close()]);
  }
}

/**
 * Runs the app; returns the roles it logged in as, the logins and the identity requests it made, and
 * how many of those were our source refreshing ahead of expiry (a 120 s token's first refresh is
 * drawn from 1.2 s on, which a slow run can reach).
 */
async function measured(auth) {
  const credential = new identity.ManagedIdentityCredential();
  const refreshes = auth === ours ? backgroundRefreshes(ours.sharedTokenSource(credential, emu.scope)) : undefined;
  const before = { requests: emu.identity.requests.msi, logins: emu.frontDoor.accepted };
  const roles = await runApp(auth, credential);
  const refreshed = (await refreshes?.()) ?? 0;
  return {
    roles: [...new Set(roles)],
    logins: emu.frontDoor.accepted - before.logins,
    requests: emu.identity.requests.msi - before.requests,
    backgroundRefreshes: refreshed,
  };
}

test("a managed identity whose role is its appid logs in through @azure/postgresql-auth, then through entra-db-auth after changing only the import", async () => {
  const appid = emu.principals.systemAssigned.clientId;
  assert.equal(emu.principals.systemAssigned.role, appid);

  const before = await measured(official);
  assert.deepEqual(before.roles, [appid]);
  assert.ok(before.logins >= 2 * CONNECTIONS, `${before.logins} logins`);
  assert.equal(before.requests, before.logins, "the official package asks for a token at every login");

  const after = await measured(ours);
  assert.deepEqual(after.roles, [appid]);
  assert.ok(after.logins >= 2 * CONNECTIONS, `${after.logins} logins`);
  assert.equal(after.requests, 1 + after.backgroundRefreshes, "one identity request for every login of the app");
  assert.equal(emu.frontDoor.rejected, 0);
  console.log(
    `@azure/postgresql-auth: ${before.logins} logins, ${before.requests} identity requests; entra-db-auth: ${after.logins} logins, ${after.requests}`,
  );
});

test("after the move, configureEntraIdAuth names the identity by its name, and keeps the GUID role with `username`", async () => {
  const credential = new identity.ManagedIdentityCredential();
  const appid = emu.principals.systemAssigned.clientId;
  const source = ours.sharedTokenSource(credential, emu.scope);
  assert.deepEqual(await source.describeUsername(), { name: "orders-web", source: "xms_mirid" });
  assert.deepEqual(await source.describeUsername({ order: "postgresql-auth" }), { name: appid, source: "appid" });

  const sequelize = ours.configureEntraIdAuth(sequelizeFor(emu.pg), credential, { username: appid });
  try {
    const [[row]] = await sequelize.query("SELECT current_user AS role");
    assert.equal(row.role, appid);
  } finally {
    await sequelize.close();
  }
});
