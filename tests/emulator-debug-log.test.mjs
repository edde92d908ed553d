// The emulator's PostgreSQL front door says why a login broke off, at debug level
// (NODE_DEBUG=entra-db-auth-emulator), instead of dropping the connection silently.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

test("with NODE_DEBUG=entra-db-auth-emulator, a login that breaks off is logged with its reason", () => {
  const script = `
    import { connect } from "node:net";
    import { once } from "node:events";
    import { startEmulator } from "entra-db-auth/emulator";
    const emu = await startEmulator();
    const socket = connect(emu.pg.port, emu.pg.host);
    await once(socket, "connect");
    // A startup packet whose length (3) is shorter than its own length field.
    socket.end(Buffer.from([0, 0, 0, 3, 0, 3, 0, 0]));
    await once(socket, "close");
    await emu.close();`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { ...process.env, NODE_DEBUG: "entra-db-auth-emulator" },
    timeout: 60_000,
  });
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stderr, /ENTRA-DB-AUTH-EMULATOR \d+: login failed: invalid message length/);
});
