// MySQL 8's default collation on a MariaDB that does not have it. A MySQL 8 client (mysql2 with
// charset "UTF8MB4_0900_AI_CI", Connector/J, PyMySQL's collation, a dump made on MySQL 8) names
// utf8mb4_0900_ai_ci (id 255); MariaDB 10.11 does not know it (11.4.5 made it an alias). It
// ignores an unknown id in the login and answers 1273 "Unknown collation" to the name in SQL.
// The front door maps both to utf8mb4_unicode_ci (id 224): like utf8mb4_0900_ai_ci it follows the
// Unicode Collation Algorithm (UCA 4.0.0 weights, not 9.0.0), case- and accent-insensitive, with
// expansions (ß = ss), where utf8mb4_general_ci compares one character at a time (ß = s). What
// still differs: unicode_ci is PAD SPACE ('a' = 'a '), 0900_ai_ci NO PAD; characters Unicode added
// after 4.0 sort by code point. The two names have the same length, so a statement keeps its size.

export const MYSQL8_DEFAULT = { id: 255, name: "utf8mb4_0900_ai_ci" };
export const STAND_IN = { id: 224, name: "utf8mb4_unicode_ci" };

const MYSQL8_NAME = Buffer.from(MYSQL8_DEFAULT.name);
const STAND_IN_NAME = Buffer.from(STAND_IN.name);

/** The collation id to give MariaDB for the one a client asked for. */
export function backendCollationId(id) {
  return id === MYSQL8_DEFAULT.id ? STAND_IN.id : id;
}

/**
 * `statement` (a COM_QUERY payload, or any bytes) with every utf8mb4_0900_ai_ci, in any letter
 * case, replaced by utf8mb4_unicode_ci, in place. Returns how many it replaced.
 */
export function replaceMysql8Collation(statement) {
  let replaced = 0;
  const lower = Buffer.from(statement.toString("latin1").toLowerCase(), "latin1");
  for (let at = lower.indexOf(MYSQL8_NAME); at !== -1; at = lower.indexOf(MYSQL8_NAME, at + MYSQL8_NAME.length)) {
    STAND_IN_NAME.copy(statement, at);
    replaced += 1;
  }
  return replaced;
}
