// What every entry point for bundlers exports, named: a bundler then keeps what an app uses. The
// names repeat index.cjs's because esbuild keeps everything behind an `export *` from CommonJS
// (tests/package.test.mjs checks each build exports the same names).
export {
  createTokenSource,
  sharedTokenSource,
  scopeForHost,
  TokenSource,
  EntraDbAuthError,
  TokenAcquisitionError,
  InvalidTokenError,
  UsernameError,
  ConfigurationError,
} from "./index.cjs";
