// Compiled by `tsc --noEmit` in the lint step: the published types accept the documented usage.
import pg from "pg";
import { Sequelize } from "sequelize";
import { DefaultAzureCredential } from "@azure/identity";
import {
  getEntraTokenPassword,
  configureEntraIdAuth,
  createTokenSource,
  entraTokenProvider,
  EntraDbAuthError,
  type EntraDbAuthErrorCode,
} from "entra-db-auth";

const credential = new DefaultAzureCredential();
new pg.Pool({ host: "h.postgres.database.azure.com", user: "u", ssl: true, password: getEntraTokenPassword });
new pg.Pool({ password: () => getEntraTokenPassword(credential, { scope: "s" }) });
new pg.Pool({ password: entraTokenProvider(credential) });
const sequelize: Sequelize = configureEntraIdAuth(new Sequelize("db", "", "", { dialect: "postgres" }));
configureEntraIdAuth(sequelize, credential, { fallbackUsername: "app" });
const source = createTokenSource({ credential, refreshAt: 0.8 });
const password: Promise<string> = source.getPassword();
void password;
const code: EntraDbAuthErrorCode | undefined = new Error() instanceof EntraDbAuthError ? "NO_TOKEN" : undefined;
void code;
