// The Entra ID authority stand-in (what login.microsoftonline.com is to MSAL), over HTTPS with a
// certificate from the run's CA, since MSAL refuses an http: authority. It serves the credentials
// that sign in as an app through MSAL: ClientSecretCredential and ClientCertificateCredential
// (EnvironmentCredential's two forms) and WorkloadIdentityCredential, with AZURE_AUTHORITY_HOST
// pointing here. MSAL asks for the tenant's OpenID configuration, then posts the client
// credentials to its v2.0 token endpoint; both are counted in `requests`.
//
// MSAL's instance discovery is not served here because MSAL never asks the configured host for
// it: it asks https://login.microsoftonline.com/common/discovery/instance about any host it does not
// know. A client of this authority must pass `disableInstanceDiscovery: true` (the library's default
// credential and the CLI do so when AZURE_AUTHORITY_HOST is a loopback URL), so that nothing leaves
// the machine.
import { createServer } from "node:https";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SignJWT, decodeProtectedHeader, generateKeyPair, importX509, jwtVerify } from "jose";
import { entraError, failedIssuance } from "./endpoint.mjs";
import { readBody, serveRoutes } from "../loopback-server.mjs";
import { createClientCertificate } from "../tls.mjs";

/** The audience of a federated token, as Entra ID requires it. */
const FEDERATED_AUDIENCE = "api://AzureADTokenExchange";
const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const ASSERTION_ALGORITHMS = ["RS256", "PS256"];
const FEDERATED_TOKEN_HOURS = 24;

const sameSecret = (a, b) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

const CLUSTER_ISSUER = "https://oidc.orders-aks.emulator.invalid/";

/**
 * Per-run credentials for every app principal (service principals and user-assigned identities),
 * written under `dir`/credentials (0700): a service principal gets a client secret and a client
 * certificate (certificate and key in one PEM file, 0600), every app a federated identity
 * credential for the Kubernetes service account `system:serviceaccount:orders:<role>`, with a
 * token file (0600) signed by a stand-in cluster issuer. Made while the backend starts (RSA keys
 * take a moment), then handed to startAuthority.
 */
