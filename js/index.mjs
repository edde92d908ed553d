// The ESM entry: the same module instance as the CJS one, so both share one token cache.
export * from "./index.cjs";
