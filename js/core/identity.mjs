// The one name this package takes from @azure/identity, imported statically so that a bundler keeps
// only what DefaultAzureCredential needs; credential.cjs imports this file on first use.
export { DefaultAzureCredential } from "@azure/identity";
