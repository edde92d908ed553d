// The listening half the emulator's servers share: each listens on 127.0.0.1 (a free port) and does
// not keep the process alive on its own (close() is still the way out). The front doors keep the
// sockets they are given, so that close() ends them all without waiting for clients to hang up;
// the HTTP endpoints (identity/endpoint.mjs, identity/authority.mjs) answer in JSON, Entra's error body on a crash.
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

function reply(res, status, body) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

/** A request's body, whole, as text. */
export async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

const notFound = (req, url) => ({
  status: 404,
  body: { error: "not_found", error_description: `no route ${req.method} ${url.pathname}` },
});

/** The request's target as a URL, or undefined when it is none: `GET // HTTP/1.1` names no host. */
function targetOf(req) {
  try {
    return new URL(req.url, "http://127.0.0.1");
  } catch {
    return undefined;
  }
}

/**
 * Serves `route(req, url)` on `server` (an http or https server) at 127.0.0.1. A route resolves to
 * its answer, `{ status, body, failed? }`, or to undefined for a path it does not serve (404). An
 * answer that failed (`failed`, or a status of 400 or more) counts in `requests.failed`, and so
 * does a route that throws, which answers 500 with `entraError(500, …)`, and a request whose target
 * is not a URL path, which answers 400. Resolves to `{ port, close() }`; close() drops every
 * connection.
 */
export async function serveRoutes(server, route, { requests, entraError }) {
  async function answer(req) {
    const url = targetOf(req);
    if (url === undefined) {
      return { status: 400, body: entraError(400, `the request target ${JSON.stringify(req.url)} is not a path`) };
    }
    try {
      return (await route(req, url)) ?? notFound(req, url);
    } catch (error) {
      return { status: 500, body: entraError(500, `emulator error: ${error.message}`) };
    }
  }
  // Whatever a client sends, the process stays up: every failure is an answer, or at worst (the
  // answer cannot be written) a dropped connection, never an uncaught exception.
  server.on("request", (req, res) => {
    answer(req)
      .then((answered) => {
        if (answered.failed || answered.status >= 400) requests.failed += 1;
        if (!res.headersSent) reply(res, answered.status, answered.body);
      })
      .catch(() => res.destroy());
  });
  return {
    port: await listen(server),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
