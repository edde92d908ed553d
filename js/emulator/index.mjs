/**
 * A local stand-in for Microsoft Entra ID and Azure Database for PostgreSQL, for tests, demos and
 * benchmarks: unmodified `@azure/identity` credentials get real RS256 tokens from it, and a
 * PostgreSQL front door accepts them as passwords the way Azure does. Everything listens on
 * 127.0.0.1 (free ports) and lives in one temp dir (in /dev/shm when it has room, else os.tmpdir()).
 *
 * ```js
 * import { startEmulator } from "entra-db-auth/emulator";
 *
 * const emu = await startEmulator({ tokenLifetimeSeconds: 60, tls: true });
 * const restoreEnv = emu.applyEnv();          // before constructing DefaultAzureCredential
 * const credential = new DefaultAzureCredential();
 * const { token } = await credential.getToken("https://ossrdbms-aad.database.windows.net/.default");
 * const client = new pg.Client({ ...emu.pg, user: emu.principals.systemAssigned.role, password: token });
 * // … SELECT current_user → 'orders-web'
 * restoreEnv();
 * await emu.close();
 * ```
 *
 * Options (all optional):
 * - `tokenLifetimeSeconds` (3600): lifetime of issued tokens; changeable later via `emu.identity`.
 *   MSAL caches managed identity tokens process-wide while 300 s or more remain, so with a
 *   lifetime under 300 s every `getToken` reaches the endpoint (what fault tests want).
 * - `tls` (false): answer SSLRequest with TLS, with a certificate from the run's own CA (`emu.ca`).
 * - `requireTls` (false): refuse plain connections like Azure's `require_secure_transport`.
 * - `tlsHostNames` ([]): DNS names, such as `orders.postgres.database.azure.com`, that the run's CA
 *   may also sign for and that every TLS service's certificate also names, for a test that reaches
 *   the emulator under a real server's name (its own DNS lookup mapping that name to 127.0.0.1):
 *   its clients then verify the certificate against the name they were given. A client that
 *   trusts `emu.ca` trusts this run for those names too, until the run ends (the CA's key never
 *   leaves this process): use it in tests only.
 * - `principals`: `{ key: { kind, upn | uniqueName | name, … } }` merged over the defaults
 *   `user` (alice@contoso.example), `guest` (bob_fabrikam.com#EXT#@contoso.onmicrosoft.com),
 *   `userAssigned` (orders-api-identity), `systemAssigned` (orders-web) and
 *   `servicePrincipal` (orders-batch), `otherTenant` (fabrikam-batch, a service principal of
 *   another tenant) and `noRole` (orders-reports, a service principal whose role was never created).
 *   Kinds: user, guest, userAssigned, systemAssigned, servicePrincipal. An app with `roleByAppId:
 *   true` has its role named by its appid (`clientId`), as teams on `@azure/postgresql-auth` create
 *   it; `tenantId: "other"` puts a principal in `otherTenantId`; `createRole: false` creates no role.
 * - `groups` (`{ "db-admins": [<user's upn>] }`): group role → member role names; a member logs in
 *   as the group with their own token.
 * - `database` ("appdb"), `audience` ("https://ossrdbms-aad.database.windows.net"),
 *   `tenantId` (the server's tenant), `otherTenantId`, `subscriptionId` (fixed fake GUIDs).
 * - `credential` ("managedIdentity"): the form `envFor()` and `applyEnv()` give when called without
 *   one, and the CLI's `--credential`.
 * - `msiPrincipal` ("systemAssigned"): who the MSI/IMDS endpoint answers for when a request names
 *   no identity; a `client_id`/`object_id`/`mi_res_id` names a user-assigned identity.
 * - `azPrincipal` ("user"): who the fake `az` and `azd` are signed in as.
 * - `azDelayMs` (150): start-up delay of each fake `az` run; env `ENTRA_EMULATOR_AZ_DELAY_MS`
 *   overrides it per run.
 * - `sqlServer` (false): also start a TDS front door for Azure SQL Database logins (see
 *   tds/server.mjs and docs/sqlserver.md): `true`, or `{ users, revalidateSessionsMs, redirect }`
 *   where `users` (default: every principal's role and every group) are the database's Entra
 *   users, `revalidateSessionsMs` (default 0, off) re-validates live sessions like Azure, and
 *   `redirect` (default false) plays Azure's Redirect connection policy: the port is a gateway
 *   that answers a valid login with a routing ENVCHANGE to a worker port (`emu.tds.workerPort`),
 *   where the client logs in again with a token that is checked again; `redirect: { host }`
 *   names the worker `host` in the routing (default 127.0.0.1; the worker still listens there).
 * - `mysql` (false): also start a MySQL front door (Azure Database for MySQL's login: see
 *   mysql/front-door.mjs and docs/mysql.md) over a throwaway MariaDB (needs `mariadbd` and
 *   `mariadb-install-db`: Debian's mariadb-server), with a user for every principal and group.
 * - `backend` ("auto"): "postgresql" (a throwaway cluster; binaries from /usr/lib/postgresql/<v>/bin
 *   or PATH), "pglite" (in-process PGlite: one shared session, `current_user` always "postgres"),
 *   or "auto" (postgresql if its binaries exist and the cluster starts, else pglite; a cluster
 *   that fails to start prints one line on stderr saying why). A backend that cannot start at all
 *   rejects with `EmulatorBackendError` (code EMULATOR_BACKEND_UNAVAILABLE), saying what to install.
 *
 * The emulator object:
 * - `env`: `{ IDENTITY_ENDPOINT, IDENTITY_HEADER, PGHOST, PGPORT, PGDATABASE }` (strings).
 * - `envFor(credential = options.credential, { principal }?)`: the variables that make
 *   `DefaultAzureCredential` use the emulator, plus those that would steer `@azure/identity`
 *   elsewhere (AZURE_CLIENT_ID, MSI_ENDPOINT, …) as `undefined`; for `spawn(…, { env: {
 *   ...process.env, ...emu.envFor() } })`. "managedIdentity": `env`; "imds":
 *   `AZURE_POD_IDENTITY_AUTHORITY_HOST`; "azureCli"/"azureDeveloperCli": the fake az and azd first
 *   on PATH; through the authority (`AZURE_AUTHORITY_HOST`, `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`):
 *   "servicePrincipal" (`AZURE_CLIENT_SECRET`), "servicePrincipalCertificate"
 *   (`AZURE_CLIENT_CERTIFICATE_PATH`) for `principal` (default "servicePrincipal", and `PGUSER`,
 *   since its token names no role), "workloadIdentity" (`AZURE_FEDERATED_TOKEN_FILE`; default
 *   principal "userAssigned"). Each also sets `AZURE_TOKEN_CREDENTIALS` so a failure is not papered
 *   over by a real sign-in further down the chain, `NODE_EXTRA_CA_CERTS` (the run's CA, for a
 *   child process) and, with tls, `PGSSLROOTCERT`; `env` alone is what an App Service sets, and
 *   enough for DefaultAzureCredential. A credential that uses the authority must be built with
 *   `disableInstanceDiscovery: true` (the package's default credential does this by itself for a
 *   loopback AZURE_AUTHORITY_HOST), or MSAL asks login.microsoftonline.com about it.
 * - `applyEnv(credential = options.credential, { principal }?)`: the same applied to `process.env`
 *   (credentials read it at construction); returns a function that restores it. The forms that use
 *   the authority also make this process trust the run's CA (`tls.setDefaultCACertificates`, Node
 *   22.19+ and 24.5+; elsewhere they throw `EmulatorTrustError`, code EMULATOR_CA_NOT_TRUSTABLE:
 *   use a child process with `envFor`).
 *   MSAL (msal-node 5) fixes the managed identity source (endpoint, header, HTTP client) for the
 *   whole process at the first managed identity token request and caches tokens process-wide:
 *   use one emulator, and one of "managedIdentity"/"imds", per process.
 * - `azBinDir`: directory holding the fake `az` and `azd`.
 * - `ca`: the PEM certificate of a certificate authority made for this run (see tls.mjs: its key
 *   never leaves this process, it signs only for localhost and 127.0.0.0/8, for a day); `caFile`:
 *   the same in a file, for `NODE_EXTRA_CA_CERTS` or libpq's `sslrootcert`.
 * - `pg`: `{ host, port, database, ssl }` for pg.Client/Pool or Sequelize, with tls `ssl: { ca }`
 *   (verified); `connectionString` (no user; with tls `sslmode=verify-full&sslrootcert=<caFile>`).
 * - `principals`: by key, each `{ key, kind, role, oid, tenantId, hasRole, upn?, uniqueName?, name?,
 *   clientId?, resourceId? }`; `role` is the PostgreSQL role it logs in as. `groups` as configured.
 * - `authority`: the Entra authority stand-in (identity/authority.mjs): `{ url, requests: { openidConfiguration,
 *   token, failed }, reset() }`; the identity faults apply to its token endpoint too.
 * - `tenantId`, `otherTenantId`, `subscriptionId`, `audience`, `scope` (audience + "/.default"),
 *   `credential`.
 * - with `sqlServer`: `sqlServer`, a config that mssql and tedious take as it is (`server`,
 *   `options: { port, database, encrypt: "strict", cryptoCredentialsDetails: { ca } }`; add the
 *   authentication); `sqlScope` ("https://database.windows.net/.default"); `tds`: the front door's
 *   `{ accepted, rejected, lastRejections, resets, requests, failedRequests, killed, sessions,
 *   revalidateSessionsMs (settable), declineTls (settable: answer PRELOGIN "encryption not
 *   supported" and go on in clear text), clearTextTokens, revalidateNow(), expireSessions(),
 *   killSessions(), reset(), redirects, workerPort }`. It serves `encrypt: "strict"` (TDS 8) and
 *   `encrypt: true` (TDS 7.4).
 * - with `mysql`: `mysql`, a config mysql2 takes as it is (`{ host, port, database, ssl? }`, with tls
 *   `ssl: { ca }`; add the user and the token); `mysqlBackend` ("mariadb 10.11.…"); `mysqlFrontDoor`:
 *   `{ requireTls, greetingPlugin (settable), accepted, rejected, tokenPaths: { handshakeResponse,
 *   authSwitch }, changeUsers, lastRejections, reset() }`.
 * - `identity`: `{ url, requests: { total, failed, msi, imds, az, azd, keys }, tokenLifetimeSeconds
 *   (settable), use(key), useForAz(key), fail({ status = 500, error?, count?, forMs? }),
 *   slow(ms, { count?, forMs? }), hang({ count?, forMs? }), malformed({ … }),
 *   wrongAudience(audience?, { … }), expiredTokens({ … }), mintToken(key, { audience?,
 *   lifetimeSeconds?, expired? }), jwksUrl, reset() }`. Faults last for `count` requests, `forMs`
 *   milliseconds, or until `reset()`; hung requests are answered at `reset()`.
 * - `frontDoor`: `{ requireTls (settable), accepted, rejected, lastRejections: [{ at, user, database,
 *   reason }], reset() }`; only the counters reset.
 * - `backend`: "postgresql 15.18" or "pglite".
 * - `close()`: stops everything and removes the temp dir. It does not keep the process alive
 *   by itself; if the process dies without `close()`, a watchdog stops PostgreSQL and removes
 *   the temp dir.
 */
