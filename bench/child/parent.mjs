// A child's side of bench/child/run.mjs.

/** Tells the parent that setup is done, and waits for its go-ahead. */
export function ready() {
  const go = new Promise((resolve) => process.once("message", resolve));
  process.send("ready");
  return go;
}

/** Hands the result to the parent and lets the process end. */
export function report(result) {
  process.send({ result }, () => process.disconnect());
}
