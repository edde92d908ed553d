// The listening half the emulator's servers share: each listens on 127.0.0.1 (a free port) and does
// not keep the process alive on its own (close() is still the way out). The front doors keep the
// sockets they are given, so that close() ends them all without waiting for clients to hang up;
// the HTTP endpoints (identity.mjs, authority.mjs) answer in JSON, Entra's error body on a crash.
import { createServer } from "node:net";

/** The sockets a front door holds open: `track(socket)` keeps one until it closes; an error ends it. */
export function createSocketSet() {
  const sockets = new Set();
  return {
    track(socket) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => socket.destroy());
      return socket;
    },
    destroyAll() {
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** Starts `server` (net, http or https) listening on 127.0.0.1; resolves to its port. */
async function listen(server) {
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  server.unref();
  return server.address().port;
}

/**
 * Listens on 127.0.0.1 (a free port) and hands each client's socket, tracked in `sockets`, to
 * `onConnection`. Resolves to `{ host, port, close() }`; close() stops listening and destroys
 * every tracked socket.
 */
export async function listenOnLoopback(sockets, onConnection) {
  const listener = createServer((socket) => onConnection(sockets.track(socket)));
  return {
    host: "127.0.0.1",
    port: await listen(listener),
    async close() {
      const closed = new Promise((resolve) => listener.close(resolve));
      sockets.destroyAll();
      await closed;
    },
  };
}

export function reply(res, status, body) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

/**
 * Serves `route(req, res)` on `server` (an http or https server) at 127.0.0.1: a route that throws
 * counts in `requests.failed` and answers 500 with `entraError(500, …)`. Resolves to `{ port,
 * close() }`; close() drops every connection.
 */
export async function serveRoutes(server, route, { requests, entraError }) {
  server.on("request", (req, res) => {
    route(req, res).catch((error) => {
      requests.failed += 1;
      if (!res.headersSent) reply(res, 500, entraError(500, `emulator error: ${error.message}`));
    });
  });
  return {
    port: await listen(server),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
