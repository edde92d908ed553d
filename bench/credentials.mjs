// Unmodified @azure/identity credentials against the emulator. The parent points a child
// process's environment at the emulator; the child makes a fresh credential from it.
import { runChild } from "./child/run.mjs";

export const CREDENTIALS = {
  managedIdentity: {
    label: "DefaultAzureCredential (managed identity)",
    env: "managedIdentity",
    principal: "systemAssigned",
    make: (identity) => new identity.DefaultAzureCredential(),
  },
  azureCli: {
    label: "AzureCliCredential (fake az, ~150 ms start)",
    env: "azureCli",
    principal: "user",
    make: (identity) => new identity.AzureCliCredential(),
  },
};

/**
 * The environment for a child that uses a `kind` credential whose tokens live `lifetimeSeconds`.
 * It carries the scope and the connection settings too.
 */
export function childEnv(emu, kind, lifetimeSeconds) {
  emu.identity.tokenLifetimeSeconds = lifetimeSeconds;
  const restoreEnv = emu.applyEnv(CREDENTIALS[kind].env);
  try {
    const connection = { ...emu.pg, user: emu.principals[CREDENTIALS[kind].principal].role };
    return { ...process.env, BENCH_CREDENTIAL: kind, BENCH_SCOPE: emu.scope, BENCH_PG: JSON.stringify(connection) };
  } finally {
    restoreEnv();
  }
}

/** In the child: a fresh credential, the scope and the pg connection settings (no password). */
export async function fromChildEnv() {
  const identity = await import("@azure/identity");
  const { BENCH_CREDENTIAL, BENCH_SCOPE, BENCH_PG } = process.env;
  return {
    credential: CREDENTIALS[BENCH_CREDENTIAL].make(identity),
    scope: BENCH_SCOPE,
    connection: JSON.parse(BENCH_PG),
  };
}

/** Token requests the identity endpoint has answered (JWKS downloads are not token requests). */
export function tokenRequests(emu) {
  const { msi, imds, az } = emu.identity.requests;
  return msi + imds + az;
}

/** Runs `run(start)` and counts the token requests made after `start` is called. */
export async function countingRequests(emu, run) {
  let before;
  const result = await run(() => {
    before = tokenRequests(emu);
  });
  return { ...result, requests: tokenRequests(emu) - before };
}

/**
 * Runs the churn child `script` for `contender` on managed identity tokens that live
 * `lifetimeSeconds` (its environment from childEnv, plus `env`), counting from the child's start
 * the token requests and the logins that `logins()` counts.
 */
export async function countedChurn(emu, script, contender, sizes, { env, logins }) {
  const { lifetimeSeconds, durationMs, workers, pauseMs } = sizes;
  let loginsBefore;
  const run = await countingRequests(emu, (start) =>
    runChild(script, [contender, durationMs, workers, pauseMs], {
      env: { ...childEnv(emu, "managedIdentity", lifetimeSeconds), ...env },
      start: () => {
        start();
        loginsBefore = logins();
      },
    }),
  );
  return { ...run, logins: logins() - loginsBefore };
}
