// entra-db-auth/mysql for bundlers (the `module` condition of package.json's exports): each
// integration named from its own module, so that a bundler keeps only those an app uses. Node
// imports index.mjs, which loads them on first use.
import { useIdentity } from "../core/source.cjs";
import { importIdentity } from "../core/identity-esm.cjs";

export * from "../core/index.mjs";
export { mysql2AuthPlugins, mysql2Options, createMysqlPool } from "./mysql2.cjs";
export { createMariadbPool } from "./mariadb.cjs";
export { configureEntraIdAuth } from "./sequelize.cjs";

// The default credential's @azure/identity: its ES module. package.json's `sideEffects` names this
// file, so that bundlers keep this call.
useIdentity(importIdentity);
