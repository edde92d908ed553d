// The ESM entry for Node: the CommonJS entry through require(), so that import and require() share
// its modules and one token cache, with each name exported. Not `export * from "./index.cjs"`:
// importing CommonJS from an ES module makes Node parse it for its names (a cold import of the root
// took 9.6 ms so on Node 20, and takes 5.2 ms this way). Bundlers take index.bundler.mjs instead.
import { createRequire } from "node:module";

export const {
  createTokenSource,
  sharedTokenSource,
  scopeForHost,
  TokenSource,
  EntraDbAuthError,
  TokenAcquisitionError,
  InvalidTokenError,
  UsernameError,
  ConfigurationError,
  getEntraTokenPassword,
  createPool,
  configureEntraIdAuth,
  knexConnection,
  postgresJsOptions,
  typeormDriver,
  entraTokenProvider,
  configureEntraAuthentication,
} = createRequire(import.meta.url)("./index.cjs");
