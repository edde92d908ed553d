"use strict";
// What every dialect's configureEntraIdAuth shares: telling Sequelize v6 from v7, checking the
// arguments, and registering the beforeConnect hook the way each version takes it.
const { checkCredential, checkIntegrationOptions } = require("./source.cjs");
const { describe, check, checkKnownOptions } = require("./errors.cjs");

const USERNAME_OPTIONS = ["username", "fallbackUsername", "allowAppId"];

/** Whether `sequelize` is a Sequelize v7 (`@sequelize/core`) instance. */
function isV7(sequelize) {
  return Number.parseInt(sequelize?.constructor?.version, 10) >= 7;
}

/**
 * Checks configureEntraIdAuth's arguments (`known`: the options its dialect takes, by default the
 * connection and username options); returns
 * `{ v7, dialect, onBeforeConnect(hook) }`.
 * @returns {{ v7: boolean, dialect: string | undefined, onBeforeConnect: (hook: (config: object) => unknown) => void }}
 */
function sequelizeHooks(sequelize, credential, options, known = ["scope", "allowInsecure", ...USERNAME_OPTIONS]) {
  const v7 = isV7(sequelize);
  check(
    sequelize !== null &&
      typeof sequelize === "object" &&
      typeof (v7 ? sequelize.hooks?.addListener : sequelize.addHook) === "function",
    () => `configureEntraIdAuth needs a Sequelize instance (with a beforeConnect hook), got ${describe(sequelize)}`,
  );
  checkCredential(credential);
  checkIntegrationOptions(options);
  check(
    options.credential === undefined,
    () =>
      "configureEntraIdAuth takes the credential as its second argument: configureEntraIdAuth(sequelize, credential, options)",
  );
  checkKnownOptions(options, known);
  const onBeforeConnect = (hook) =>
    v7 ? sequelize.hooks.addListener("beforeConnect", hook) : sequelize.addHook("beforeConnect", hook);
  return { v7, dialect: sequelize.dialect?.name, onBeforeConnect };
}

/** Refuses a dialect that another entry point serves, naming that entry point. */
function checkDialect(dialect, served, entry) {
  const owner = { mssql: "entra-db-auth/mssql", mysql: "entra-db-auth/mysql", mariadb: "entra-db-auth/mysql" };
  check(
    served(dialect),
    () =>
      `configureEntraIdAuth from ${entry} serves ${entry.replace("entra-db-auth/", "")}'s dialects, not ${JSON.stringify(dialect)}: import it from ${owner[dialect] ?? "entra-db-auth/pg"} (or from entra-db-auth, which serves every dialect)`,
  );
}

module.exports = { isV7, sequelizeHooks, checkDialect };
