#!/usr/bin/env node
// The entra-db-auth command line. Each subcommand is its own module exporting `usage` (text),
// `parse(args)` (its options; throws on a usage error) and `run(options)` (resolves to an exit
// code); it is loaded only when invoked.

const COMMANDS = {
  emulator: {
    summary: "run a local Entra ID + Azure Database for PostgreSQL emulator until Ctrl-C",
    load: () => import("./emulator/command.mjs"),
  },
  token: {
    summary: "get a token as an app would; say who it is for, which credential gave it, until when",
    load: () => import("./cli/token.mjs"),
  },
  doctor: {
    summary: "check each step of an Entra ID login to a server and say what to fix",
    load: () => import("./cli/doctor.mjs"),
  },
};

const USAGE = `usage: entra-db-auth <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`)
  .join("\n")}

Run "entra-db-auth <command> --help" for a command's options.
`;

const [name, ...args] = process.argv.slice(2);
if (name === "--help" || name === "-h" || name === "help") {
  process.stdout.write(USAGE);
} else if (Object.hasOwn(COMMANDS, name ?? "")) {
  const command = await COMMANDS[name].load();
  let options;
  try {
    options = command.parse(args);
  } catch (error) {
    process.stderr.write(`entra-db-auth ${name}: ${error.message}\n${command.usage}`);
    process.exitCode = 2;
  }
  if (options?.help) process.stdout.write(command.usage);
  else if (options) {
    process.exitCode = await command.run(options);
    // Done: a credential doctor stopped waiting for may still be retrying in the background (it
    // ignores abort signals), and must not hold the process for its 20 s.
    for (const stream of [process.stdout, process.stderr]) {
      if (stream.writableLength > 0) {
        await new Promise((resolve) => stream.once("drain", resolve).once("error", resolve).once("close", resolve));
      }
    }
    process.exit();
  }
} else {
  process.stderr.write(`${name === undefined ? "" : `entra-db-auth: unknown command "${name}"\n`}${USAGE}`);
  process.exitCode = 2;
}
