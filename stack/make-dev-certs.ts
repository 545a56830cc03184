/**
 * Development signing certificates (never committed, never trusted outside this project).
 *
 *   npx tsx stack/make-dev-certs.ts <outDir>
 *
 * Makes, only what is missing:
 *   ca.pem, ca.key.pem            a local development CA, made here at setup
 *   people/<keycloak-id>.p12      each member of staff who signs (realm file, SIGNING_GROUPS), issued by
 *                                 that CA to their name and agency, filed under their Keycloak id — the
 *                                 subject of their tokens, so a signature can only be made with the key of
 *                                 the person who did the step
 *   people/<keycloak-id>.signature.png   a stand-in for each such person's scanned signature (blue ink on
 *                                 transparent PNG, Decree 30/2020 Annex I), shown with their signature
 *   agencies/<agency-code>.p12    each agency's organization certificate (the clerk's seal signature)
 *   tsa.p12                       the local timestamp authority's certificate (EKU timeStamping, critical)
 * plus a .pem of each certificate. The PKCS#12 passphrase is SIGNING_CERT_PASSPHRASE or the file named by
 * SIGNING_CERT_PASSPHRASE_FILE (stack/env.sh points it at a secret made once in .local/secrets).
 * A file the passphrase cannot open (the secret was remade) is issued again.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findAgency } from '../core/data/agencies';
import { createDevCa, createDevCertificate, type DevCa } from '../core/adapters/signer/dev-certificate';
import { renderDevSignaturePng } from '../core/adapters/signer/dev-signature-image';
import { openP12 } from '../core/adapters/signer/digest-signer';
import { readSecret } from '../core/config';
import { realmPeople, signsDocuments } from './keycloak/realm-people';

export interface DevCertificateHolder {
  file: string;
  commonName: string;
  organization: string;
  purpose?: 'signing' | 'timestamping';
}

/** The local timestamp authority (stack/simulators/timestamp-authority.ts) signs with this one. */
export const TSA_HOLDER: DevCertificateHolder = {
  file: 'tsa', commonName: 'Timestamp Authority (development)', organization: 'Development only', purpose: 'timestamping',
};

/** Who gets a certificate: the realm's signing staff and their agencies. */
export function devCertificateHolders(): DevCertificateHolder[] {
  const people = realmPeople().filter(signsDocuments);
  const agencyName = (code: string) => findAgency(code)?.name ?? code;
  const agencyCodes = [...new Set(people.map((p) => p.agencyCode))];
  return [
    ...people.map((p) => ({ file: `people/${p.id}`, commonName: p.name, organization: agencyName(p.agencyCode) })),
    ...agencyCodes.map((code) => ({ file: `agencies/${code}`, commonName: agencyName(code), organization: agencyName(code) })),
    TSA_HOLDER,
  ];
}

function loadOrCreateCa(outDir: string): DevCa {
  const certFile = join(outDir, 'ca.pem');
  const keyFile = join(outDir, 'ca.key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    return { certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') };
  }
  // ASCII name: forge re-encodes parsed UTF-8 names (forge #847) when it writes the chain
  const ca = createDevCa({ commonName: 'Dossier Digitization Development CA' });
  writeFileSync(keyFile, ca.keyPem, { mode: 0o600 });
  writeFileSync(certFile, ca.certPem);
  return ca;
}

function opens(p12File: string, passphrase: string): boolean {
  try {
    openP12(readFileSync(p12File), passphrase);
    return true;
  } catch {
    return false;
  }
}

/** Issues what is missing into outDir; returns what it did, one line per file. */
export function makeDevCertificates(outDir: string, passphrase: string, holders = devCertificateHolders()): string[] {
  mkdirSync(join(outDir, 'people'), { recursive: true, mode: 0o700 });
  mkdirSync(join(outDir, 'agencies'), { recursive: true, mode: 0o700 });
  const ca = loadOrCreateCa(outDir);
  const report: string[] = [];
  for (const { file, commonName, organization, purpose } of holders) {
    const imageFile = join(outDir, `${file}.signature.png`);
    if (file.startsWith('people/') && !existsSync(imageFile)) {
      writeFileSync(imageFile, renderDevSignaturePng(commonName));
      report.push(`drew ${file}.signature.png for "${commonName}"`);
    }
    const p12File = join(outDir, `${file}.p12`);
    if (existsSync(p12File) && opens(p12File, passphrase)) continue;
    const { p12, certPem } = createDevCertificate({ commonName, organization, passphrase, ca, days: 730, purpose });
    writeFileSync(p12File, p12, { mode: 0o600 });
    writeFileSync(join(outDir, `${file}.pem`), certPem);
    report.push(`issued ${file}.p12 to "${commonName}"`);
  }
  return report;
}

function main(): void {
  const arg = process.argv[2];
  if (!arg) {
    console.error('usage: npx tsx stack/make-dev-certs.ts <outDir>');
    process.exit(2);
  }
  const passphrase = readSecret(process.env, 'SIGNING_CERT_PASSPHRASE');
  if (!passphrase) {
    console.error('SIGNING_CERT_PASSPHRASE or SIGNING_CERT_PASSPHRASE_FILE must be set (stack/env.sh sets the file)');
    process.exit(2);
  }
  const outDir = resolve(arg);
  const report = makeDevCertificates(outDir, passphrase);
  const holders = devCertificateHolders().length;
  console.log(report.length ? `${report.join('\n')}\n${holders} signing certificates in ${outDir}` : `${holders} signing certificates in ${outDir} (all present)`);
}

if (require.main === module) main();
