"use strict";
// Sequelize's mssql dialect runs tedious, and tedious fetches the token itself (after the server's
// FEDAUTHINFO), so the beforeConnect hook only sets tedious' `authentication` to tediousAuthentication.
// Where it goes: v6 builds tedious' config from `dialectOptions` (`authentication` is merged over
// its SQL login, `options` over its own) and hands every connection the same config object; v7
// takes tedious' top-level options (`server`, `authentication`, `encrypt`, …) at the root of each
// connection's fresh clone. No user name: the token names the principal.
const { tediousAuthentication } = require("./tedious.cjs");

/**
 * configureEntraIdAuth for `dialect: "mssql"`: called by it once it has checked its arguments.
 * @returns the same sequelize
 */
function configureMssqlEntraIdAuth(sequelize, credential, options, v7) {
  const { scope, allowInsecure } = options;
  const settings = { credential: credential ?? undefined, scope, allowInsecure };
  const beforeConnect = (config) => {
    if (v7) {
      config.authentication = tediousAuthentication(config, settings);
    } else {
      config.dialectOptions ??= {};
      const tediousConfig = { server: config.host, options: config.dialectOptions.options };
      config.dialectOptions.authentication = tediousAuthentication(tediousConfig, settings);
    }
  };
  if (v7) sequelize.hooks.addListener("beforeConnect", beforeConnect);
  else sequelize.addHook("beforeConnect", beforeConnect);
  return sequelize;
}

module.exports = { configureMssqlEntraIdAuth };
