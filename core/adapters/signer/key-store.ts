import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { IncidentError } from '../../errors';
import { createP12DigestSigner } from './digest-signer';
import { createPdfSigner, type Signer } from './signer';

/**
 * Keys this process may use, by whose they are: a person's by their Keycloak id (the subject of the
 * token with which they did the step), an agency's organization key by its national code. There is no
 * shared or default key: a person without a certificate cannot sign, and the step says so.
 *   <dir>/people/<keycloak-id>.p12      <dir>/agencies/<agency-code>.p12      (stack/make-dev-certs.ts)
 *   <dir>/people/<keycloak-id>.signature.png   the person's registered signature image
 */
export interface NamedSigner {
  signer: Signer;
  /** the certificate holder's common name, shown in the visible stamp */
  name: string;
  /** the signer certificate, DER */
  certificate: Buffer;
}

export class NoCertificateError extends IncidentError {
  constructor(readonly holder: string) {
    super(`no signing certificate for ${holder}: issue one (stack/make-dev-certs.ts locally), then retry`);
  }
}

export class NoSignatureImageError extends IncidentError {
  constructor(readonly holder: string) {
    super(`no signature image for ${holder}: register their scanned signature (transparent PNG), then retry`);
  }
}

export interface KeyStore {
  person(subject: string): Promise<NamedSigner>;
  organization(agencyCode: string): Promise<NamedSigner>;
  /**
   * The person's registered signature image (scanned wet signature, transparent PNG), which Decree
   * 30/2020 Annex I shows with a leader's signature on the documents they sign.
   */
  signatureImage(subject: string): Promise<Buffer>;
}

/** The common name in a certificate's subject (node prints multi-valued subjects one per line). */
export function commonName(certificate: Buffer): string {
  const cn = new X509Certificate(certificate).subject.split('\n').find((l) => l.startsWith('CN='));
  if (!cn) throw new Error('certificate has no common name');
  return cn.slice(3);
}

const SAFE_NAME = /^[0-9A-Za-z][0-9A-Za-z.-]{0,63}$/; // Keycloak ids and QCVN 102 codes; never a path

export function createFileKeyStore(dir: string, passphrase: string): KeyStore {
  const cache = new Map<string, NamedSigner>();
  const load = async (kind: 'people' | 'agencies', id: string, holder: string): Promise<NamedSigner> => {
    if (!SAFE_NAME.test(id)) throw new NoCertificateError(holder);
    const file = path.join(dir, kind, `${id}.p12`);
    const cached = cache.get(file);
    if (cached) return cached;
    if (!existsSync(file)) throw new NoCertificateError(holder);
    const digestSigner = createP12DigestSigner(readFileSync(file), passphrase);
    const [certificate] = await digestSigner.certificates();
    const named = { signer: createPdfSigner(digestSigner), name: commonName(certificate!), certificate: certificate! };
    cache.set(file, named);
    return named;
  };
  return {
    signatureImage: async (subject) => {
      const file = path.join(dir, 'people', `${subject}.signature.png`);
      if (!SAFE_NAME.test(subject) || !existsSync(file)) throw new NoSignatureImageError(`person ${subject}`);
      return readFileSync(file);
    },
    person: (subject) => load('people', subject, `person ${subject}`),
    organization: (agencyCode) => load('agencies', agencyCode, `agency ${agencyCode}`),
  };
}
