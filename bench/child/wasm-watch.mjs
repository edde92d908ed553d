// js/wasm/core.cjs keeps its instance private (it exports Core, Action and decodeClaims only), so
// the bench watches WebAssembly's constructors instead. Call before the first import of the
// library in a fresh process.
export function watchWasm() {
  const instances = [];
  let ms = 0;
  for (const name of ["Module", "Instance"]) {
    WebAssembly[name] = new Proxy(WebAssembly[name], {
      construct(target, args, newTarget) {
        const start = performance.now();
        const made = Reflect.construct(target, args, newTarget);
        ms += performance.now() - start;
        if (name === "Instance") instances.push(made);
        return made;
      },
    });
  }
  return {
    /** Time spent compiling and instantiating wasm so far. */
    get ms() {
      return ms;
    },
    /** 64 KiB pages of linear memory across the instances created so far. */
    pages() {
      return instances.reduce((sum, instance) => sum + (instance.exports.memory?.buffer.byteLength ?? 0) / 65536, 0);
    },
  };
}
