// createMssqlPool takes mssql's connection strings ("Server=tcp:….database.windows.net,1433;…"),
// as a string or as `{ connectionString }`, read as mssql reads them, except that Encrypt keeps
// SqlClient's meanings (Strict is TDS 8) and the login is always the Entra ID token: an Entra
// Authentication keyword is accepted, a password or a SQL login is refused with what to do. doctor
// takes the same string. (The TLS guard for each Encrypt value: tests/security-matrix.test.mjs.)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createMssqlPool } from "entra-db-auth";
import { configFromConnectionString } from "../js/mssql/connection-string.cjs";
import { parse } from "../js/cli/doctor.mjs";
import { emulatorForTests } from "./helpers.mjs";

const SERVER = "Server=tcp:orders.database.windows.net,1433;Database=orders";

describe("an app's connection string, logged in with the token", () => {
  let emu;
  let identity;
  before(async () => {
    ({ emu, identity } = await emulatorForTests({ sqlServer: { users: ["orders-web"] } }));
  });
  after(() => emu?.close());

  for (const form of ["a string, with the CA beside it", "{ connectionString }"]) {
    test(`Encrypt=Strict;Authentication=Active Directory Default as ${form}`, async () => {
      const { port, database, cryptoCredentialsDetails } = emu.sqlServer.options;
      // localhost: the name on the emulator's certificate, which tedious verifies.
      const text = `Server=tcp:localhost,${port};Initial Catalog=${database};Encrypt=Strict;Authentication=Active Directory Default;Max Pool Size=3`;
      const credential = new identity.ManagedIdentityCredential();
      const tdsLogins = emu.tds.accepted;
      const pool = await createMssqlPool(
        { connectionString: text, options: { cryptoCredentialsDetails } },
        { credential },
      ).connect();
      try {
        assert.equal(pool.config.options.encrypt, "strict");
        assert.equal(pool.config.pool.max, 3);
        const { recordset } = await pool.request().query("SELECT SUSER_SNAME() AS login, DB_NAME() AS db");
        assert.deepEqual(recordset[0], { login: "orders-web", db: database });
      } finally {
        await pool.close();
      }
      assert.ok(emu.tds.accepted > tdsLogins);
    });
  }
});

describe("how the string is read", () => {
  test("each Encrypt value as SqlClient means it: Strict is TDS 8, Optional does not require encryption", () => {
    const encrypt = (value) => configFromConnectionString(`${SERVER};Encrypt=${value}`).options.encrypt;
    assert.deepEqual(["true", "yes", "Mandatory", "Strict", "false", "no", "Optional"].map(encrypt), [
      true,
      true,
      true,
      "strict",
      false,
      false,
      false,
    ]);
    assert.equal(configFromConnectionString(SERVER).options.encrypt, undefined, "unset: tedious' default, true");
  });

  test("server, port, database, pool and timeouts as mssql reads them; given options win over the string", () => {
    assert.deepEqual(
      configFromConnectionString(`${SERVER};Connect Timeout=30;Max Pool Size=20;TrustServerCertificate=false`),
      {
        server: "orders.database.windows.net",
        port: 1433,
        database: "orders",
        connectionTimeout: 30_000,
        pool: { max: 20 },
        options: { trustServerCertificate: false },
      },
    );
    const pool = createMssqlPool({
      connectionString: `${SERVER};Encrypt=true`,
      database: "shop",
      options: { encrypt: "strict" },
    });
    assert.equal(pool.config.database, "shop");
    assert.equal(pool.config.options.encrypt, "strict");
  });

  test("every Entra Authentication keyword is accepted: the token is ours", () => {
    for (const keyword of [
      "Active Directory Default",
      "ActiveDirectoryMSI",
      "Active Directory Managed Identity",
      "Active Directory Integrated",
      "Active Directory Workload Identity",
    ]) {
      assert.equal(configFromConnectionString(`${SERVER};Authentication=${keyword}`).authentication_type, undefined);
    }
  });

  test("a SQL or Windows login, a password, a user or a number that is not one is refused (INVALID_ARGUMENT), the password never quoted", () => {
    const refusals = [
      [";Authentication=Sql Password", /Authentication=Sql Password logs in without Entra ID/],
      [
        ";User Id=sa;Password=Secret-Pa55",
        /has Password=, .*leave Password out \(for a service principal, pass its credential/,
      ],
      [";Authentication=Active Directory Password;UID=alice@contoso.com;PWD=Secret-Pa55", /has Password=/],
      [
        ";Authentication=Active Directory Managed Identity;User Id=0e4a1f5c-0000-4000-8000-000000000000",
        /has User Id=, .*new ManagedIdentityCredential\(clientId\), or set AZURE_CLIENT_ID/,
      ],
      [";Encrypt=maybe", /Encrypt=maybe is none of true, yes, mandatory, strict, false, no, optional/],
      [";Integrated Security=SSPI", /asks for a Windows login \(integrated security\)/],
      [";Trusted_Connection=yes", /asks for a Windows login \(trusted_connection\)/],
      [";Server=tcp:orders.database.windows.net,abc", /the connection string's port is not a number/],
      [";Max Pool Size=many;Connect Timeout=soon", /connectionTimeout, max are not numbers/],
    ];
    for (const [settings, message] of refusals) {
      assert.throws(
        () => createMssqlPool(`${SERVER}${settings}`),
        (error) => {
          assert.equal(error.code, "INVALID_ARGUMENT");
          assert.match(error.message, message);
          assert.ok(!error.message.includes("Secret-Pa55"), "the password is not quoted"); // not printed if it is
          return true;
        },
      );
    }
  });

  test("Encrypt=false or TrustServerCertificate=true to an Azure server: INSECURE_CONNECTION before any login", () => {
    assert.throws(() => createMssqlPool(`${SERVER};Encrypt=false`), { code: "INSECURE_CONNECTION" });
    assert.throws(() => createMssqlPool(`${SERVER};TrustServerCertificate=true`), { code: "INSECURE_CONNECTION" });
  });

  test("doctor takes the same string, in --url or --host, and refuses one the library would refuse", () => {
    const pick = ({ engine, host, port, database }) => ({ engine, host, port, database });
    // --ca system: the emulator above set PGSSLROOTCERT (applyEnv), to a file gone with it.
    const parseDoctor = (args) => parse([...args, "--ca", "system"]);
    const expected = { engine: "sqlserver", host: "orders.database.windows.net", port: 1433, database: "orders" };
    assert.deepEqual(pick(parseDoctor(["--url", `${SERVER};Encrypt=Strict`])), expected);
    assert.deepEqual(pick(parseDoctor(["--host", `${SERVER};Authentication=Active Directory Default`])), expected);
    assert.deepEqual(pick(parseDoctor(["--url", SERVER, "--database", "shop"])), { ...expected, database: "shop" });
    assert.throws(() => parseDoctor(["--url", `${SERVER};Encrypt=false`]), /without encryption/);
    assert.throws(() => parseDoctor(["--url", `${SERVER};Password=Secret-Pa55`]), /leave Password out/);
  });
});
