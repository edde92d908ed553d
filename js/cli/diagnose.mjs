// Why a step failed, reasoned from what the client knows. The server answers every refused token
// with the same "password authentication failed" (28P01), on purpose; but the client knows the
// token's claims, the scope it asked for, the name it logged in with, and what the network did.
// Each diagnosis is `{ cause, fix }`.

/** A credential's error as one line per member of the chain, without trace ids and timestamps. */
export function credentialErrors(error) {
  const errors = Array.isArray(error.errors) && error.errors.length > 0 ? error.errors : [error];
  return errors.map((member) => {
    const message = String(member?.message ?? member);
    const first = message.split(/\r?\n/)[0];
    const entraCode = /AADSTS\d+:[^\r\n]*/.exec(message)?.[0];
    const who = /^(\w+Credential):/.exec(first)?.[1];
    return entraCode ? `${who ? `${who}: ` : ""}${entraCode}` : first;
  });
}

/** Variables that point a credential at an identity endpoint: nothing answering there is an outage. */
const ENDPOINT_VARIABLES = [
  "IDENTITY_ENDPOINT",
  "MSI_ENDPOINT",
  "IMDS_ENDPOINT",
  "AZURE_POD_IDENTITY_AUTHORITY_HOST",
  "AZURE_AUTHORITY_HOST",
];
const NETWORK_FAILURE = /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|network_error|socket hang up/;
/** Entra's and the identity endpoints' words for "try again later". */
const TRANSIENT = /AADSTS(90033|50000)\b|temporarily_unavailable/;
const OUTAGE_FIX =
  "nothing to set up here: retry in a few minutes, and check this resource's Resource Health and https://azure.status.microsoft; meanwhile an app's credential retries each token for about 20 s, and a pool keeps using a token it already holds until it expires";

/**
 * Entra's refusals of a credential that is set up but wrong, by AADSTS code: `[cause, fix]`. The
 * fix names the setting that carries the credential.
 */
const REJECTED = {
  7000215: [
    "Entra ID rejected the service principal's secret (AADSTS7000215: invalid client secret)",
    "set AZURE_CLIENT_SECRET to the secret's value (not its ID), or make a new one: az ad app credential reset --id <client id>",
  ],
  7000222: [
    "the service principal's secret has expired (AADSTS7000222)",
    "make a new secret (az ad app credential reset --id <client id>) and set AZURE_CLIENT_SECRET to it",
  ],
  700016: [
    "the tenant has no application with that client id (AADSTS700016)",
    "check AZURE_CLIENT_ID and AZURE_TENANT_ID: the app registration's Application (client) ID, in the tenant it lives in",
  ],
  700027: [
    "Entra ID rejected the client certificate or assertion (AADSTS700027)",
    "upload the certificate AZURE_CLIENT_CERTIFICATE_PATH names to the app registration (Certificates & secrets), or point the variable at the one uploaded",
  ],
  70021: [
    "no federated credential of the app matches the presented token (AADSTS70021)",
    "add a federated credential whose issuer, subject and audience match the workload's token (for AKS: the service account's), or fix AZURE_CLIENT_ID",
  ],
  50126: [
    "Entra ID rejected the user name or password (AADSTS50126)",
    "sign in again (az login) with the right account",
  ],
  50034: [
    "the user account does not exist in this tenant (AADSTS50034)",
    "az login with an account of the server's tenant",
  ],
};

/** The identity requests' failure as words: "HTTP 503 from 127.0.0.1:8080 to 3 requests in a row". */
function failedRequests(requests = []) {
  const failed = [];
  for (const request of requests.toReversed()) {
    if (request.status !== undefined && request.status < 500 && request.status !== 429) break;
    failed.push(request);
  }
  if (failed.length === 0) return undefined;
  const statuses = [...new Set(failed.map(({ status }) => (status === undefined ? "no answer" : `HTTP ${status}`)))];
  const hosts = [...new Set(failed.map(({ url }) => new URL(url).host))];
  return `${statuses.join(" and ")} from ${hosts.join(", ")}${failed.length > 1 ? ` to ${failed.length} requests in a row` : ""}`;
}

/**
 * Why the credential gave no token for `scope`. Three kinds are told apart, each with its own fix:
 * an outage (the identity endpoint answers 5xx, AADSTS90033, nothing at all, or not in time), a
 * credential that is set up but rejected (AADSTS7000215 and the like), and no credential set up
 * here (every member of the chain unavailable, for want of a sign-in or an endpoint). The chain
 * reports an outage of the managed identity endpoint as "unavailable" too: the answers tell.
 */
