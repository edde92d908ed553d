// The ESM entry for Node: the same module instances as the CJS one, so both share one token cache.
// Bundlers take index.bundler.mjs. Requiring index.cjs through createRequire would import faster
// (Node would not parse it for its names: 5.2 against 9.6 ms cold on Node 20), but @vercel/ncc
// resolves this file too, and leaves such a require to run time, where index.cjs is not beside it.
export * from "./index.cjs";
