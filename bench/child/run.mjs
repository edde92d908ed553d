// Runs a bench/child script in a fresh Node process: no JIT state, heap, our token registry or
// MSAL cache (msal-node keeps managed identity tokens in a static, process-wide cache) carried
// over from another run. A child may announce it is `ready` (set up, first token fetched): it
// goes on once the parent's `start()` has resolved. Resolves to the result the child reports.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

export function runChild(script, args, { env = process.env, execArgv = [], start = () => {} } = {}) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = fork(path, args.map(String), { env, execArgv, stdio: ["ignore", "ignore", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    let result;
    child.on("message", (message) => {
      if (message === "ready") {
        Promise.resolve()
          .then(start)
          .then(() => child.send("go"), reject);
      } else {
        result = message.result;
      }
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 && result !== undefined
        ? resolve(result)
        : reject(new Error(`${script} ${args.join(" ")} exited ${code}`)),
    );
  });
}
