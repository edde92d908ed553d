// A TDS server for tests that take their tokens from an in-process fake credential, which the
// emulator's own front door (js/emulator/tds) would refuse: built from the emulator's messages.
import { createServer } from "node:net";
import {
  ENCRYPTION,
  MessageReader,
  TYPE,
  done,
  fedAuthAck,
  fedAuthInfo,
  frame,
  loginAck,
  parseFedAuthToken,
  preloginResponse,
  TDS_7_4,
} from "../js/emulator/tds/messages.mjs";

/**
 * A TDS server from the emulator's messages that takes any token: it asks for a federated token
 * the way Azure SQL does (PRELOGIN with FEDAUTHREQUIRED, then FEDAUTHINFO), records the token it is
 * sent and logs the client in; a batch gets DONE.
 */
export function startTdsServer() {
  const tokens = [];
  const server = createServer(async (socket) => {
    socket.on("error", () => {});
    const send = (payload) => socket.write(frame(TYPE.TABULAR_RESULT, payload));
    const reader = new MessageReader(socket);
    for (let request = await reader.next(); request; request = await reader.next()) {
      if (request.type === TYPE.PRELOGIN) send(preloginResponse({ encryption: ENCRYPTION.NOT_SUP }));
      if (request.type === TYPE.LOGIN7) {
        send(fedAuthInfo({ stsUrl: "https://login.microsoftonline.com/tenant", spn: "https://database.windows.net/" }));
      }
      if (request.type === TYPE.FEDAUTH_TOKEN) {
        tokens.push(parseFedAuthToken(request.payload));
        send(Buffer.concat([loginAck(TDS_7_4), fedAuthAck(), done()]));
      }
      if (request.type === TYPE.SQL_BATCH) send(done());
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, tokens })));
}
