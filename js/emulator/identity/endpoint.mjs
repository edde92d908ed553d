// The identity endpoint: App Service managed identity (IDENTITY_ENDPOINT), IMDS as AKS pod
// identity serves it (AZURE_POD_IDENTITY_AUTHORITY_HOST), the fake az's back end, and the JWKS.
// Unmodified @azure/identity credentials talk to it; tests steer it through `controls`.
import { createServer } from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createFaults } from "./faults.mjs";
import { runAz, runAzd } from "./fake-az.mjs";
import { readBody, serveRoutes } from "../loopback-server.mjs";
import { findUserAssigned } from "./principals.mjs";
import { audienceOf } from "./tokens.mjs";

export const MSI_PATH = "/msi/token";
export const IMDS_PATH = "/metadata/identity/oauth2/token";
export const AZ_PATH = "/az";
export const AZD_PATH = "/azd";
export const JWKS_PATH = "/discovery/keys";

const ENTRA_ERRORS = {
  400: ["invalid_request", "AADSTS500011: The resource principal was not found in the tenant."],
  429: ["temporarily_unavailable", "AADSTS90055: Too many requests. Please retry later."],
  500: ["server_error", "AADSTS50000: There was an error issuing a token or an issue with our sign-in service."],
  503: ["temporarily_unavailable", "AADSTS90033: A transient error has occurred. Please try again."],
};

const entraErrorFor = (status) => ENTRA_ERRORS[status] ?? ENTRA_ERRORS[500];

// Entra's OAuth error body, the shape MSAL parses.
export function entraError(status, text) {
  const [error] = entraErrorFor(status);
  const trace_id = randomUUID();
  const correlation_id = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
  return {
    error,
    error_description: `${text}\r\nTrace ID: ${trace_id}\r\nCorrelation ID: ${correlation_id}\r\nTimestamp: ${timestamp}`,
    error_codes: [Number(/^AADSTS(\d+)/.exec(text)?.[1] ?? 0)],
    timestamp,
    trace_id,
    correlation_id,
  };
}

// What a client sees when a response is cut short: valid HTTP, broken JSON, no real token.
const MALFORMED_BODY = '{"access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOi';

/**
 * The answer for an issuance that did not give a token (see issue() below: a malformed body or an
 * Entra error), or undefined for a token.
 */
export function failedIssuance(outcome) {
  if (outcome.malformed) return { status: 200, body: outcome.malformed, failed: true };
  if (outcome.error) return { status: outcome.status, body: entraError(outcome.status, outcome.error) };
  return undefined;
}

/**
 * Starts the endpoint on 127.0.0.1 (a free port). `tokens` is the token service, `directory`
 * the principals by key.
 */
