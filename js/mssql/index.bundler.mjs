// entra-db-auth/mssql for bundlers (the `module` condition of package.json's exports): each
// integration named from its own module, so that a bundler keeps only those an app uses. Node
// imports index.mjs, which loads them on first use.
import { useIdentity } from "../core/source.cjs";
import { requireIdentity } from "../core/identity-cjs.cjs";

export * from "../core/index.mjs";
export { tediousAuthentication } from "./tedious.cjs";
export { createMssqlPool } from "./mssql.cjs";
export { configureEntraIdAuth } from "./sequelize.cjs";

// The default credential's @azure/identity: its CommonJS build, which tedious requires too.
// package.json's `sideEffects` names this file, so that bundlers keep this call.
useIdentity(requireIdentity);
