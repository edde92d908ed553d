// The emulator's HTTP endpoints (the managed identity endpoint and the Entra authority) as a
// careless or hostile client meets them: a request whose target is no URL path gets a 400, and the
// process, which the emulator shares with the tests and the app, stays up to serve the next one.
// Raw sockets, since fetch and http.request normalize or refuse such targets before sending them.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { startEmulator } from "../js/emulator/index.mjs";

let emu;

before(async () => {
  emu = await startEmulator();
});

after(() => emu?.close());

/**
 * Sends `target` as the request line's target, over a socket from `open()`, and reads the whole
 * answer: `{ status, body }` (the body parsed as JSON).
 */
async function rawRequest(open, target, headers = {}) {
  const socket = open();
  // A server that died, or that dropped the request, never answers.
  socket.setTimeout(5_000, () => socket.destroy(new Error(`no answer to GET ${target} in 5 s`)));
  const lines = [`GET ${target} HTTP/1.1`, "Host: 127.0.0.1", "Connection: close"];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  // write, not end: an HTTP server closes a half-closed socket before a slow answer is ready.
  socket.write(`${lines.join("\r\n")}\r\n\r\n`);
  let response = "";
  socket.setEncoding("utf8").on("data", (chunk) => (response += chunk));
  await once(socket, "close");
  const split = response.indexOf("\r\n\r\n");
  const head = response.slice(0, split);
  let body = response.slice(split + 4);
  if (/^transfer-encoding: *chunked/im.test(head)) body = unchunk(body);
  return { status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1]), body: JSON.parse(body) };
}

/** An HTTP/1.1 chunked body, decoded (ASCII sizes; the JSON bodies here are ASCII too). */
function unchunk(chunked) {
  let body = "";
  for (let at = 0; ;) {
    const lineEnd = chunked.indexOf("\r\n", at);
    const size = parseInt(chunked.slice(at, lineEnd), 16);
    if (!(size > 0)) return body;
    body += chunked.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

const BAD_TARGETS = ["//", "//:99999/x", "//[::1/x", "http://[/"];

const endpoints = [
  {
    name: "the managed identity endpoint",
    open: () => connect(new URL(emu.identity.url).port, "127.0.0.1"),
    requests: () => emu.identity.requests,
    // An App Service style token request, the one the identity SDKs send.
    good: () => ({
      target: `/msi/token?api-version=2019-08-01&resource=${encodeURIComponent(emu.audience)}`,
      headers: { "x-identity-header": emu.envFor("managedIdentity").IDENTITY_HEADER },
      check: (body) => assert.equal(typeof body.access_token, "string", "a token was issued"),
    }),
  },
  {
    name: "the authority",
    open: () => tlsConnect({ host: "127.0.0.1", port: new URL(emu.authority.url).port, ca: emu.ca }),
    requests: () => emu.authority.requests,
    good: () => ({
      target: `/${emu.tenantId}/v2.0/.well-known/openid-configuration`,
      headers: {},
      check: (body) => assert.equal(body.issuer, `${emu.authority.url}/${emu.tenantId}/v2.0`),
    }),
  },
];

describe("a request target that is not a URL path", () => {
  for (const { name, open, requests, good } of endpoints) {
    test(`${name} answers 400 to each, and then still serves a good request`, async () => {
      const failedBefore = requests().failed;
      for (const target of BAD_TARGETS) {
        const { status, body } = await rawRequest(open, target);
        assert.equal(status, 400, target);
        assert.equal(body.error, "invalid_request", target);
        assert.ok(body.error_description.includes(JSON.stringify(target)), body.error_description);
      }
      assert.equal(requests().failed - failedBefore, BAD_TARGETS.length, "each counts as a failed request");

      const { target, headers, check } = good();
      const { status, body } = await rawRequest(open, target, headers);
      assert.equal(status, 200, body.error_description);
      check(body);
    });
  }
});