export async function startIdentityEndpoint({
  tokens,
  directory,
  audience,
  tenantId,
  subscriptionId,
  tokenLifetimeSeconds,
  msiPrincipal,
  azPrincipal,
}) {
  const secret = randomBytes(16).toString("hex");
  const faults = createFaults();
  const initial = { tokenLifetimeSeconds, msiPrincipal, azPrincipal };
  const state = { ...initial };
  const requests = { total: 0, failed: 0, msi: 0, imds: 0, az: 0, azd: 0, keys: 0 };

  function principalFor(key) {
    const principal = directory[key];
    if (!principal) throw new TypeError(`unknown principal "${key}"; known: ${Object.keys(directory).join(", ")}`);
    return principal;
  }

  /**
   * Token issuance with the faults applied, for a resource or a scope (its audience is derived here):
   * `{ token, exp }`, `{ status, error }` or `{ malformed }`.
   */
  async function issue(principal, resource) {
    if (faults.take("hang") !== undefined) await faults.released;
    const delayMs = faults.take("slow");
    if (delayMs !== undefined) await sleep(delayMs);
    const failure = faults.take("fail");
    if (failure) return { status: failure.status, error: failure.error ?? entraErrorFor(failure.status)[1] };
    if (faults.take("malformed") !== undefined) return { malformed: MALFORMED_BODY };
    const audience = faults.take("wrongAudience") ?? audienceOf(resource);
    const expired = faults.take("expired") !== undefined;
    return tokens.mint(principal, { audience, lifetimeSeconds: state.tokenLifetimeSeconds, expired });
  }

  async function managedIdentity(req, url, route) {
    const authorized = route === "msi" ? req.headers["x-identity-header"] === secret : req.headers.metadata === "true";
    if (!authorized) {
      const header = route === "msi" ? "x-identity-header" : "Metadata";
      return {
        status: 400,
        body: { error: "invalid_request", error_description: `Required ${header} header not specified or wrong` },
      };
    }
    const q = url.searchParams;
    const resource = q.get("resource");
    if (!resource)
      return {
        status: 400,
        body: { error: "invalid_request", error_description: "Required query variable 'resource' is missing" },
      };
    const requested = {
      clientId: q.get("client_id") ?? q.get("clientid"),
      objectId: q.get("object_id") ?? q.get("principal_id"),
      resourceId: q.get("mi_res_id") ?? q.get("msi_res_id"),
    };
    const namesOne = Object.values(requested).some(Boolean);
    const principal = namesOne ? findUserAssigned(directory, requested) : principalFor(state.msiPrincipal);
    if (!principal) return { status: 400, body: { error: "invalid_request", error_description: "Identity not found" } };
    const outcome = await issue(principal, resource);
    const failed = failedIssuance(outcome);
    if (failed) return failed;
    return {
      status: 200,
      body: {
        access_token: outcome.token,
        expires_on: String(outcome.exp),
        resource,
        token_type: "Bearer",
        client_id: principal.clientId ?? principal.oid,
      },
    };
  }

  // The fake az and azd: both signed in as azPrincipal.
  async function developerCli(req, run) {
    if (req.headers["x-identity-header"] !== secret) return { status: 400, body: { error: "invalid_request" } };
    const { args = [] } = JSON.parse((await readBody(req)) || "{}");
    const principal = principalFor(state.azPrincipal);
    let malformed = false;
    const result = await run(args, {
      principal,
      tenantId,
      subscriptionId,
      issue: async (resource) => {
        const outcome = await issue(principal, resource);
        malformed = Boolean(outcome.malformed);
        return outcome;
      },
    });
    return { status: 200, body: result, failed: result.exitCode !== 0 || malformed };
  }

  async function route(req, url) {
    const path = url.pathname.replace(/\/$/, "");
    requests.total += 1;
    if (req.method === "GET" && path === MSI_PATH) {
      requests.msi += 1;
      return managedIdentity(req, url, "msi");
    }
    if (req.method === "GET" && path === IMDS_PATH) {
      requests.imds += 1;
      return managedIdentity(req, url, "imds");
    }
    if (req.method === "POST" && path === AZ_PATH) {
      requests.az += 1;
      return developerCli(req, runAz);
    }
    if (req.method === "POST" && path === AZD_PATH) {
      requests.azd += 1;
      return developerCli(req, runAzd);
    }
    if (req.method === "GET" && path === JWKS_PATH) {
      requests.keys += 1;
      return { status: 200, body: tokens.jwks };
    }
    return undefined;
  }

  const server = await serveRoutes(createServer(), route, { requests, entraError });
  const origin = `http://127.0.0.1:${server.port}`;

  const controls = {
    url: origin,
    requests,
    get tokenLifetimeSeconds() {
      return state.tokenLifetimeSeconds;
    },
    set tokenLifetimeSeconds(seconds) {
      if (!(Number.isInteger(seconds) && seconds > 0))
        throw new TypeError("tokenLifetimeSeconds must be a positive integer");
      state.tokenLifetimeSeconds = seconds;
    },
    /** Which principal the MSI/IMDS routes answer for when the request names no identity. */
    use(principalKey) {
      state.msiPrincipal = principalFor(principalKey).key;
    },
    /** Which principal the fake az and azd are signed in as. */
    useForAz(principalKey) {
      state.azPrincipal = principalFor(principalKey).key;
    },
    fail({ status = 500, error, count, forMs } = {}) {
      faults.add("fail", { status, error }, { count, forMs });
    },
    slow(delayMs, { count, forMs } = {}) {
      faults.add("slow", delayMs, { count, forMs });
    },
    hang({ count, forMs } = {}) {
      faults.add("hang", true, { count, forMs });
    },
    malformed({ count, forMs } = {}) {
      faults.add("malformed", true, { count, forMs });
    },
    wrongAudience(audience = "https://management.azure.com", { count, forMs } = {}) {
      faults.add("wrongAudience", audience, { count, forMs });
    },
    expiredTokens({ count, forMs } = {}) {
      faults.add("expired", true, { count, forMs });
    },
    /** A token straight from the token service, as the endpoint would issue it (no faults). */
    async mintToken(
      principalKey,
      { audience: aud = audience, lifetimeSeconds = state.tokenLifetimeSeconds, expired = false } = {},
    ) {
      const { token } = await tokens.mint(principalFor(principalKey), { audience: aud, lifetimeSeconds, expired });
      return token;
    },
    jwksUrl: `${origin}${JWKS_PATH}`,
    /** Clears faults (hung requests then get answered), counters and `use`/lifetime changes. */
    reset() {
      faults.clear();
      Object.assign(state, initial);
      for (const key of Object.keys(requests)) requests[key] = 0;
    },
  };

  return {
    origin,
    secret,
    controls,
    issue,
    async close() {
      faults.clear();
      await server.close();
    },
  };
}
