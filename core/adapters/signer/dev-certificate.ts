import { randomBytes } from 'node:crypto';
import forge from 'node-forge';

/**
 * Certificates for development and tests only (made at setup or at test time, never committed, never
 * trusted outside this project). Production keys live on a USB token or at a remote CA (VNPT SmartCA,
 * Viettel MySign, NEAC-licensed). The shape mirrors a Vietnamese signing certificate: subject C=VN,
 * RSA 2048, SHA-256, keyUsage digitalSignature + nonRepudiation (content commitment).
 *
 * With `ca`, the certificate is issued by a local development CA (createDevCa) and the PKCS#12 file
 * carries the chain; without, it is self-signed.
 */
export interface DevCertificateOptions {
  commonName: string;
  organization?: string;
  days?: number;
  passphrase: string;
  ca?: DevCa;
  /**
   * signing (default): keyUsage digitalSignature + nonRepudiation, as Vietnamese signing certificates;
   * timestamping: a timestamp authority's certificate, whose only extended key usage is timeStamping,
   * marked critical (RFC 3161 §2.3)
   */
  purpose?: 'signing' | 'timestamping';
}

export interface DevCertificate {
  p12: Buffer;
  certPem: string;
}

export interface DevCa {
  certPem: string;
  keyPem: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function positiveSerial(): string {
  // clear the top bit so the DER INTEGER is not read as negative
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  return serial.toString('hex');
}

function utf8Name(fields: { shortName: string; value: string }[]): forge.pki.CertificateField[] {
  // UTF8String so names with diacritics survive (forge defaults to PrintableString; its typings call
  // the ASN.1 type "valueTagClass")
  return fields.map((field) => ({ ...field, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class }));
}

function newCertificate(publicKey: forge.pki.PublicKey, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = positiveSerial();
  const notBefore = new Date(Date.now() - 60 * 60 * 1000); // 1 h back: tolerate clock skew
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = new Date(notBefore.getTime() + days * DAY_MS);
  return cert;
}

/** A development root CA that issues the staff's and agencies' certificates. */
export function createDevCa(opts: { commonName: string; days?: number }): DevCa {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = newCertificate(keys.publicKey, opts.days ?? 3650);
  const name = utf8Name([
    { shortName: 'C', value: 'VN' },
    { shortName: 'O', value: 'Development only' },
    { shortName: 'CN', value: opts.commonName },
  ]);
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

export function createDevCertificate(opts: DevCertificateOptions): DevCertificate {
  // node-forge delegates RSA key generation to Node's crypto when available, so this is fast.
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = newCertificate(keys.publicKey, opts.days ?? 365);
  cert.setSubject(
    utf8Name([
      { shortName: 'C', value: 'VN' },
      ...(opts.organization ? [{ shortName: 'O', value: opts.organization }] : []),
      { shortName: 'CN', value: opts.commonName },
    ]),
  );
  const caCert = opts.ca ? forge.pki.certificateFromPem(opts.ca.certPem) : undefined;
  // the issuer is the CA's subject as parsed; forge re-encodes parsed UTF-8 names twice (forge #847), so
  // decode the values first
  cert.setIssuer(
    caCert
      ? caCert.subject.attributes.map((a) => ({ shortName: a.shortName ?? '', value: forge.util.decodeUtf8(String(a.value)), valueTagClass: a.valueTagClass }))
      : cert.subject.attributes,
  );
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    opts.purpose === 'timestamping'
      ? { name: 'extKeyUsage', timeStamping: true, critical: true }
      : { name: 'extKeyUsage', emailProtection: true },
    { name: 'subjectKeyIdentifier' },
    ...(caCert ? [{ name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() }] : []),
  ]);
  const signingKey = opts.ca ? forge.pki.privateKeyFromPem(opts.ca.keyPem) : keys.privateKey;
  cert.sign(signingKey, forge.md.sha256.create());

  const chain = caCert ? [cert, caCert] : [cert];
  const p12Asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, chain, opts.passphrase, {
    algorithm: '3des', // widest reader support (Windows, OpenSSL 3 without the legacy provider)
  });
  const p12 = Buffer.from(forge.asn1.toDer(p12Asn1).getBytes(), 'binary');
  return { p12, certPem: forge.pki.certificateToPem(cert) };
}
