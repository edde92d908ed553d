// What every entry point for bundlers exports, named: a bundler then keeps what an app uses.
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
