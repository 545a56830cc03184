import { constants, createPrivateKey, createPublicKey, privateEncrypt, publicDecrypt, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { sha256DigestInfo } from './cms';

/**
 * The one thing every signing device does: sign a SHA-256 digest with a person's (or an organization's)
 * private key, and show the certificate that goes with it. A local PKCS#12 file, a USB token plugin and
 * the remote services of DOMAIN §10 (VNPT SmartCA `signatures/sign`, Viettel MySign `signHash`) all fit;
 * the PDF and CMS work around the digest (pdf-signer.ts, cms.ts) is the same for all of them.
 */
export interface DigestSigner {
  /** the signer certificate first, then the rest of its chain, DER */
  certificates(): Promise<Buffer[]>;
  /** RSASSA-PKCS1-v1_5 signature of a SHA-256 digest */
  signDigest(digest: Buffer): Promise<Buffer>;
}

export interface P12Contents {
  key: KeyObject;
  /** signer certificate first, DER */
  certificates: Buffer[];
}

/** Opens a PKCS#12 file; a wrong passphrase or a file without a matching key and certificate throws. */
export function openP12(p12: Buffer, passphrase: string): P12Contents {
  // The certificates' DER exactly as stored: forge would re-encode Vietnamese names wrongly (forge #847),
  // so the DER is kept as forge decodes each certificate (synchronous; restored right after).
  const pki = forge.pki;
  const original = pki.certificateFromAsn1;
  const ders: Buffer[] = [];
  pki.certificateFromAsn1 = (node, computeHash) => {
    ders.push(Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary'));
    return original(node, computeHash);
  };
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary'))), false, passphrase);
  } finally {
    pki.certificateFromAsn1 = original;
  }
  const keyBag = pki.oids.pkcs8ShroudedKeyBag as string;
  const forgeKey = parsed.getBags({ bagType: keyBag })[keyBag]?.[0]?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!forgeKey) throw new Error('PKCS#12 file has no private key');
  const key = createPrivateKey(pki.privateKeyToPem(forgeKey));
  const publicKey = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const signerIndex = ders.findIndex((der) => new X509Certificate(der).publicKey.export({ format: 'der', type: 'spki' }).equals(publicKey));
  if (signerIndex < 0) throw new Error('no certificate in the PKCS#12 file matches its private key');
  return { key, certificates: [ders[signerIndex] as Buffer, ...ders.filter((_, i) => i !== signerIndex)] };
}

/** RSASSA-PKCS1-v1_5 over a precomputed SHA-256 digest: encrypt its DigestInfo with the private key. */
export function rsaSignDigest(key: KeyObject, digest: Buffer): Buffer {
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, sha256DigestInfo(digest));
}

/** true when `signature` is the certificate's key's signature of `digest` (checks a remote service's answer). */
export function verifyDigestSignature(certificate: Buffer, digest: Buffer, signature: Buffer): boolean {
  try {
    const recovered = publicDecrypt({ key: new X509Certificate(certificate).publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    return recovered.equals(sha256DigestInfo(digest));
  } catch {
    return false;
  }
}

/** A PKCS#12 file held by this process: the local, development and central-signing-server case. */
export function createP12DigestSigner(p12: Buffer, passphrase: string): DigestSigner {
  const { key, certificates } = openP12(p12, passphrase);
  return {
    certificates: async () => certificates,
    signDigest: async (digest) => rsaSignDigest(key, digest),
  };
}
