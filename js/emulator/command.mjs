// `entra-db-auth emulator`: starts the emulator, prints shell lines that point an app at it,
// and runs until SIGINT/SIGTERM, then shuts down cleanly.
import { parseArgs } from "node:util";
import { shellQuote } from "./fake-az.mjs";
import { startEmulator } from "./index.mjs";

export const usage = `usage: entra-db-auth emulator [--lifetime SECONDS] [--tls] [--require-tls] [--backend auto|postgresql|pglite]

  --lifetime SECONDS  lifetime of issued tokens (default 3600)
  --tls               offer TLS on the PostgreSQL port (a certificate from this run's own CA)
  --require-tls       refuse plain PostgreSQL connections (implies --tls)
  --backend KIND      what serves SQL (default auto: PostgreSQL binaries if present, else PGlite)
`;

const OPTIONS = {
  lifetime: { type: "string" },
  tls: { type: "boolean" },
  "require-tls": { type: "boolean" },
  backend: { type: "string" },
  help: { type: "boolean", short: "h" },
};

function describe(emu) {
  const lines = [
    `# entra-db-auth emulator: ${emu.backend} behind ${emu.pg.host}:${emu.pg.port}` +
      `${emu.pg.ssl ? " (TLS offered)" : ""}, tokens live ${emu.identity.tokenLifetimeSeconds} s.`,
    "# Paste into a shell to point DefaultAzureCredential, the fake az and libpq/pg at it:",
    ...Object.entries(emu.env).map(([name, value]) => `export ${name}=${shellQuote(value)}`),
    `export PATH=${shellQuote(emu.azBinDir)}:"$PATH"`,
    "# Trust this run's CA (made at start, key never leaves the emulator, localhost/127.0.0.1 only):",
    `export NODE_EXTRA_CA_CERTS=${shellQuote(emu.caFile)}`,
    ...(emu.pg.ssl
      ? [`export PGSSLROOTCERT=${shellQuote(emu.caFile)}`, `export PGSSLMODE=${shellQuote("verify-full")}`]
      : []),
    "#",
    "# PostgreSQL roles; a token logs in as its own role (or a group it belongs to):",
    ...Object.values(emu.principals).map((p) => `#   ${p.role.padEnd(48)} ${p.kind} (${p.key})`),
    ...Object.entries(emu.groups).map(([group, members]) => `#   ${group.padEnd(48)} group of ${members.join(", ")}`),
    `# The managed identity endpoint answers as ${emu.principals.systemAssigned.role}; the fake az is signed in as ${emu.principals.user.role}.`,
    `# ${emu.connectionString}`,
    "# Ctrl-C stops it.",
  ];
  return `${lines.join("\n")}\n`;
}

/** The parsed options; throws on a usage error. */
export function parse(args) {
  const { values } = parseArgs({ args, options: OPTIONS });
  const lifetime = values.lifetime === undefined ? 3600 : Number(values.lifetime);
  if (!values.help && !(Number.isInteger(lifetime) && lifetime > 0)) {
    throw new Error("--lifetime must be a whole number of seconds");
  }
  return { ...values, lifetime };
}

export async function run(values) {
  const emu = await startEmulator({
    tokenLifetimeSeconds: values.lifetime,
    tls: values.tls || values["require-tls"],
    requireTls: values["require-tls"],
    backend: values.backend,
  });
  process.stdout.write(describe(emu));

  // The emulator does not hold the event loop open by itself; this process exists to serve it.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const signal = await new Promise((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  clearInterval(keepAlive);
  process.stderr.write(`# ${signal}: stopping the emulator\n`);
  await emu.close();
  return 0;
}
