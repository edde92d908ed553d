// Types for `entra-db-auth/emulator`: the local stand-in for Microsoft Entra ID and Azure's database
// logins (see the doc comment at the top of index.mjs for what each part does).
import type { SecureContextOptions } from "node:tls";

export type PrincipalKind = "user" | "guest" | "userAssigned" | "systemAssigned" | "servicePrincipal";

/** How `envFor()` and `applyEnv()` point `@azure/identity` at the emulator. */
export type EmulatorCredential =
  | "managedIdentity"
  | "imds"
  | "azureCli"
  | "azureDeveloperCli"
  | "servicePrincipal"
  | "servicePrincipalCertificate"
  | "workloadIdentity";

export interface PrincipalOptions {
  kind: PrincipalKind;
  upn?: string;
  uniqueName?: string;
  name?: string;
  /** The role is named by the app's appid (`clientId`), as teams on `@azure/postgresql-auth` create it. */
  roleByAppId?: boolean;
  /** "other": the principal belongs to `otherTenantId`. */
  tenantId?: string;
  /** false: no role is created for it. */
  createRole?: boolean;
}

export interface Principal {
  key: string;
  kind: PrincipalKind;
  /** The database role it logs in as. */
  role: string;
  oid: string;
  tenantId: string;
  hasRole: boolean;
  upn?: string;
  uniqueName?: string;
  name?: string;
  clientId?: string;
  resourceId?: string;
}

/** Lasts for `count` requests, `forMs` milliseconds, or until `reset()`. */
export interface FaultDuration {
  count?: number;
  forMs?: number;
}

export interface EmulatorOptions {
  /** Lifetime of issued tokens (3600). */
  tokenLifetimeSeconds?: number;
  /** Answer SSLRequest with TLS from the run's own certificate authority (`ca`). */
  tls?: boolean;
  /** Refuse plain connections, like Azure's `require_secure_transport`. */
  requireTls?: boolean;
  /**
   * DNS names the run's CA may also sign for, named on every TLS service's certificate beside
   * localhost and 127.0.0.1: for a test that reaches the emulator under a real server's name,
   * mapped to 127.0.0.1 by its own DNS lookup. Tests only.
   */
  tlsHostNames?: string[];
  principals?: Record<string, PrincipalOptions>;
  /** Group role → member role names. */
  groups?: Record<string, string[]>;
  database?: string;
  audience?: string;
  tenantId?: string;
  otherTenantId?: string;
  subscriptionId?: string;
  /** What `envFor()` and `applyEnv()` give when called without one ("managedIdentity"). */
  credential?: EmulatorCredential;
  /** Who the managed identity endpoints answer for when a request names no identity. */
  msiPrincipal?: string;
  /** Who the fake `az` and `azd` are signed in as. */
  azPrincipal?: string;
  azDelayMs?: number;
  /** Also start a TDS front door for Azure SQL Database logins. */
  sqlServer?: boolean | { users?: string[]; revalidateSessionsMs?: number; redirect?: boolean | { host?: string } };
  /** Also start a MySQL front door over a throwaway MariaDB. */
  mysql?: boolean;
  backend?: "auto" | "postgresql" | "pglite";
}

export interface Emulator {
  env: Record<string, string>;
  envFor(credential?: EmulatorCredential, options?: { principal?: string }): Record<string, string | undefined>;
  /** Applies `envFor()` to `process.env`; returns a function that restores it. */
  applyEnv(credential?: EmulatorCredential, options?: { principal?: string }): () => void;
  azBinDir: string;
  /** The PEM certificate of the run's certificate authority. */
  ca: string;
  caFile: string;
  pg: { host: string; port: number; database: string; ssl: false | SecureContextOptions };
  connectionString: string;
  principals: Record<string, Principal>;
  groups: Record<string, string[]>;
  tenantId: string;
  otherTenantId: string;
  subscriptionId: string;
  audience: string;
  scope: string;
  credential: EmulatorCredential;
  authority: { url: string; requests: Record<string, number>; reset(): void };
  sqlServer?: {
    server: string;
    options: { port: number; database: string; encrypt: "strict"; cryptoCredentialsDetails: { ca: string } };
  };
  sqlScope?: string;
  tds?: {
    accepted: number;
    rejected: number;
    resets: number;
    revalidateSessionsMs: number;
    revalidateNow(): void;
    expireSessions(): void;
    killSessions(): void;
    reset(): void;
    [counter: string]: unknown;
  };
  mysql?: { host: string; port: number; database: string; ssl?: { ca: string } };
  mysqlBackend?: string;
  mysqlFrontDoor?: {
    requireTls: boolean;
    greetingPlugin: string;
    accepted: number;
    rejected: number;
    reset(): void;
    [counter: string]: unknown;
  };
  identity: {
    url: string;
    requests: Record<string, number>;
    tokenLifetimeSeconds: number;
    jwksUrl: string;
    use(key: string): void;
    useForAz(key: string): void;
    fail(options?: { status?: number; error?: string } & FaultDuration): void;
    slow(ms: number, options?: FaultDuration): void;
    hang(options?: FaultDuration): void;
    malformed(options?: FaultDuration): void;
    wrongAudience(audience?: string, options?: FaultDuration): void;
    expiredTokens(options?: FaultDuration): void;
    mintToken(
      key: string,
      options?: { audience?: string; lifetimeSeconds?: number; expired?: boolean },
    ): Promise<string>;
    reset(): void;
  };
  frontDoor: {
    requireTls: boolean;
    accepted: number;
    rejected: number;
    /** `at`: when, as an ISO 8601 time. */
    lastRejections: { at: string; user: string; database: string; reason: string }[];
    reset(): void;
  };
  backend: string;
  /** Stops everything and removes the temp dir. */
  close(): Promise<void>;
}

export function startEmulator(options?: EmulatorOptions): Promise<Emulator>;

/** The backend could not start (and, with backend "auto", neither could PGlite): the message says what to install. */
export class EmulatorBackendError extends Error {
  readonly code: "EMULATOR_BACKEND_UNAVAILABLE";
}
