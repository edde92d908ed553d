// Figure 2, one contender: `size` concurrent pool.connect() on a fresh credential and an empty
// cache; the time until every one has connected. The parent counts the token requests.
import pg from "pg";
import { fromChildEnv } from "../credentials.mjs";
import { passwordFor } from "../contenders.mjs";
import { ready, report } from "./parent.mjs";

const [contender, size, maxSessions] = process.argv.slice(2).map((arg, i) => (i ? Number(arg) : arg));
const { credential, scope, connection } = await fromChildEnv();
const password = await passwordFor(contender, credential, scope);
const pool = new pg.Pool({ ...connection, password, max: Math.min(size, maxSessions) });
await ready();

const start = performance.now();
await Promise.all(Array.from({ length: size }, async () => (await pool.connect()).release(true)));
const ms = performance.now() - start;
await pool.end();
report({ ms });
