// Pointing @azure/identity at the emulator, in this process or a child.
import tls from "node:tls";

// Variables that would make DefaultAzureCredential or MSAL pick another credential or identity
// source (service principal, workload identity, Service Fabric, Cloud Shell, Azure Arc, …).
const STEERING = [
  "AZURE_CLIENT_ID",
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_SECRET",
  "AZURE_CLIENT_CERTIFICATE_PATH",
  "AZURE_CLIENT_CERTIFICATE_PASSWORD",
  "AZURE_AUTHORITY_HOST",
  "AZURE_REGIONAL_AUTHORITY_NAME",
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

/** This process cannot be made to trust the emulator's CA: its Node has no tls.setDefaultCACertificates. */
export class EmulatorTrustError extends Error {
  constructor(message) {
    super(message);
    this.name = "EmulatorTrustError";
    this.code = "EMULATOR_CA_NOT_TRUSTABLE";
  }
}

/**
 * Adds `pem` to the CAs this process trusts by default (what NODE_EXTRA_CA_CERTS does for a child),
 * for `what`; returns a function that puts the previous list back. Node 22.19+ and 24.5+ can;
 * elsewhere it throws EmulatorTrustError saying what to do instead.
 */
export function trustInProcess(pem, what) {
  if (typeof tls.setDefaultCACertificates !== "function") {
    throw new EmulatorTrustError(
      `${what} talks to the emulator's HTTPS authority, which this process must trust, and Node ${process.version} ` +
        "has no tls.setDefaultCACertificates() (Node 22.19+ and 24.5+ have it). Run the code that gets tokens in a " +
        "child process with emu.envFor(…), which sets NODE_EXTRA_CA_CERTS to the run's CA, or use a newer Node.",
    );
  }
  const previous = tls.getCACertificates("default");
  tls.setDefaultCACertificates([...previous, pem]);
  return function untrust() {
    tls.setDefaultCACertificates(previous);
  };
}
