// RPC requests (MS-TDS 2.2.6.6): the system procedures drivers send a parameterized statement
// through, over the query engine in queries.mjs. tedious' execSql (and so mssql's
// request().input().query()) sends sp_executesql; ODBC sends sp_executesql or sp_prepexec, and
// sp_unprepare when it drops a statement; tedious' prepare/execute/unprepare send sp_prepare,
// sp_execute and sp_unprepare. A prepared statement lives in its session and is named by a handle,
// 1, 2, … per session, returned in a RETURNVALUE token as SQL Server returns it.
import { answer } from "./queries.mjs";
import { DONE_STATUS, done, message, resultSet, returnStatus, returnValue } from "./messages.mjs";

/** The declared parameter names in sp_executesql's @params ("@id int, @name nvarchar(10)"), in order. */
function declaredNames(declarations) {
  return typeof declarations === "string" ? (declarations.match(/@\w+/g) ?? []) : [];
}

/**
 * The statement's parameters as a Map from "@name" (lower case) to value; one sent without a name
 * (ODBC may send them by position) takes the name declared at its position.
 */
function parameterMap(parameters, declarations) {
  const names = declaredNames(declarations);
  return new Map(parameters.map((p, i) => [(p.name || names[i] || `@${i + 1}`).toLowerCase(), p.value]));
}

/** The tokens that end an RPC: RETURNSTATUS, the output parameters, DONEPROC. */
function finish(status, returnValues = [], rowCount = 0) {
  return Buffer.concat([returnStatus(0), ...returnValues, done({ kind: "doneProc", status, rowCount })]);
}

function failure(number, text) {
  return {
    tokens: Buffer.concat([message({ number, severity: 16, text }), finish(DONE_STATUS.ERROR)]),
    failed: true,
  };
}

/** Runs `statement` with `parameters` for `session`: its result set (or error) and the RPC's end. */
function execute(session, statement, parameters, returnValues = []) {
  const result = answer(statement, session, parameters);
  if (result.error) {
    const error = message({ number: result.error.number, severity: 16, text: result.error.text });
    return { tokens: Buffer.concat([error, finish(DONE_STATUS.ERROR, returnValues)]), failed: true };
  }
  if (result.done) return { tokens: finish(DONE_STATUS.FINAL, returnValues), failed: false };
  const rows = resultSet(result.columns);
  const end = done({ kind: "doneInProc", status: DONE_STATUS.COUNT | DONE_STATUS.MORE, rowCount: 1 });
  return { tokens: Buffer.concat([rows, end, finish(DONE_STATUS.FINAL, returnValues)]), failed: false };
}

/** Keeps `statement` prepared in `session`: its handle. */
function prepare(session, statement, declarations) {
  session.prepared ??= new Map();
  session.lastHandle = (session.lastHandle ?? 0) + 1;
  session.prepared.set(session.lastHandle, { statement, declarations });
  return session.lastHandle;
}

/** A prepared statement of `session` by `handle` (a parameter's value), or an error response. */
function preparedOf(session, handle) {
  const prepared = session.prepared?.get(handle?.value);
  return prepared
    ? { prepared }
    : { error: failure(8179, `Could not find prepared statement with handle ${handle?.value ?? "NULL"}.`) };
}

/** "sp_executesql", "sys.sp_executesql", "[sys].[sp_executesql]": the procedure's own name, lower case. */
function procedureName(procedure) {
  return procedure
    .split(".")
    .at(-1)
    .replace(/^\[|\]$/g, "")
    .toLowerCase();
}

/** The answer to a parsed RPC request (parseRpc) in `session`: `{ tokens, failed }`. */
export function rpcResponse(session, { procedure, parameters }) {
  switch (procedureName(procedure)) {
    case "sp_executesql": {
      const [statement, declarations, ...rest] = parameters;
      return execute(session, statement?.value, parameterMap(rest, declarations?.value));
    }
    case "sp_prepexec": {
      const [handle, declarations, statement, ...rest] = parameters;
      const id = prepare(session, statement?.value, declarations?.value);
      const out = returnValue({ ordinal: 0, name: handle?.name ?? "@handle", value: id });
      return execute(session, statement?.value, parameterMap(rest, declarations?.value), [out]);
    }
    case "sp_prepare": {
      const [handle, declarations, statement] = parameters;
      const id = prepare(session, statement?.value, declarations?.value);
      const out = returnValue({ ordinal: 0, name: handle?.name ?? "@handle", value: id });
      return { tokens: finish(DONE_STATUS.FINAL, [out]), failed: false };
    }
    case "sp_execute": {
      const [handle, ...rest] = parameters;
      const { prepared, error } = preparedOf(session, handle);
      return error ?? execute(session, prepared.statement, parameterMap(rest, prepared.declarations));
    }
    case "sp_unprepare": {
      const [handle] = parameters;
      const { error } = preparedOf(session, handle);
      if (error) return error;
      session.prepared.delete(handle.value);
      return { tokens: finish(DONE_STATUS.FINAL), failed: false };
    }
    default:
      return failure(2812, `Could not find stored procedure '${procedure}'.`);
  }
}
