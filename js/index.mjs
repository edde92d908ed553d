// The ESM entry: the same module instance as the CJS one, so both share one token cache.
export {
  getEntraTokenPassword,
  createPool,
  configureEntraIdAuth,
  createTokenSource,
  sharedTokenSource,
  scopeForHost,
  entraTokenProvider,
  configureEntraAuthentication,
  TokenSource,
  EntraDbAuthError,
  TokenAcquisitionError,
  InvalidTokenError,
  UsernameError,
  ConfigurationError,
} from "./index.cjs";
