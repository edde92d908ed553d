// The check every front door makes at login, the way Azure Database for PostgreSQL and MySQL do:
// the password is a token from the identity endpoint (signature, issuer, audience, times), and its
// principal is the user logging in, or a member of the group that is.
import { roleOfClaims } from "./identity/principals.mjs";

const KEPT_REJECTIONS = 10;

// Why a token was refused, in words safe to show: jose's messages never quote the token.
function rejectionReason(error) {
  switch (error.code) {
    case "ERR_JWT_EXPIRED":
      return `token expired at ${new Date(error.payload.exp * 1000).toISOString()}`;
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      if (error.claim === "aud") return `token audience ${JSON.stringify(error.payload.aud)} is not this server's`;
      if (error.claim === "nbf") return "token not valid yet (nbf)";
      if (error.claim === "iss") return `token from tenant ${error.payload.tid}, not this server's tenant`;
      return `token claim "${error.claim}" rejected: ${error.reason}`;
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return "token signature does not verify with the identity endpoint's key";
    default:
      return "password is not a token from the identity endpoint";
  }
}

/**
 * The token verified (signature, issuer, audience, times) and the principal it names: `{ role,
 * claims }` (role undefined when it names no known principal), or `{ reason, expired }` saying why
 * it is refused. Azure SQL, which has no user name at login, checks the principal itself.
 */
export async function verifyToken(tokens, token, { audience, directory }) {
  try {
    const claims = await tokens.verify(token, { audience });
    return { role: roleOfClaims(claims, directory), claims };
  } catch (error) {
    return { reason: rejectionReason(error), expired: error.code === "ERR_JWT_EXPIRED" };
  }
}

/**
 * `(password, user) => Promise<string | undefined>`: why `password` may not log in as `user`, or
 * undefined when it may.
 */
export function createLoginCheck({ tokens, directory, audience, groups }) {
  const withoutRole = new Set(Object.values(directory).flatMap((p) => (p.hasRole === false ? [p.role] : [])));
  return async function refusal(password, user) {
    const { role, reason } = await verifyToken(tokens, password, { audience, directory });
    if (reason) return reason;
    if (withoutRole.has(role)) return `no role was created for "${role}" (pgaadauth_create_principal)`;
    if (role === user || groups[user]?.includes(role)) return undefined;
    return role ? `token is for "${role}", who may not log in as "${user}"` : "token names no principal";
  };
}

/**
 * Counts a refused login in a front door's `controls` (`rejected`) and keeps it among the last few
 * (`lastRejections`, newest last, each `{ at, ...rejection }`).
 */
export function recordRejection(controls, rejection) {
  controls.rejected += 1;
  controls.lastRejections.push({ at: new Date().toISOString(), ...rejection });
  controls.lastRejections.splice(0, controls.lastRejections.length - KEPT_REJECTIONS);
}
