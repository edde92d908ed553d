// Sequelize v6 pointed at the emulator's PostgreSQL, with no username or password of its own: the
// tests' configureEntraIdAuth supplies both. Its own module, so that only tests that use
// Sequelize load it.
import { Sequelize } from "sequelize";

/** `pg` is the emulator's `emu.pg`; `options` are merged over the defaults (e.g. `pool`, `logging`). */
export function sequelizeFor({ host, port, database, ssl }, options = {}) {
  return new Sequelize(database, null, null, {
    dialect: "postgres",
    host,
    port,
    dialectOptions: { ssl },
    logging: false,
    ...options,
  });
}
