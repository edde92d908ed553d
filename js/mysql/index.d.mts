// The ESM entry re-exports the CJS module, so its types are the same.
export * from "./index.cjs";
