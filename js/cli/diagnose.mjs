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

/** Why the credential gave no token for `scope`. */
export function diagnoseCredential(error, { scope }) {
  const text = [error.message, ...(error.errors ?? []).map((member) => member?.message)].join("\n");
  const unavailable = (error.errors ?? [error]).every((member) => member?.name === "CredentialUnavailableError");
  if (error.code === "MODULE_NOT_FOUND") {
    return { cause: "@azure/identity is not installed here", fix: "npm install @azure/identity" };
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
  if (error.name === "TimeoutError" || error.name === "AbortError") {
    return {
      cause: "the credential did not answer within 30 s",
      fix: "AZURE_LOG_LEVEL=verbose npx entra-db-auth token shows where it waits (often IMDS retries off Azure)",
    };
  }
  if (/ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|network_error|socket hang up/.test(text)) {
    return {
      cause: "the managed identity endpoint did not answer",
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
    cause: "the credential refused to issue a token",
    fix: "AZURE_LOG_LEVEL=verbose npx entra-db-auth token shows each request it made",
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