export function diagnoseCredential(error, { scope, env = process.env }) {
  const members = error.errors ?? [error];
  const text = [error, ...members, ...members.map((member) => member?.cause)]
    .map((part) => part?.message ?? "")
    .join("\n");
  const unavailable = members.every((member) => member?.name === "CredentialUnavailableError");
  const failed = failedRequests(error.requests);
  const configured = ENDPOINT_VARIABLES.filter((name) => env[name]);
  if (error.code === "MODULE_NOT_FOUND") {
    return { cause: "@azure/identity is not installed here", fix: "npm install @azure/identity" };
  }
  const rejected = Object.entries(REJECTED).find(([code]) => new RegExp(`AADSTS${code}\\b`).test(text));
  if (rejected) {
    const [cause, fix] = rejected[1];
    return { cause: `a rejected credential: ${cause}`, fix };
  }
  if (/AADSTS90055/.test(text) || error.requests?.at(-1)?.status === 429) {
    return {
      cause: `the identity endpoint is throttling this machine (${failed ?? "AADSTS90055: too many requests"})`,
      fix: "fewer token requests: one token source per process and credential (createTokenSource or the integrations share one), not a credential call per connection; IMDS allows 20 requests/s per VM",
    };
  }
  const noAnswer = error.gaveUp || NETWORK_FAILURE.test(text);
  if (TRANSIENT.test(text) || error.requests?.at(-1)?.status >= 500) {
    const entra = TRANSIENT.exec(text) && /AADSTS\d+:[^\r\n.]*/.exec(text)?.[0];
    return {
      cause: `an identity outage, not a missing credential: ${[failed, entra].filter(Boolean).join(": ") || "the identity endpoint failed"}`,
      fix: OUTAGE_FIX,
    };
  }
  if (error.name === "TimeoutError" || error.name === "AbortError") {
    return {
      cause: `an identity outage, or a hung endpoint: the credential did not answer within 30 s${failed ? ` (${failed})` : ""}`,
      fix: `${OUTAGE_FIX}. AZURE_LOG_LEVEL=info npx entra-db-auth token shows where it waits`,
    };
  }
  if (noAnswer && configured.length > 0) {
    return {
      cause: `an identity outage, not a missing credential: nothing answers at the identity endpoint ${configured.map((name) => `${name}=${env[name]}`).join(", ")}${failed ? ` (${failed})` : ""}`,
      fix: `the platform sets ${configured.join(" and ")}: restart the app so that it gets the current endpoint, and check the platform's status; ${OUTAGE_FIX}`,
    };
  }
  if (/AADSTS500011/.test(text)) {
    return {
      cause: `Entra ID does not know the resource of ${scope} in the tenant the credential signed in to (AADSTS500011)`,
      fix: "check that the host is in the cloud this scope is for, and that the credential signs in to the server's tenant (az login --tenant <tenant id>, or AZURE_TENANT_ID)",
    };
  }
  if (/AADSTS90002|AADSTS900023/.test(text)) {
    return {
      cause: "the tenant the credential asked for does not exist in this cloud",
      fix: "set AZURE_TENANT_ID (or az login --tenant) to the server's tenant id",
    };
  }
  if (/Azure CLI could not be found/.test(text)) {
    return {
      cause: "the Azure CLI is not installed, or not on PATH",
      fix: "install it (https://aka.ms/azure-cli) and run az login, or use another credential (--credential)",
    };
  }
  if (/az login/.test(text)) {
    return {
      cause: "the Azure CLI is not signed in",
      fix: "run az login (with --tenant <id> if you belong to several)",
    };
  }
  if (noAnswer) {
    return {
      cause:
        "no managed identity endpoint answers here (no IDENTITY_ENDPOINT is set, and IMDS did not answer: not an Azure resource, or one without a managed identity)",
      fix: "on Azure, enable a managed identity on this resource (for a user-assigned one, set AZURE_CLIENT_ID to its client id); elsewhere, sign in with az login",
    };
  }
  if (unavailable) {
    return {
      cause: "no credential of the chain is set up here",
      fix: "sign in with az login, run on an Azure resource with a managed identity, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET for a service principal",
    };
  }
  return {
    cause: "a rejected credential: Entra ID refused to issue a token",
    fix: "AZURE_LOG_LEVEL=verbose npx entra-db-auth token shows each request it made",
  };
}

/**
 * A login that failed before it started because the driver is not installed here (the error
 * loadDriver throws): `{ cause, fix }`, or undefined for any other error.
 */
