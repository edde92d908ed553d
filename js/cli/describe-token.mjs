// What a token says, read by the library itself: the core decodes the claims (with the identity
// kind), and a TokenSource holding just this token names the role it would log in as, so the CLI
// shows the library's answer rather than a second opinion.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { decodeClaims } = require("../core/source.cjs");
const { createTokenSource } = require("../core/index.cjs");

/**
 * `{ claims, claimsError, username, usernameError, issuedOn, expiresOn }` for an AccessToken.
 * `claims` is undefined for a token that is not a JWT (it still works as a password); `username`
 * (`{ name, source }`) is undefined when the library would not log in with this token.
 */
export async function describeToken(accessToken) {
  let claims;
  let claimsError;
  try {
    claims = decodeClaims(accessToken.token);
  } catch (error) {
    claimsError = error.message;
  }
  const source = createTokenSource({ credential: { getToken: async () => accessToken } });
  let username;
  let usernameError;
  try {
    username = await source.describeUsername();
  } catch (error) {
    usernameError = error.message;
  } finally {
    source.close();
  }
  const seconds = (claim) => (typeof claim === "number" ? claim * 1000 : undefined);
  return {
    claims,
    claimsError,
    username,
    usernameError,
    issuedOn: seconds(claims?.iat),
    // What the cache goes by; the claim only when the credential gave no expiry.
    expiresOn: accessToken.expiresOnTimestamp ?? seconds(claims?.exp),
  };
}

/** The token's audience(s), as one string. */
export function audienceOf(claims) {
  return claims?.aud?.join(", ");
}
