// The emulator's token service: one RS256 key pair per run, Entra-shaped v1 access tokens,
// and the verification the PostgreSQL front door applies at login.
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { SignJWT, exportJWK, generateKeyPair, jwtVerify } from "jose";
import { principalClaims } from "./principals.mjs";

/** `scope` or `resource` to the audience Entra puts in `aud` (Azure SQL's with its slash). */
export const audienceOf = createRequire(import.meta.url)("../../core/hosts.cjs").audienceForScope;

export async function createTokenService({ tenantId }) {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" };
  const issuerOf = (tid) => `https://sts.windows.net/${tid}/`;
  const issuer = issuerOf(tenantId);

  return {
    jwks: { keys: [jwk] },

    /**
     * Signs a token for `principal`, issued by its tenant (the emulator's unless it has its own
     * `tenantId`). `expired` backdates it so that it expired a minute ago, keeping its lifetime.
     * Returns the token and its `exp` in epoch seconds.
     */
    async mint(principal, { audience, lifetimeSeconds, expired = false }) {
      const now = Math.floor(Date.now() / 1000);
      const iat = expired ? now - lifetimeSeconds - 60 : now;
      const exp = iat + lifetimeSeconds;
      const tid = principal.tenantId ?? tenantId;
      const token = await new SignJWT({ ...principalClaims(principal), tid, ver: "1.0" })
        .setProtectedHeader({ alg: "RS256", typ: "JWT", kid })
        .setIssuer(issuerOf(tid))
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
