/**
 * TLS for the emulator's services: a certificate authority made fresh for each emulator run, and
 * one leaf certificate per service (PostgreSQL front door, Entra authority, TDS, MySQL, …).
 *
 * ```js
 * import { createCertificateAuthority } from "./tls.mjs";
 *
 * const ca = await createCertificateAuthority();    // once per run: startEmulator does this
 * ca.pem;                                           // the CA certificate (PEM): what clients trust (emu.ca)
 * const leaf = await ca.issueLeaf("mysql");         // one per service, for localhost and 127.0.0.1
 * tls.createServer({ cert: leaf.cert, key: leaf.key }, …);                      // TLS from the first byte
 * new TLSSocket(socket, { isServer: true, secureContext: leaf.secureContext }); // upgrading a socket
 * ```
 *
 * A front door gets the run's `ca` from startEmulator (`startXFrontDoor({ ca, … })`) and calls
 * `ca.issueLeaf("<service>")` once when it starts. A leaf is `{ service, cert, key, secureContext,
 * notAfter }`: `cert` and `key` are PEM strings, `secureContext` is made from them (tls.createServer
 * takes `cert`/`key`, not a `secureContext`); the key lives in memory only: never write it to a file.
 *
 * Why it is safe to trust: the CA's private key is a non-extractable WebCrypto key that lives in
 * this process only (it cannot even be exported, let alone written to disk), so nothing outside
 * this run can sign with it; the CA may sign only for `localhost` and 127.0.0.0/8 (a critical
 * nameConstraints extension that OpenSSL, hence Node, enforces), only end-entity certificates
 * (pathlen 0), and every certificate expires after VALIDITY_HOURS.
 *
 * Made with `@peculiar/x509` over WebCrypto (an optional peer dependency, loaded on first use:
 * nobody who only uses the token library loads it).
 */
import { createRequire } from "node:module";
import { webcrypto } from "node:crypto";
import { createSecureContext } from "node:tls";

/** How long the CA and its leaves are valid: a long CLI session needs a restart after a day. */
export const VALIDITY_HOURS = 24;
// Client clocks a little behind ours still accept a certificate made a moment ago.
const BACKDATE_MS = 5 * 60 * 1000;

const KEY_ALGORITHM = { name: "ECDSA", namedCurve: "P-256" };
const SIGNING_ALGORITHM = { name: "ECDSA", hash: "SHA-256" };
/** The names every leaf is for: the emulator listens on 127.0.0.1 only. */
const LEAF_NAMES = [
  { type: "dns", value: "localhost" },
  { type: "ip", value: "127.0.0.1" },
];
// A host name (no wildcard, no IP address): what `hostNames` may add.
const HOST_NAME =
  /^(?=.{1,253}$)(?!\d+(\.\d+){3}$)([a-z\d]([a-z\d-]{0,61}[a-z\d])?\.)*[a-z\d]([a-z\d-]{0,61}[a-z\d])?$/i;

let library;
async function loadX509() {
  library ??= (async () => {
    try {
      // @peculiar/x509 2 needs a Reflect metadata polyfill loaded before it.
      await import("reflect-metadata");
      const x509 = await import("@peculiar/x509");
      // The ASN.1 schema classes it is built on, resolved from its own location so that they are
      // the very copies it uses (its nameConstraints has no class of its own).
      const requireFromX509 = createRequire(createRequire(import.meta.url).resolve("@peculiar/x509"));
      const { AsnConvert } = requireFromX509("@peculiar/asn1-schema");
      const asn1 = requireFromX509("@peculiar/asn1-x509");
      return { x509, AsnConvert, asn1 };
    } catch (error) {
      library = undefined;
      throw new Error(
        "the emulator makes a fresh TLS certificate authority for each run with @peculiar/x509: " +
          "`npm install -D @peculiar/x509 reflect-metadata`",
        { cause: error },
      );
    }
  })();
  return library;
}

// RFC 5280: a positive serial of at most 20 octets, unpredictable.
function randomSerial() {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return Buffer.from(bytes).toString("hex");
}

function nameConstraints({ x509, AsnConvert, asn1 }, hostNames) {
  const subtree = (name) => new asn1.GeneralSubtree({ base: new asn1.GeneralName(name) });
  const value = new asn1.NameConstraints({
    permittedSubtrees: new asn1.GeneralSubtrees([
      subtree({ dNSName: "localhost" }),
      ...hostNames.map((dNSName) => subtree({ dNSName })),
      subtree({ iPAddress: "127.0.0.0/8" }),
    ]),
  });
  return new x509.Extension(asn1.id_ce_nameConstraints, true, AsnConvert.serialize(value));
}

