// The four password callbacks the issue compares, each built the way its users write it.
import { getEntraTokenPassword, createTokenSource } from "entra-db-auth";
import { entraTokenProvider } from "@azure/postgresql-auth";

export const CONTENDERS = {
  ours: "entra-db-auth: () => getEntraTokenPassword(credential, { scope })",
  source: "entra-db-auth: () => source.getPassword() on a createTokenSource()",
  official: "@azure/postgresql-auth 1.0.0-beta.1: entraTokenProvider(credential, { scope })",
  perConnection: "async () => (await credential.getToken(scope)).token",
  floor: "() => token, a string fetched once before the run",
};

/** A password callback for pg. The floor fetches its one token here, before any timing starts. */
export async function passwordFor(contender, credential, scope) {
  switch (contender) {
    case "ours":
      return () => getEntraTokenPassword(credential, { scope });
    case "source": {
      const source = createTokenSource({ credential, scope });
      return () => source.getPassword();
    }
    case "official":
      return entraTokenProvider(credential, { scope });
    case "perConnection":
      return async () => (await credential.getToken(scope)).token;
    case "floor": {
      const { token } = await credential.getToken(scope);
      return () => token;
    }
    default:
      throw new TypeError(`unknown contender ${contender}`);
  }
}
