// The ESM and CJS entries are one module, so their types are the same.
export * from "./index.cjs";
