// entra-db-auth/pg for bundlers (the `module` condition of package.json's exports): each
// integration named from its own module, so that a bundler keeps only those an app uses. Node
// imports index.mjs, which loads them on first use.
import { useIdentity } from "../core/source.cjs";
import { importIdentity } from "../core/identity-esm.cjs";

export * from "../core/index.mjs";
export { getEntraTokenPassword, createPool } from "./pg.cjs";
export { configureEntraIdAuth } from "./sequelize.cjs";
export { knexConnection } from "./knex.cjs";
export { postgresJsOptions } from "./postgres-js.cjs";
export { typeormDriver } from "./typeorm.cjs";
export { entraTokenProvider, configureEntraAuthentication } from "./postgresql-auth.cjs";

// The default credential's @azure/identity: its ES module. package.json's `sideEffects` names this
// file, so that bundlers keep this call.
useIdentity(importIdentity);
