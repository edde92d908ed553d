// A MySQL 8 client on the emulator's MySQL front door, over MariaDB: it may ask for MySQL 8's
// default collation, utf8mb4_0900_ai_ci (id 255), at login and by name in SQL, which MariaDB 10.11
// does not have; the door gives MariaDB utf8mb4_unicode_ci (id 224) for both.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import mysql from "mysql2/promise";
import { emulatorForTests, mariadbSkip } from "./helpers.mjs";

const skip = mariadbSkip();
let emu;

before(async () => {
  if (skip) return;
  ({ emu } = await emulatorForTests({ mysql: true }));
});
after(() => emu?.close());

async function connectAsMysql8Client() {
  const user = emu.principals.systemAssigned.role;
  const password = await emu.identity.mintToken("systemAssigned");
  return mysql.createConnection({
    ...emu.mysql,
    user,
    password,
    enableCleartextPlugin: true,
    charset: "UTF8MB4_0900_AI_CI",
  });
}

test("mysql2 with charset UTF8MB4_0900_AI_CI logs in and runs on MariaDB's utf8mb4_unicode_ci", { skip }, async () => {
  const connection = await connectAsMysql8Client();
  try {
    const [[row]] = await connection.query("SELECT @@collation_connection AS collation");
    assert.deepEqual(row, { collation: "utf8mb4_unicode_ci" });
  } finally {
    await connection.end();
  }
});

test(
  "utf8mb4_0900_ai_ci named in SQL (SET NAMES, COLLATE, CREATE TABLE, a prepared statement) works",
  { skip },
  async () => {
    const before = emu.mysqlFrontDoor.collationRewrites;
    const connection = await connectAsMysql8Client();
    try {
      await connection.query("SET NAMES utf8mb4 COLLATE utf8mb4_0900_ai_ci");
      const [[names]] = await connection.query("SELECT @@collation_connection AS collation");
      assert.equal(names.collation, "utf8mb4_unicode_ci");
      // UCA, case- and accent-insensitive, with expansions: as utf8mb4_0900_ai_ci compares.
      const [[compared]] = await connection.query(
        "SELECT 'Straße' = 'STRASSE' COLLATE utf8mb4_0900_ai_ci AS expansion, 'é' = 'E' COLLATE UTF8MB4_0900_AI_CI AS accent",
      );
      assert.deepEqual(compared, { expansion: 1, accent: 1 });
      await connection.query(
        "CREATE TABLE IF NOT EXISTS collation_probe (name VARCHAR(20)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci",
      );
      const [[table]] = await connection.query(
        "SELECT TABLE_COLLATION AS collation FROM information_schema.TABLES WHERE TABLE_NAME = 'collation_probe'",
      );
      assert.equal(table.collation, "utf8mb4_unicode_ci");
      await connection.query("DROP TABLE collation_probe");
      const [[prepared]] = await connection.execute("SELECT ? = 'a' COLLATE utf8mb4_0900_ai_ci AS same", ["A"]);
      assert.equal(prepared.same, 1);
    } finally {
      await connection.end();
    }
    assert.equal(emu.mysqlFrontDoor.collationRewrites - before, 5);
  },
);