import { chmod, mkdtemp, rm, statfs, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { DEFAULT_AZ_DELAY_MS, writeFakeAz } from "./identity/fake-az.mjs";
import { startFrontDoor } from "./pg/front-door.mjs";
import { AZD_PATH, AZ_PATH, MSI_PATH, startIdentityEndpoint } from "./identity/endpoint.mjs";
import { createAppCredentials, startAuthority } from "./identity/authority.mjs";
import { startBackend } from "./pg/backend.mjs";
import { buildDirectory, stableGuid } from "./identity/principals.mjs";
import { createTokenService } from "./identity/tokens.mjs";
import { startWatchdog } from "./watchdog.mjs";
import { applyToProcess, trustInProcess, withoutSteering } from "./env.mjs";
import { createCertificateAuthority } from "./tls.mjs";
import { SQL_SPN, startSqlServerFrontDoor } from "./tds/server.mjs";
import { startMariadb } from "./mysql/mariadb.mjs";
import { startMysqlFrontDoor } from "./mysql/front-door.mjs";

export { EmulatorTrustError } from "./env.mjs";
export { EmulatorBackendError } from "./pg/backend.mjs";

// RAM-backed /dev/shm makes initdb ~3x faster than a disk-backed /tmp; Docker's default 64 MB
// /dev/shm is too small for a cluster, hence the free-space check.
async function makeScratchDir() {
  const prefix = "entra-db-auth-emulator-";
  const shmFree = await statfs("/dev/shm").then(
    ({ bavail, bsize }) => bavail * bsize,
    () => 0,
  );
  if (shmFree >= 2 ** 30) {
    try {
      return await mkdtemp(join("/dev/shm", prefix));
    } catch {
      // Not writable for us: fall through to the ordinary temp dir.
    }
  }
  return mkdtemp(join(tmpdir(), prefix));
}

export async function startEmulator({
  tokenLifetimeSeconds = 3600,
  tls = false,
  requireTls = false,
  tlsHostNames = [],
  principals: principalOverrides,
  groups: groupOption,
  database = "appdb",
  audience = "https://ossrdbms-aad.database.windows.net",
  tenantId = stableGuid("tenant:contoso"),
  otherTenantId = stableGuid("tenant:fabrikam"),
  credential: defaultCredential = "managedIdentity",
  subscriptionId = stableGuid("subscription:orders"),
  msiPrincipal = "systemAssigned",
  azPrincipal = "user",
  azDelayMs = DEFAULT_AZ_DELAY_MS,
  backend = "auto",
  sqlServer: sqlServerOption = false,
  mysql = false,
} = {}) {
  if (requireTls && !tls) throw new TypeError("requireTls needs tls: true");
  const principals = buildDirectory(principalOverrides, { subscriptionId, tenantId, otherTenantId });
  const groups = groupOption ?? (principals.user ? { "db-admins": [principals.user.role] } : {});

  const dir = await makeScratchDir();
  // mkdtemp makes it 0700; the postgres user must reach its cluster inside.
  await chmod(dir, 0o755);
  const watchdog = startWatchdog(dir);
  const closers = [];
  async function closeAll() {
    for (const close of closers.reverse()) await close();
    await rm(dir, { recursive: true, force: true });
    watchdog.disarm();
  }

  try {
    const withRoles = Object.values(principals).filter((p) => p.hasRole);
    const roles = [...new Set([...withRoles.map((p) => p.role), ...Object.keys(groups)])];
    // allSettled: a backend that starts while key generation fails must still be closed.
    const started = await Promise.allSettled([
      createTokenService({ tenantId }),
      createCertificateAuthority({ hostNames: tlsHostNames }),
      createAppCredentials({ directory: principals, dir }),
      startBackend(backend, { dir: join(dir, "pg"), roles, database, watchdog }).then((db) => {
        closers.push(() => db.close());
        return db;
      }),
      mysql &&
        startMariadb({ dir: join(dir, "mysql"), users: roles, database, watchdog }).then((mariadb) => {
          closers.push(() => mariadb.close());
          return mariadb;
        }),
    ]);
    const [tokens, ca, apps, db, mariadb] = started.map((result) => {
      if (result.status === "rejected") throw result.reason;
      return result.value;
    });
    // The CA's certificate (public) as a file, for NODE_EXTRA_CA_CERTS and sslrootcert; its key
    // exists only inside `ca`.
    const caFile = join(dir, "ca.pem");
    await writeFile(caFile, ca.pem, { mode: 0o644 });

    const identity = await startIdentityEndpoint({
      tokens,
      directory: principals,
      audience,
      tenantId,
      subscriptionId,
      tokenLifetimeSeconds,
      msiPrincipal,
      azPrincipal,
    });
    closers.push(() => identity.close());
    const azBinDir = join(dir, "bin");
    await writeFakeAz(azBinDir, {
      urls: { az: `${identity.origin}${AZ_PATH}`, azd: `${identity.origin}${AZD_PATH}` },
      secret: identity.secret,
      delayMs: azDelayMs,
    });
    const authority = await startAuthority({
      ca,
      apps,
      tenantIds: [tenantId, otherTenantId],
      issue: identity.issue,
    });
    closers.push(() => authority.close());

    const frontDoor = await startFrontDoor({
      backend: db,
      tokens,
      directory: principals,
      audience,
      groups,
      tls: tls ? await ca.issueLeaf("postgresql") : undefined,
      requireTls,
    });
    closers.push(() => frontDoor.close());
    const sqlServer = sqlServerOption
      ? await startSqlServerFrontDoor({
          tokens,
          directory: principals,
          groups,
          users: new Set(
            sqlServerOption.users ?? [...Object.values(principals).map((p) => p.role), ...Object.keys(groups)],
          ),
          database,
          tenantId,
          tls: await ca.issueLeaf("sqlserver"),
          redirect: sqlServerOption.redirect,
        })
      : undefined;
    if (sqlServer) {
      closers.push(() => sqlServer.close());
      sqlServer.controls.revalidateSessionsMs = sqlServerOption.revalidateSessionsMs ?? 0;
    }
    const mysqlFrontDoor = mariadb
      ? await startMysqlFrontDoor({
          backend: mariadb,
          tokens,
          directory: principals,
          audience,
          groups,
          tls: tls ? await ca.issueLeaf("mysql") : undefined,
          requireTls,
        })
      : undefined;
    if (mysqlFrontDoor) closers.push(() => mysqlFrontDoor.close());

    const env = {
      IDENTITY_ENDPOINT: `${identity.origin}${MSI_PATH}`,
      IDENTITY_HEADER: identity.secret,
      PGHOST: frontDoor.host,
      PGPORT: String(frontDoor.port),
      PGDATABASE: database,
    };
    const pgEnv = { PGHOST: env.PGHOST, PGPORT: env.PGPORT, PGDATABASE: database };
    // A child Node process trusts the run's CA (NODE_EXTRA_CA_CERTS), libpq and doctor verify
    // the PostgreSQL port against it (PGSSLROOTCERT).
    const trustEnv = { NODE_EXTRA_CA_CERTS: caFile, ...(tls && { PGSSLROOTCERT: caFile }) };
    // Each form also pins DefaultAzureCredential to one credential, so a failing emulator never
    // falls through to a developer's real Azure CLI or VS Code sign-in.
    const credentialEnv = {
      managedIdentity: () => ({ ...env, AZURE_TOKEN_CREDENTIALS: "ManagedIdentityCredential" }),
      imds: () => ({
        AZURE_POD_IDENTITY_AUTHORITY_HOST: identity.origin,
        AZURE_TOKEN_CREDENTIALS: "ManagedIdentityCredential",
        ...pgEnv,
      }),
      azureCli: cliEnv("AzureCliCredential"),
      azureDeveloperCli: cliEnv("AzureDeveloperCliCredential"),
      servicePrincipal: (principal = "servicePrincipal") =>
        appEnv(principal, ({ secret }) => ({ AZURE_CLIENT_SECRET: secret })),
      servicePrincipalCertificate: (principal = "servicePrincipal") =>
        appEnv(principal, ({ certificateFile }) => ({ AZURE_CLIENT_CERTIFICATE_PATH: certificateFile })),
      workloadIdentity: (principal = "userAssigned") =>
        appEnv(principal, ({ federatedTokenFile }) => ({
          AZURE_FEDERATED_TOKEN_FILE: federatedTokenFile,
          AZURE_TOKEN_CREDENTIALS: "WorkloadIdentityCredential",
        })),
    };
    /** The fake az or azd first on PATH, and DefaultAzureCredential pinned to `credential`. */
    function cliEnv(credential) {
      return () => ({
        PATH: [azBinDir, process.env.PATH].filter(Boolean).join(delimiter),
        AZURE_TOKEN_CREDENTIALS: credential,
        ...pgEnv,
      });
    }
    /**
     * An app signs in through the authority; a service principal's token names no role, so PGUSER
     * does. `form(credentials)` gives the variables of the form from the app's credentials.
     */
    function appEnv(key, form) {
      const principal = principals[key];
      if (!principal) throw new TypeError(`unknown principal "${key}"`);
      return {
        AZURE_TENANT_ID: principal.tenantId,
        AZURE_CLIENT_ID: principal.clientId,
        AZURE_AUTHORITY_HOST: authority.origin,
        AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential",
        ...(principal.kind === "servicePrincipal" && { PGUSER: principal.role }),
        ...pgEnv,
        ...form(authority.credentialsOf(principal)),
      };
    }
    function envFor(credential = defaultCredential, { principal } = {}) {
      const variables = credentialEnv[credential];
      if (!variables) throw new TypeError(`credential must be one of ${Object.keys(credentialEnv).join(", ")}`);
      return withoutSteering({ ...variables(principal), ...trustEnv });
    }
    function applyEnv(credential = defaultCredential, options) {
      const variables = envFor(credential, options);
      // The forms that sign in through the authority need its certificate trusted in this process.
      const untrust =
        variables.AZURE_AUTHORITY_HOST === undefined ? () => {} : trustInProcess(ca.pem, `applyEnv("${credential}")`);
      const restore = applyToProcess(variables);
      return function restoreEnv() {
        restore();
        untrust();
      };
    }
    let closing;
    return {
      env,
      envFor,
      applyEnv,
      azBinDir,
      ca: ca.pem,
      caFile,
      pg: { host: frontDoor.host, port: frontDoor.port, database, ssl: tls ? { ca: ca.pem } : false },
      connectionString:
        `postgresql://${frontDoor.host}:${frontDoor.port}/${encodeURIComponent(database)}` +
        (tls ? `?sslmode=verify-full&sslrootcert=${encodeURIComponent(caFile)}` : ""),
      principals,
      groups,
      tenantId,
      subscriptionId,
      audience,
      scope: `${audience}/.default`,
      otherTenantId,
      credential: defaultCredential,
      identity: identity.controls,
      authority: authority.controls,
      frontDoor: frontDoor.controls,
      ...(sqlServer && {
        sqlServer: {
          server: sqlServer.host,
          options: {
            port: sqlServer.port,
            database,
            encrypt: "strict",
            trustServerCertificate: false,
            cryptoCredentialsDetails: { ca: ca.pem },
          },
        },
        sqlScope: `${SQL_SPN}.default`,
        tds: sqlServer.controls,
      }),
      ...(mysqlFrontDoor && {
        mysql: {
          host: mysqlFrontDoor.host,
          port: mysqlFrontDoor.port,
          database,
          ...(tls && { ssl: { ca: ca.pem } }),
        },
        mysqlFrontDoor: mysqlFrontDoor.controls,
        mysqlBackend: mariadb.name,
      }),
      backend: db.name,
      close() {
        closing ??= closeAll();
        return closing;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
