// The emulator's token service: one RS256 key pair per run, Entra-shaped v1 access tokens,
// and the verification the PostgreSQL front door applies at login.
import { randomUUID } from "node:crypto";
import { SignJWT, exportJWK, generateKeyPair, jwtVerify } from "jose";
import { principalClaims, roleOfClaims } from "./principals.mjs";

// Azure SQL's resource is registered as "https://database.windows.net/" (and likewise in the
// sovereign clouds): Entra puts that, with its slash, in `aud`, whether or not the request had it.
const SQL_RESOURCE = /^https:\/\/database\.(windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)\/?$/;

/** `scope` or `resource` to the audience Entra puts in `aud`. */
export function audienceOf(resourceOrScope) {
  const resource = resourceOrScope.replace(/\/\.default$/, "");
  return SQL_RESOURCE.test(resource) ? resource.replace(/\/?$/, "/") : resource;
}

// Why a token was refused, in words safe to show: jose's messages never quote the token.
function rejectionReason(error) {
  switch (error.code) {
    case "ERR_JWT_EXPIRED":
      return `token expired at ${new Date(error.payload.exp * 1000).toISOString()}`;
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      if (error.claim === "aud") return `token audience ${JSON.stringify(error.payload.aud)} is not this server's`;
      if (error.claim === "nbf") return "token not valid yet (nbf)";
      return `token claim "${error.claim}" rejected: ${error.reason}`;
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return "token signature does not verify with the identity endpoint's key";
    default:
      return "password is not a token from the identity endpoint";
  }
}

/**
 * The login check every front door makes: the token verified (signature, issuer, audience,
 * times) and the principal it names. `{ role, claims }` (role undefined when the token names no
 * known principal), or `{ reason, expired }` saying why it is refused.
 */
export async function verifyLogin(tokens, token, { audience, directory }) {
  try {
    const claims = await tokens.verify(token, { audience });
    return { role: roleOfClaims(claims, directory), claims };
  } catch (error) {
    return { reason: rejectionReason(error), expired: error.code === "ERR_JWT_EXPIRED" };
  }
}

export async function createTokenService({ tenantId }) {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" };
  const issuer = `https://sts.windows.net/${tenantId}/`;

  return {
    jwks: { keys: [jwk] },

    /**
     * Signs a token for `principal`. `expired` backdates it so that it expired a minute ago,
     * keeping its lifetime. Returns the token and its `exp` in epoch seconds.
     */
    async mint(principal, { audience, lifetimeSeconds, expired = false }) {
      const now = Math.floor(Date.now() / 1000);
      const iat = expired ? now - lifetimeSeconds - 60 : now;
      const exp = iat + lifetimeSeconds;
      const token = await new SignJWT({ ...principalClaims(principal), tid: tenantId, ver: "1.0" })
        .setProtectedHeader({ alg: "RS256", typ: "JWT", kid })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(iat)
        .setNotBefore(iat)
        .setExpirationTime(exp)
        .setJti(randomUUID())
        .sign(privateKey);
      return { token, exp };
    },

    /** The token's claims, or throws a jose error saying what is wrong with it. No clock skew allowed. */
    async verify(token, { audience }) {
      const { payload } = await jwtVerify(token, publicKey, { issuer, audience, algorithms: ["RS256"] });
      return payload;
    },
  };
}
