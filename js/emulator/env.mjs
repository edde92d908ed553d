// Pointing @azure/identity at the emulator, in this process or a child.

// Variables that would make DefaultAzureCredential or MSAL pick another credential or identity
// source (service principal, workload identity, Service Fabric, Cloud Shell, Azure Arc, …).
const STEERING = [
  "AZURE_CLIENT_ID",
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_SECRET",
  "AZURE_CLIENT_CERTIFICATE_PATH",
  "AZURE_USERNAME",
  "AZURE_PASSWORD",
  "AZURE_FEDERATED_TOKEN_FILE",
  "AZURE_TOKEN_CREDENTIALS",
  "AZURE_POD_IDENTITY_AUTHORITY_HOST",
  "IDENTITY_ENDPOINT",
  "IDENTITY_HEADER",
  "IDENTITY_SERVER_THUMBPRINT",
  "IMDS_ENDPOINT",
  "MSI_ENDPOINT",
  "MSI_SECRET",
];

/**
 * `variables` plus every steering variable it does not set, as undefined: spread over
 * `process.env` for child_process (which drops undefined values), or give to `applyToProcess`.
 */
export function withoutSteering(variables) {
  return { ...Object.fromEntries(STEERING.map((name) => [name, undefined])), ...variables };
}

/** Sets (or, for undefined, deletes) `variables` in process.env; returns a function that undoes it. */
export function applyToProcess(variables) {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  const assign = (values) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  assign(variables);
  return function restoreEnv() {
    assign(saved);
  };
}
