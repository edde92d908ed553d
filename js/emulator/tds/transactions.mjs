// Transaction Manager requests (MS-TDS 2.2.6.9), answered as SQL Server answers them, with no data
// behind them: the emulator runs no statements, so a transaction is only the state a client keeps
// in step with, its 8-byte descriptor. tedious' beginTransaction/commitTransaction/
// rollbackTransaction (and so mssql's Transaction) send these; so does ODBC with autocommit off,
// which begins a transaction at connect and asks each commit or rollback to begin the next
// (fBeginXact). Answers: ENVCHANGE begin (8, the new descriptor), commit (9) or rollback (10, the
// old descriptor), then DONE; SQL Server's errors 3902, 3903 and 628 when there is no transaction.
import { randomBytes } from "node:crypto";
import { DONE_STATUS, ENV, TM, done, envChange, message } from "./messages.mjs";

/** The error number for what the emulator does not do (50000: a user-defined error). */
const NOT_SUPPORTED = 50000;

const NO_TRANSACTION = {
  [TM.COMMIT]: [3902, "The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION."],
  [TM.ROLLBACK]: [3903, "The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION."],
  [TM.SAVE]: [628, "Cannot issue SAVE TRANSACTION when there is no active transaction."],
};

function failed(number, text) {
  return {
    tokens: Buffer.concat([message({ number, severity: 16, text }), done({ status: DONE_STATUS.ERROR })]),
    failed: true,
  };
}

/** Begins a transaction on `session` (or nests one): the ENVCHANGE it takes, if any. */
function begin(session, { isolationLevel, name }) {
  if (session.transaction) {
    // A nested BEGIN only counts, as @@TRANCOUNT does; the descriptor stays the outer one's.
    session.transaction.depth += 1;
    return [];
  }
  const descriptor = randomBytes(8);
  session.transaction = { descriptor, depth: 1, name, isolationLevel, savepoints: new Set() };
  return [envChange(ENV.BEGIN_TRANSACTION, descriptor, Buffer.alloc(0))];
}

/** Ends `session`'s transaction (`type` commit or rollback): its ENVCHANGE. */
function end(session, type) {
  const { descriptor } = session.transaction;
  session.transaction = undefined;
  return envChange(type, Buffer.alloc(0), descriptor);
}

/**
 * Rolls back whatever transaction `session` has, as a reset (sp_reset_connection) does: the
 * ENVCHANGE that tells the client, or nothing.
 */
export function rollbackOnReset(session) {
  return session.transaction ? [end(session, ENV.ROLLBACK_TRANSACTION)] : [];
}

/** The answer to a parsed Transaction Manager request (parseTransactionManager): `{ tokens, failed }`. */
export function transactionResponse(session, request) {
  const changes = [];
  switch (request.request) {
    case TM.BEGIN:
      changes.push(...begin(session, request));
      break;
    case TM.COMMIT:
    case TM.ROLLBACK:
    case TM.SAVE: {
      const { transaction } = session;
      if (!transaction) return failed(...NO_TRANSACTION[request.request]);
      if (request.request === TM.SAVE) {
        transaction.savepoints.add(request.name);
      } else if (request.request === TM.ROLLBACK && request.name && transaction.savepoints.has(request.name)) {
        // Back to a savepoint: the transaction goes on.
      } else if (request.request === TM.COMMIT && transaction.depth > 1) {
        transaction.depth -= 1;
      } else {
        const type = request.request === TM.COMMIT ? ENV.COMMIT_TRANSACTION : ENV.ROLLBACK_TRANSACTION;
        changes.push(end(session, type));
        if (request.beginNew) changes.push(...begin(session, request.beginNew));
      }
      break;
    }
    default:
      // TM_GET_DTC_ADDRESS, TM_PROPAGATE_XACT, TM_PROMOTE_XACT: distributed transactions (MSDTC).
      return failed(
        NOT_SUPPORTED,
        "The entra-db-auth emulator does not take part in distributed transactions (MSDTC): it answers begin, commit, rollback and save only",
      );
  }
  return { tokens: Buffer.concat([...changes, done()]), failed: false };
}