/**
 * A new certificate authority for one emulator run: `{ pem, subject, notAfter, issueLeaf(service) }`.
 * `pem` is its certificate; its private key never leaves this object. `hostNames` are DNS names it
 * may sign for besides localhost and 127.0.0.0/8, and that every leaf names too (startEmulator's
 * `tlsHostNames`: a test that reaches the emulator under a real server's name, mapped to 127.0.0.1
 * by its own DNS lookup, verifies the certificate against that name).
 */
export async function createCertificateAuthority({ hostNames = [] } = {}) {
  if (!Array.isArray(hostNames) || !hostNames.every((name) => typeof name === "string" && HOST_NAME.test(name))) {
    throw new TypeError("tlsHostNames must be an array of DNS host names (no wildcards, no IP addresses)");
  }
  const leafNames = [...LEAF_NAMES, ...hostNames.map((value) => ({ type: "dns", value }))];
  const lib = await loadX509();
  const { x509 } = lib;
  const notBefore = new Date(Date.now() - BACKDATE_MS);
  const notAfter = new Date(notBefore.getTime() + BACKDATE_MS + VALIDITY_HOURS * 3600 * 1000);
  const runId = randomSerial().slice(0, 8);
  const keys = await webcrypto.subtle.generateKey(KEY_ALGORITHM, false, ["sign", "verify"]);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: `CN=entra-db-auth emulator CA ${runId}, O=entra-db-auth emulator (local testing only)`,
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        nameConstraints(lib, hostNames),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
      ],
    },
    webcrypto,
  );
  const authorityKeyId = await x509.AuthorityKeyIdentifierExtension.create(certificate, false, webcrypto);

  return Object.freeze({
    pem: certificate.toString("pem"),
    subject: certificate.subject,
    notAfter,

    /**
     * A server certificate for `service` (a short name such as "postgresql", shown in its
     * subject) valid for localhost, 127.0.0.1 and the CA's `hostNames`, signed by this CA:
     * `{ service, cert, key, secureContext, notAfter }`.
     */
    async issueLeaf(service) {
      if (typeof service !== "string" || !/^[\w.-]+$/.test(service)) {
        throw new TypeError("issueLeaf(service): service must be a short name such as 'postgresql'");
      }
      const leafKeys = await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ["sign", "verify"]);
      const leaf = await x509.X509CertificateGenerator.create(
        {
          serialNumber: randomSerial(),
          subject: `CN=localhost, OU=${service}, O=entra-db-auth emulator (local testing only)`,
          issuer: certificate.subject,
          notBefore,
          notAfter,
          publicKey: leafKeys.publicKey,
          signingKey: keys.privateKey,
          signingAlgorithm: SIGNING_ALGORITHM,
          extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
            new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
            new x509.SubjectAlternativeNameExtension(leafNames),
            authorityKeyId,
            await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey, false, webcrypto),
          ],
        },
        webcrypto,
      );
      const cert = leaf.toString("pem");
      const key = x509.PemConverter.encode(
        await webcrypto.subtle.exportKey("pkcs8", leafKeys.privateKey),
        "PRIVATE KEY",
      );
      return Object.freeze({ service, cert, key, secureContext: createSecureContext({ cert, key }), notAfter });
    },
  });
}

// Entra ID signs client assertions' certificates only by thumbprint; MSAL signs with RS256/PS256.
const CLIENT_KEY_ALGORITHM = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: "SHA-256",
};

/**
 * A self-signed client certificate for an app registration (`ClientCertificateCredential`), not
 * a CA and not for TLS: `{ pem, cert, thumbprintSha1, thumbprintSha256 }` (base64url), `pem` being the
 * certificate followed by its RSA private key, the file format `AZURE_CLIENT_CERTIFICATE_PATH`
 * takes. Whoever writes `pem` to a file makes it readable by its owner only.
 */
export async function createClientCertificate(name) {
  const { x509 } = await loadX509();
  const notBefore = new Date(Date.now() - BACKDATE_MS);
  const notAfter = new Date(notBefore.getTime() + BACKDATE_MS + VALIDITY_HOURS * 3600 * 1000);
  const keys = await webcrypto.subtle.generateKey(CLIENT_KEY_ALGORITHM, true, ["sign", "verify"]);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: `CN=${name}, O=entra-db-auth emulator (local testing only)`,
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: CLIENT_KEY_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      ],
    },
    webcrypto,
  );
  const cert = certificate.toString("pem");
  const key = x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
  // base64url, as MSAL puts it in a client assertion's header (x5t, x5t#S256).
  const thumbprint = async (hash) =>
    Buffer.from(await certificate.getThumbprint(hash, webcrypto)).toString("base64url");
  return Object.freeze({
    pem: `${cert}\n${key}\n`,
    cert,
    thumbprintSha1: await thumbprint("SHA-1"),
    thumbprintSha256: await thumbprint("SHA-256"),
  });
}
