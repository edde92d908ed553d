// The fallback backend when no PostgreSQL binaries exist: PGlite (PostgreSQL in wasm, in this
// process) served by pg-gateway with trust auth on a Unix socket in our temp dir.
// PGlite is one session for everyone, so `current_user` is always "postgres", and connections
// take turns: one holds the session from its first message until PGlite is idle again (outside
// a transaction), which keeps each connection's statements and transactions whole.
import { createServer, connect } from "node:net";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";

const TERMINATE = 0x58; // 'X'
const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I'

async function loadPglite() {
  try {
    const [{ PGlite }, { fromNodeSocket }] = await Promise.all([
      import("@electric-sql/pglite"),
      import("pg-gateway/node"),
    ]);
    return { PGlite, fromNodeSocket };
  } catch (error) {
    throw new Error(
      "the emulator found no PostgreSQL binaries (initdb, postgres, psql) and its PGlite fallback needs " +
        "`npm install -D @electric-sql/pglite pg-gateway@0.3.0-beta.4`",
      { cause: error },
    );
  }
}

// Ends with ReadyForQuery(idle): the session is free for another connection.
function endsIdle(response) {
  const n = response.length;
  return n >= 6 && response[n - 6] === READY_FOR_QUERY && response[n - 1] === IDLE;
}

function sessionLock() {
  let holder;
  const waiters = [];
  return {
    async acquire(owner) {
      while (holder !== undefined && holder !== owner) await new Promise((resolve) => waiters.push(resolve));
      holder = owner;
    },
    holds: (owner) => holder === owner,
    release(owner) {
      if (holder !== owner) return;
      holder = undefined;
      waiters.shift()?.();
    },
  };
}

export async function startPglite({ dir }) {
  const { PGlite, fromNodeSocket } = await loadPglite();
  await mkdir(dir, { recursive: true });
  const db = await PGlite.create();
  const { server_version: version } = (await db.query("SHOW server_version")).rows[0];
  const lock = sessionLock();
  const sockets = new Set();

  const server = createServer((socket) => {
    const owner = Symbol("connection");
    sockets.add(socket);
    socket.on("error", () => socket.destroy());
    socket.on("close", async () => {
      sockets.delete(socket);
      if (!lock.holds(owner)) return;
      // A client that vanished mid-transaction must not leave the shared session inside it.
      await db.exec("ROLLBACK").catch(() => {});
      lock.release(owner);
    });
    fromNodeSocket(socket, {
      serverVersion: version,
      auth: { method: "trust" },
      async onMessage(data, { isAuthenticated }) {
        if (!isAuthenticated || data[0] === TERMINATE) return undefined;
        await lock.acquire(owner);
        const response = await db.execProtocolRaw(data);
        if (endsIdle(response)) lock.release(owner);
        return response;
      },
    });
  });
  const path = join(dir, "pglite.sock");
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, resolve);
  });
  server.unref();

  return {
    name: "pglite",
    connect: () => connect({ path }),
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
      await db.close();
    },
  };
}
