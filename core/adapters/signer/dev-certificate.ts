import { randomBytes } from 'node:crypto';
import forge from 'node-forge';

/**
 * Self-signed PKCS#12 certificates for development and tests only (never committed, never trusted).
 * Production keys live on a USB token or at a remote CA (VNPT SmartCA, Viettel MySign, NEAC-licensed).
 * The shape mirrors a Vietnamese signing certificate: subject C=VN, RSA 2048, SHA-256,
 * keyUsage digitalSignature + nonRepudiation (content commitment).
 */
export interface DevCertificateOptions {
  commonName: string;
  organization?: string;
  days?: number;
  passphrase: string;
}

export interface DevCertificate {
  p12: Buffer;
  certPem: string;
}

export function createDevCertificate(opts: DevCertificateOptions): DevCertificate {
  // node-forge delegates RSA key generation to Node's crypto when available, so this is fast.
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  // Positive serial: clear the top bit so the DER INTEGER is not read as negative.
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  cert.serialNumber = serial.toString('hex');

  const notBefore = new Date(Date.now() - 60 * 60 * 1000); // 1 h back: tolerate clock skew
  const notAfter = new Date(notBefore.getTime() + (opts.days ?? 365) * 24 * 60 * 60 * 1000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;

  const subject: forge.pki.CertificateField[] = [
    { shortName: 'C', value: 'VN' },
    ...(opts.organization ? [{ shortName: 'O', value: opts.organization }] : []),
    { shortName: 'CN', value: opts.commonName },
  ];
  // UTF8String so names with diacritics survive (forge defaults to PrintableString and encodes UTF-8
  // itself when the attribute asks for UTF8; its typings call the ASN.1 type "valueTagClass").
  const utf8Subject = subject.map((field) => ({
    ...field,
    valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class,
  }));
  cert.setSubject(utf8Subject);
  cert.setIssuer(utf8Subject); // self-signed
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'extKeyUsage', emailProtection: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());

  const p12Asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], opts.passphrase, {
    algorithm: '3des', // widest reader support (Windows, OpenSSL 3 without the legacy provider)
  });
  const p12 = Buffer.from(forge.asn1.toDer(p12Asn1).getBytes(), 'binary');
  return { p12, certPem: forge.pki.certificateToPem(cert) };
}
