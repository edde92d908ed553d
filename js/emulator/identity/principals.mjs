// Who can sign in: the emulator's directory of principals, the claims Entra ID puts in their
// tokens, and the PostgreSQL role name a token stands for (what Azure matches at login).
import { createHash } from "node:crypto";

/** Principals every emulator knows unless `principals` overrides them (same key) or adds more. */
const DEFAULT_PRINCIPALS = {
  user: { kind: "user", upn: "alice@contoso.example" },
  guest: { kind: "guest", uniqueName: "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com" },
  userAssigned: { kind: "userAssigned", name: "orders-api-identity" },
  systemAssigned: { kind: "systemAssigned", name: "orders-web" },
  servicePrincipal: { kind: "servicePrincipal", name: "orders-batch" },
  // An app registered in another tenant: its tokens are valid, but not from the server's tenant.
  otherTenant: { kind: "servicePrincipal", name: "fabrikam-batch", tenantId: "other" },
  // An app in the right tenant for which nobody ran pgaadauth_create_principal.
  noRole: { kind: "servicePrincipal", name: "orders-reports", createRole: false },
};

// The field that names each kind of principal; its value is the PostgreSQL role name.
const NAME_FIELD = {
  user: "upn",
  guest: "uniqueName",
  userAssigned: "name",
  systemAssigned: "name",
  servicePrincipal: "name",
};

// Stable ids make tokens, role lists and test output the same from run to run.
export function stableGuid(seed) {
  const hex = createHash("sha256").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function resourceId(subscriptionId, spec, provider) {
  const group = spec.resourceGroup ?? "orders-rg";
  return `/subscriptions/${subscriptionId}/resourcegroups/${group}/providers/${provider}/${spec.name}`;
}

function describe(key, spec, subscriptionId) {
  const nameField = NAME_FIELD[spec.kind];
  if (!nameField) {
    throw new TypeError(`principal "${key}": kind must be one of ${Object.keys(NAME_FIELD).join(", ")}`);
  }
  const role = spec[nameField];
  if (!role) throw new TypeError(`principal "${key}": a ${spec.kind} needs "${nameField}"`);
  const principal = { ...spec, key, role, oid: spec.oid ?? stableGuid(`oid:${key}:${role}`) };
  if (spec.kind === "user" || spec.kind === "guest") return principal;
  principal.clientId = spec.clientId ?? stableGuid(`appid:${key}:${role}`);
  // `roleByAppId: true`: the role is named by the appid, as teams on @azure/postgresql-auth create
  // it (pgaadauth_create_principal_with_oid), since that package logs an app in as its appid.
  if (spec.roleByAppId) principal.role = principal.clientId;
  if (spec.kind === "userAssigned") {
    principal.resourceId = resourceId(subscriptionId, spec, "Microsoft.ManagedIdentity/userAssignedIdentities");
  } else if (spec.kind === "systemAssigned") {
    principal.resourceId = resourceId(subscriptionId, spec, "Microsoft.Web/sites");
  }
  return principal;
}

/**
 * Merges `overrides` into the defaults; each principal gains `key`, `role`, `oid`, `tenantId` (the
 * emulator's unless the spec names one; "other" is `otherTenantId`), `hasRole` (false when the spec
 * says `createRole: false`) and, for apps, `clientId`/`resourceId`.
 */
export function buildDirectory(overrides = {}, { subscriptionId, tenantId, otherTenantId }) {
  const specs = { ...DEFAULT_PRINCIPALS, ...overrides };
  return Object.fromEntries(
    Object.entries(specs).map(([key, spec]) => {
      const principal = describe(key, spec, subscriptionId);
      principal.tenantId = spec.tenantId === "other" ? otherTenantId : (spec.tenantId ?? tenantId);
      principal.hasRole = spec.createRole !== false;
      return [key, Object.freeze(principal)];
    }),
  );
}

/** The claims Entra ID adds for this principal on top of aud/iss/tid/iat/nbf/exp. */
export function principalClaims(principal) {
  const common = { oid: principal.oid, sub: principal.oid };
  switch (principal.kind) {
    case "user":
      return {
        ...common,
        upn: principal.upn,
        preferred_username: principal.upn,
        unique_name: principal.upn,
        idtyp: "user",
      };
    case "guest":
      return { ...common, unique_name: principal.uniqueName, idtyp: "user" };
    case "userAssigned":
    case "systemAssigned":
      return { ...common, appid: principal.clientId, xms_mirid: principal.resourceId, idtyp: "app" };
    case "servicePrincipal":
      return { ...common, appid: principal.clientId, idtyp: "app" };
  }
}

/** An App Service deployment slot: Entra names its system-assigned identity "<app>/slots/<slot>". */
const DEPLOYMENT_SLOT = /\/providers\/Microsoft\.Web\/sites\/([^/]+\/slots\/[^/]+)\/*$/i;

/** The name Entra gives the managed identity of a resource: the resource's (a slot's, above). */
function identityName(resourceId) {
  return DEPLOYMENT_SLOT.exec(resourceId)?.[1] ?? resourceId.replace(/\/+$/, "").split("/").pop();
}

/**
 * The role name a verified token may log in as, the way Azure resolves it: an app whose role is
 * named by its appid by that, a user by upn, a guest by unique_name, a managed identity by its name
 * (from xms_mirid), a service principal by the name it was registered under (looked up by oid,
 * since its token carries no name).
 */
export function roleOfClaims(claims, directory) {
  // Azure ties a role made with an object id to that principal, whatever the role's name.
  const byAppId = Object.values(directory).find((p) => p.roleByAppId && p.oid === claims.oid);
  if (byAppId) return byAppId.role;
  if (claims.upn) return claims.upn;
  if (claims.unique_name) return claims.unique_name;
  if (claims.xms_mirid) return identityName(claims.xms_mirid);
  return Object.values(directory).find((p) => p.kind === "servicePrincipal" && p.oid === claims.oid)?.role;
}

/** The user-assigned identity an MSI request names by client_id, object_id/principal_id or resource id. */
export function findUserAssigned(directory, { clientId, objectId, resourceId }) {
  return Object.values(directory).find(
    (p) =>
      p.kind === "userAssigned" &&
      ((clientId && p.clientId === clientId) ||
        (objectId && p.oid === objectId) ||
        (resourceId && p.resourceId.toLowerCase() === resourceId.toLowerCase())),
  );
}
