// The emulator's whole "query engine": it is a login stand-in, not a database. It answers the
// identity and health queries that tests, doctor and simple apps send, the SET statements drivers
// send after login, and anything else with an error that says so.

/** What the emulator answers, for error messages and the docs. */
export const SUPPORTED = "SELECT 1, SELECT SUSER_SNAME(), SELECT @@VERSION, SELECT DB_NAME() and SELECT @parameter";

/** Azure SQL Database's ProductVersion. */
const PRODUCT_VERSION = "12.0.2000.8";

/** What ORMs ask as they connect, answered so that they start (whitespace-normalized, as sent). */
const STARTUP_QUERIES = new Map([
  // Sequelize v6 and v7: the server version, without its last part.
  [
    "DECLARE @ms_ver NVARCHAR(20); SET @ms_ver = REVERSE(CONVERT(NVARCHAR(20), SERVERPROPERTY('ProductVersion'))); SELECT REVERSE(SUBSTRING(@ms_ver, CHARINDEX('.', @ms_ver)+1, 20)) AS 'version'",
    [{ name: "version", value: PRODUCT_VERSION.split(".").slice(0, 3).join(".") }],
  ],
]);

export const VERSION =
  "Microsoft SQL Azure (RTM) - 12.0.2000.8 \n\tentra-db-auth emulator: an Azure SQL login stand-in, not a database";

/** The error number for a statement the emulator does not run (50000: a user-defined error). */
export const NOT_SUPPORTED = 50000;

const EXPRESSIONS = [
  [/^\d+(\s*\+\s*\d+)*$/, (expression) => expression.split("+").reduce((sum, n) => sum + Number(n), 0)],
  [/^suser_sname\(\s*\)$/i, (expression, { session }) => session.login],
  [/^@@version$/i, () => VERSION],
  [/^db_name\(\s*\)$/i, (expression, { session }) => session.database],
  [/^schema_name\(\s*\)$/i, () => "dbo"], // TypeORM asks as it connects
  // A parameter of sp_executesql, sp_prepexec or sp_execute, echoed (names are case-insensitive).
  [/^@\w+$/, (expression, { parameters }) => parameters.get(expression.toLowerCase())],
];

function unquote(alias) {
  return /^(\[.*\]|'.*'|".*")$/.test(alias) ? alias.slice(1, -1) : alias;
}

/**
 * One select-list item: `expression [[AS] alias]`, or undefined if the emulator does not know it
 * (a parameter not sent, or of a type it does not decode, is not known).
 */
function column(item, context) {
  const match = /^(.+?)(?:\s+(?:as\s+)?(\[[^\]]+\]|'[^']+'|"[^"]+"|[A-Za-z_][\w]*))?$/i.exec(item.trim());
  if (!match) return undefined;
  const [, expression, alias] = match;
  for (const [pattern, evaluate] of EXPRESSIONS) {
    if (pattern.test(expression.trim())) {
      const value = evaluate(expression.trim(), context);
      return value === undefined ? undefined : { name: alias ? unquote(alias) : "", value };
    }
  }
  return undefined;
}

/**
 * The answer to one batch or RPC statement for `session` ({ login, database }), with the RPC's
 * `parameters` (a Map from "@name", lower case, to value): `{ columns }` (one row), `{ done: true }`
 * (SET statements), or `{ error: { number, text } }`.
 */
export function answer(sql, session, parameters = new Map()) {
  const statements = String(sql ?? "")
    .split(/;|\r?\n/)
    .map((statement) => statement.trim())
    .filter(Boolean);
  if (statements.length > 0 && statements.every((statement) => /^set\s/i.test(statement))) return { done: true };
  const text = String(sql ?? "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/\s*;$/, "");
  const startup = STARTUP_QUERIES.get(text);
  if (startup) return { columns: startup };
  if (!text.includes(";")) {
    const select = /^select\s+(.+)$/i.exec(text);
    const columns = select?.[1].split(",").map((item) => column(item, { session, parameters }));
    if (columns && columns.every(Boolean)) return { columns };
  }
  const shown = text.slice(0, 80);
  return {
    error: {
      number: NOT_SUPPORTED,
      text: `The entra-db-auth emulator is an Azure SQL login stand-in, not a database: it answers ${SUPPORTED}, not "${shown}"`,
    },
  };
}
