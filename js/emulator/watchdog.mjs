// Cleans up after a process that dies without calling close() (SIGKILL, SIGINT with no handler,
// a crashed test): a detached `sh` holds the read end of a pipe from us. When the pipe closes
// without "done", it stops the registered PostgreSQL postmasters (immediate shutdown) and
// removes the emulator's temp dir. Detached, so a Ctrl-C to our process group spares it.
import { spawn } from "node:child_process";

const SCRIPT = `
pids=""
while read -r word arg; do
  case "$word" in
    pid) pids="$pids $arg" ;;
    done) exit 0 ;;
  esac
done
for p in $pids; do kill -QUIT "$p" 2>/dev/null; done
for p in $pids; do
  n=0
  while kill -0 "$p" 2>/dev/null && [ $n -lt 100 ]; do sleep 0.1; n=$((n+1)); done
done
rm -rf "$1"
`;

export function startWatchdog(dir) {
  const child = spawn("/bin/sh", ["-c", SCRIPT, "entra-db-auth-emulator-watchdog", dir], {
    detached: true,
    stdio: ["pipe", "ignore", "ignore"],
  });
  // Without sh there is no safety net, only close().
  child.on("error", () => {});
  child.stdin.on("error", () => {});
  child.unref();
  child.stdin.unref();
  return {
    watch(pid) {
      child.stdin.write(`pid ${pid}\n`);
    },
    disarm() {
      child.stdin.end("done\n");
    },
  };
}
