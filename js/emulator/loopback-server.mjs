// The listening half every front door shares: a TCP server on 127.0.0.1 (a free port) that keeps
// the sockets it is given, so that close() ends them all without waiting for clients to hang up.
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

/**
 * Listens on 127.0.0.1 (a free port, not keeping the process alive) and hands each client's socket,
 * tracked in `sockets`, to `onConnection`. Resolves to `{ host, port, close() }`; close() stops
 * listening and destroys every tracked socket.
 */
export async function listenOnLoopback(sockets, onConnection) {
  const listener = createServer((socket) => onConnection(sockets.track(socket)));
  await new Promise((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(0, "127.0.0.1", resolve);
  });
  listener.unref();
  return {
    host: "127.0.0.1",
    port: listener.address().port,
    async close() {
      const closed = new Promise((resolve) => listener.close(resolve));
      sockets.destroyAll();
      await closed;
    },
  };
}
