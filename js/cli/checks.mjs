// What the doctor concludes from what a step saw: whether the token will pass the server's checks,
// whether the name fits the token, whether the TLS offered is good enough to send a token over.
// Each returns a step outcome: `{ status?, detail, cause?, fix? }` (see checklist.mjs).
import { createRequire } from "node:module";
import { audienceOf } from "./describe-token.mjs";
import { localTime, relative } from "./format.mjs";

const { audienceForScope } = createRequire(import.meta.url)("../core/hosts.cjs");

/** Audience and expiry as the server will check them. */
export function checkToken({ claims, claimsError, expiresOn }, scope, now = Date.now()) {
  const expected = audienceForScope(scope).replace(/\/$/, "");
  const expiresAt = typeof claims?.exp === "number" ? claims.exp * 1000 : expiresOn;
  const expiry = `${expiresAt > now ? "expires" : "expired"} ${localTime(expiresAt)} (${relative(expiresAt, now)})`;
  if (!claims) {
    return { status: "warn", detail: `not a JWT (${claimsError}), so only the server can check it; ${expiry}` };
  }
  const audience = audienceOf(claims);
  const detail = `${claims.identityKind}, tenant ${claims.tid}, audience ${audience}, ${expiry}`;
  if (!claims.aud?.some((aud) => aud.replace(/\/$/, "") === expected)) {
    return {
      status: "fail",
      detail,
      cause: `token for the wrong audience: ${audience}, where the server expects ${expected}`,
      fix: `ask for the scope ${scope} (scopeForHost(host) gives it; check any scope option the app passes)`,
    };
  }
  if (expiresAt <= now) {
    return {
      status: "fail",
      detail,
      cause: `the token expired ${relative(expiresAt, now)}, and the server checks expiry at login`,
      fix: "the credential handed out an expired token: check this machine's clock, and any cache in front of the credential",
    };
  }
  if (typeof claims.nbf === "number" && claims.nbf * 1000 > now) {
    return {
      status: "fail",
      detail,
      cause: `the token is not valid before ${localTime(claims.nbf * 1000)}`,
      fix: "this machine's clock is behind: synchronize it (NTP)",
    };
  }
  return { detail };
}

/** The role the token implies against --user. */
export function checkUsername({ username, usernameError }, user, tokenProblem) {
  if (!username) {
    if (user) return { status: "warn", detail: `${user} (--user); the library would derive none: ${usernameError}` };
    return {
      status: "fail",
      detail: usernameError,
      ...(tokenProblem
        ? { cause: "the token itself is unusable (see the token step)" }
        : {
            cause: "the token names no role the library can use (a service principal's token carries only its appid)",
            fix: "pass --user (in the app: user) with the name its role was created with (pgaadauth_create_principal)",
          }),
    };
  }
  const derived = `${username.name} (from ${username.source})`;
  if (!user) return { detail: derived };
  if (user === username.name) return { detail: `${derived}, as --user says` };
  return {
    status: "warn",
    detail: `--user ${user}, but the token is for ${derived}: the login works only if "${user}" is a group "${username.name}" is a member of`,
  };
}

/** How checkTls names a PostgreSQL server, its driver and what to fix. */
const POSTGRESQL_TLS = {
  prefix: () => "",
  product: "Azure Database for PostgreSQL",
  host: "<server>.postgres.database.azure.com",
  driver: "pg",
  verifyingSsl: "ssl: true",
  token: "the token",
  caFrom: "the export lines",
};

/**
 * Whether the TLS the server offers (see probe.mjs) is fit to send a token over. `verify`: whether
 * the certificate was checked; `caFile`: the CA it was checked against, if not Node's own list.
 * `words` name the server and its driver (POSTGRESQL_TLS, or the MySQL walk's).
 */
export function checkTls(probe, { loopback, verify, caFile }, words = POSTGRESQL_TLS) {
  const prefix = words.prefix(probe);
  if (!probe.offered) {
    return loopback
      ? { detail: `${prefix}not offered; a loopback host may take the token in clear text` }
      : {
          status: "fail",
          detail: `${prefix}not offered`,
          cause: `the server does not offer TLS, and ${words.token} must not travel in clear text`,
          fix: `${words.product} always offers TLS: check that the host is the Azure server, not a proxy or another server`,
        };
  }
  const detail = `${prefix}offered: ${probe.protocol}, certificate CN=${probe.subject} from ${probe.issuer}, valid until ${localTime(Date.parse(probe.validTo))}`;
  if (!verify) return { detail: `${detail}, not verified (loopback host; --ca FILE verifies it)` };
  if (probe.verifyError && caFile) {
    return {
      status: "fail",
      detail: `${detail}: ${probe.verifyError}`,
      cause: `the server's certificate does not verify against ${caFile}, so ${words.driver} with ssl: { ca } refuses it`,
      fix: `give the CA of the server you connect to: the emulator makes a new CA each run, so use ${words.caFrom} of the run that is listening`,
    };
  }
  if (probe.verifyError) {
    return {
      status: "fail",
      detail: `${detail}: ${probe.verifyError}`,
      cause: `the server's certificate does not verify for this host name, so ${words.driver} with ${words.verifyingSsl} refuses it`,
      fix: `connect with the server's own name (${words.host}), not an IP address or an alias the certificate does not list`,
    };
  }
  return { detail: `${detail}, verified${caFile ? ` against ${caFile}` : ""}` };
}