export async function createAppCredentials({ directory, dir }) {
  const credentialsDir = join(dir, "credentials");
  await mkdir(credentialsDir, { recursive: true, mode: 0o700 });
  const clusterKeys = await generateKeyPair("RS256");

  const registrations = new Map();
  const apps = Object.values(directory).filter((p) => p.kind === "servicePrincipal" || p.kind === "userAssigned");
  await Promise.all(
    apps.map(async (principal) => {
      const subject = `system:serviceaccount:orders:${principal.role}`;
      const federatedTokenFile = join(credentialsDir, `${principal.key}.federated-token`);
      const federatedToken = await new SignJWT({ "kubernetes.io": { namespace: "orders" } })
        .setProtectedHeader({ alg: "RS256", typ: "JWT" })
        .setIssuer(CLUSTER_ISSUER)
        .setSubject(subject)
        .setAudience(FEDERATED_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${FEDERATED_TOKEN_HOURS}h`)
        .sign(clusterKeys.privateKey);
      await writeFile(federatedTokenFile, federatedToken, { mode: 0o600 });
      const registration = { principal, subject, federatedTokenFile };
      if (principal.kind === "servicePrincipal") {
        registration.secret = randomBytes(24).toString("base64url");
        const certificate = await createClientCertificate(principal.role);
        registration.certificateFile = join(credentialsDir, `${principal.key}.pem`);
        await writeFile(registration.certificateFile, certificate.pem, { mode: 0o600 });
        registration.certificate = certificate;
      }
      registrations.set(principal.clientId, registration);
    }),
  );
  return { registrations, clusterPublicKey: clusterKeys.publicKey };
}

/**
 * Starts the authority on 127.0.0.1 (a free port) for the apps of createAppCredentials.
 * `issue(principal, resource)` is the identity endpoint's token issuance (so its faults apply here
 * too).
 */
export async function startAuthority({ ca, apps, tenantIds, issue }) {
  const leaf = await ca.issueLeaf("authority");
  const { registrations, clusterPublicKey } = apps;
  const requests = { openidConfiguration: 0, token: 0, failed: 0 };

  let origin;
  const tokenEndpoint = (tenant) => `${origin}/${tenant}/oauth2/v2.0/token`;

  function openidConfiguration(tenant) {
    const base = `${origin}/${tenant}`;
    return {
      token_endpoint: tokenEndpoint(tenant),
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      tenant_region_scope: "NA",
      cloud_instance_name: "microsoftonline.com",
      cloud_graph_host_name: "graph.windows.net",
      msgraph_host: "graph.microsoft.com",
    };
  }

  /** Which registration the client proves to be, or `{ status, error }` in Entra's words. */
  async function authenticate(tenant, form) {
    const clientId = form.get("client_id");
    const registration = registrations.get(clientId);
    if (!registration || registration.principal.tenantId !== tenant) {
      return {
        status: 400,
        error: `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      };
    }
    const secret = form.get("client_secret");
    if (secret !== null) {
      if (registration.secret && sameSecret(secret, registration.secret)) return { registration };
      return {
        status: 401,
        error: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      };
    }
    const assertion = form.get("client_assertion");
    if (assertion === null || form.get("client_assertion_type") !== CLIENT_ASSERTION_TYPE) {
      return {
        status: 401,
        error:
          "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      };
    }
    let header;
    try {
      header = decodeProtectedHeader(assertion);
    } catch {
      return { status: 400, error: "AADSTS50027: JWT token is invalid or malformed." };
    }
    if (header.x5t || header["x5t#S256"]) {
      const { certificate } = registration;
      const known =
        certificate &&
        (header.x5t === certificate.thumbprintSha1 || header["x5t#S256"] === certificate.thumbprintSha256);
      if (!known) {
        return {
          status: 401,
          error: `AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${header.x5t ?? header["x5t#S256"]}']`,
        };
      }
      try {
        if (!ASSERTION_ALGORITHMS.includes(header.alg)) throw new Error(`alg ${header.alg}`);
        await jwtVerify(assertion, await importX509(certificate.cert, header.alg), {
          algorithms: ASSERTION_ALGORITHMS,
          audience: tokenEndpoint(tenant),
          issuer: clientId,
          subject: clientId,
          // MSAL rounds its clock to the nearest second; Entra ID allows minutes of skew.
          clockTolerance: 300,
        });
        return { registration };
      } catch (error) {
        return {
          status: 401,
          error: `AADSTS700027: Client assertion failed signature validation or its claims are wrong (${error.claim ? `claim ${error.claim}: ` : ""}${error.code ?? error.message}).`,
        };
      }
    }
    try {
      const { payload } = await jwtVerify(assertion, clusterPublicKey, {
        algorithms: ["RS256"],
        issuer: CLUSTER_ISSUER,
        audience: FEDERATED_AUDIENCE,
        clockTolerance: 300,
      });
      if (payload.sub === registration.subject) return { registration };
    } catch {
      // Reported as a missing match below, as Entra ID does.
    }
    return {
      status: 400,
      error: `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Audience: '${FEDERATED_AUDIENCE}'.`,
    };
  }

  async function token(tenant, req) {
    const form = new URLSearchParams(await readBody(req));
    if (form.get("grant_type") !== "client_credentials") {
      return { status: 400, body: entraError(400, "AADSTS70003: The app requested an unsupported grant type.") };
    }
    const proven = await authenticate(tenant, form);
    if (proven.error) return { status: proven.status, body: entraError(proven.status, proven.error) };
    const scope = (form.get("scope") ?? "").split(" ").find((s) => s.endsWith("/.default"));
    if (!scope) {
      return {
        status: 400,
        body: entraError(
          400,
          "AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
        ),
      };
    }
    const outcome = await issue(proven.registration.principal, scope);
    const failed = failedIssuance(outcome);
    if (failed) return failed;
    // Rounded down: a client that adds expires_in to its own clock must not think the token
    // outlives its exp (by up to a second, which matters with the short tokens tests use).
    const expiresIn = Math.max(0, outcome.exp - Math.ceil(Date.now() / 1000));
    return {
      status: 200,
      body: { token_type: "Bearer", expires_in: expiresIn, ext_expires_in: expiresIn, access_token: outcome.token },
    };
  }

  async function route(req, url) {
    const [tenant, ...rest] = url.pathname.split("/").filter(Boolean);
    const path = rest.join("/");
    if (!tenantIds.includes(tenant)) {
      return {
        status: 400,
        body: entraError(
          400,
          `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        ),
      };
    }
    if (req.method === "GET" && path === "v2.0/.well-known/openid-configuration") {
      requests.openidConfiguration += 1;
      return { status: 200, body: openidConfiguration(tenant) };
    }
    if (req.method === "POST" && path === "oauth2/v2.0/token") {
      requests.token += 1;
      return token(tenant, req);
    }
    return undefined;
  }

  const server = await serveRoutes(createServer({ cert: leaf.cert, key: leaf.key }), route, { requests, entraError });
  origin = `https://127.0.0.1:${server.port}`;

  /** What an app needs to sign in as `principal` besides its ids: `{ secret?, certificateFile?, federatedTokenFile }`. */
  function credentialsOf(principal) {
    const registration = registrations.get(principal.clientId);
    if (!registration) throw new TypeError(`principal "${principal.key}" is not an app: no app credentials`);
    const { secret, certificateFile, federatedTokenFile } = registration;
    return { secret, certificateFile, federatedTokenFile };
  }

  return {
    origin,
    credentialsOf,
    controls: {
      url: origin,
      requests,
      reset() {
        for (const key of Object.keys(requests)) requests[key] = 0;
      },
    },
    close: server.close,
  };
}
