// The ESM entry: the same module instances as the CJS one, so both share one token cache.
export * from "./index.cjs";
