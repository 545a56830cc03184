/**
 * Development signing certificates (self-signed, never trusted, never committed).
 *
 *   npx tsx stack/make-dev-certs.ts <outDir>
 *
 * Writes, only when missing, one PKCS#12 file per signer role plus its certificate PEM:
 *   officer.p12       personal certificate of the one-stop officer who digitizes (seed 004: top-left stamp)
 *   leader.p12        the leader who approves and signs results (ký phê duyệt)
 *   organization.p12  the organization's certificate, applied by the clerk when issuing (Decree 30/2020)
 * Passphrase: env SIGNING_CERT_PASSPHRASE (as core/config.ts reads it), default "dev-only". Idempotent: existing files are left alone.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDevCertificate } from '../core/adapters/signer/dev-certificate';

const AGENCY = 'UBND xã Đắk La';

const CERTS = [
  { file: 'officer', commonName: 'Nguyễn Văn An', organization: AGENCY },
  { file: 'leader', commonName: 'Trần Thị Bình', organization: AGENCY },
  { file: 'organization', commonName: AGENCY, organization: AGENCY },
] as const;

function main(): void {
  const arg = process.argv[2];
  if (!arg) {
    console.error('usage: npx tsx stack/make-dev-certs.ts <outDir>');
    process.exit(2);
  }
  const outDir = resolve(arg);
  const passphrase = process.env.SIGNING_CERT_PASSPHRASE || 'dev-only';
  mkdirSync(outDir, { recursive: true });

  for (const { file, commonName, organization } of CERTS) {
    const p12Path = join(outDir, `${file}.p12`);
    if (existsSync(p12Path)) {
      console.log(`exists  ${p12Path} (left unchanged)`);
      continue;
    }
    const { p12, certPem } = createDevCertificate({ commonName, organization, passphrase, days: 730 });
    writeFileSync(p12Path, p12, { mode: 0o600 });
    writeFileSync(join(outDir, `${file}.pem`), certPem);
    console.log(`created ${p12Path} and ${file}.pem for "${commonName}"`);
  }
}

main();