export function diagnoseDriver(error) {
  if (error.code !== "PEER_NOT_INSTALLED") return undefined;
  const name = /needs the (\S+) package/.exec(error.message)?.[1];
  return {
    cause: `the driver ${name} is not installed here, so nothing was sent to the server`,
    fix: `npm install ${name} (in the app's folder, or beside doctor: npx -p entra-db-auth -p ${name} entra-db-auth doctor …)`,
  };
}

/** Why the name did not resolve or the TCP connection failed. */
export function diagnoseNetwork(error, { host, port }) {
  switch (error.code) {
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return {
        cause: `the name "${host}" does not resolve`,
        fix: "check the server name (<server>.postgres.database.azure.com); with private access, link the private DNS zone privatelink.postgres.database.azure.com to this machine's network",
      };
    case "ECONNREFUSED":
      return {
        cause: `server unreachable: nothing accepts connections on ${host}:${port}`,
        fix: "check the port (Azure: 5432, PgBouncer: 6432) and that the server is started",
      };
    case "ETIMEDOUT":
      return {
        cause: `server unreachable: ${host}:${port} does not answer (a firewall drops the packets)`,
        fix: "allow this client's IP address in the server's Networking firewall rules, or connect from its virtual network",
      };
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return {
        cause: `server unreachable: no route to ${host}`,
        fix: "check this machine's network, VPN or peering to the server's network",
      };
    default:
      return { cause: `server unreachable: ${error.message}`, fix: "check the host and port" };
  }
}

/**
 * Why the server refused the login. `context`: `user` (the name logged in with), `username` (the
 * role the token implies, `{ name, source }`, if any), `tokenProblem` (the token step's diagnosis,
 * if it failed), `claims`, `database`, `serverTenant` (the server's tenant id, when known).
 */
export function diagnoseLogin(error, { user, username, tokenProblem, claims, database, serverTenant }) {
  const driver = diagnoseDriver(error);
  if (driver) return driver;
  if (/no encryption|SSL connection is required/i.test(error.message)) {
    return {
      cause: "TLS required: the server refuses unencrypted connections (require_secure_transport)",
      fix: "connect with TLS: pg `ssl: true`, Sequelize `dialectOptions: { ssl: true }`, libpq `sslmode=verify-full`",
    };
  }
  if (error.code === "3D000") {
    return { cause: `database "${database}" does not exist`, fix: "pass the database the app uses (--database)" };
  }
  if (error.code !== "28P01" && error.code !== "28000") {
    return { cause: `the server ended the login: ${error.message}`, fix: "see the server's logs for this time" };
  }
  if (tokenProblem) return { cause: `the server refused the token: ${tokenProblem.cause}`, fix: tokenProblem.fix };
  if (username && username.name !== user) return nameMismatch(user, username);
  const tenant = claims?.tid ?? "the token's tenant";
  const createRole = `as the server's Microsoft Entra admin, in database postgres: SELECT * FROM pgaadauth_create_principal('${user}', false, false); (a role left from a deleted identity of the same name must be dropped first: the server matches the object id)`;
  if (serverTenant && claims?.tid && claims.tid !== serverTenant) {
    return {
      cause: `the token is from tenant ${claims.tid}, and the server trusts tokens from its own tenant ${serverTenant} only`,
      fix: `sign in to tenant ${serverTenant}: AZURE_TENANT_ID=${serverTenant} for a service principal or workload identity, az login --tenant ${serverTenant} for the Azure CLI; an app from another tenant needs its own service principal in ${serverTenant}`,
    };
  }
  if (serverTenant) return { cause: `role "${user}" was not created for this principal`, fix: createRole };
  return {
    cause: `role "${user}" was not created for this principal, or the server's Entra ID tenant is not ${tenant} (--tenant <the server's tenant id> tells which)`,
    fix: `${createRole}. If it exists, sign in to the server's tenant (az login --tenant <id>, AZURE_TENANT_ID)`,
  };
}

function nameMismatch(user, { name, source }) {
  const rightName = `log in as "${name}" (--user ${name}; in the app, user: "${name}", or no user with createPool)`;
  // A UPN is a person's; anything else may be a group, which the client cannot tell apart.
  if (user.includes("@")) {
    return {
      cause: `the user name does not match the token's principal: the token is for "${name}" (from ${source}), not "${user}"`,
      fix: rightName,
    };
  }
  return {
    cause: `"${user}" is not the token's principal "${name}" (from ${source}): the name is wrong, or "${user}" is a group that "${name}" is not a member of`,
    fix: `${rightName}; or add "${name}" to the Microsoft Entra group "${user}" (a group login takes the group's name and a member's own token; membership is checked in Entra ID, not with GRANT)`,
  };
}
