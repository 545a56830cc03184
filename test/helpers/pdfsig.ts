import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { signerCertificateOf } from '../../core/adapters/signer/cms';

const run = promisify(execFile);

export interface PdfSigReport {
  raw: string;
  signatures: { signerName: string; valid: boolean }[];
}

/**
 * Verifies a PDF's signatures with poppler's `pdfsig`, a verifier independent of the code that
 * signed it. Certificate trust is not asserted (test certificates are self-signed).
 */
export async function pdfsig(pdf: Buffer): Promise<PdfSigReport> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pdfsig-')), 'doc.pdf');
  writeFileSync(file, pdf);
  // pdfsig exits non-zero when a signature does not verify; the report is still on stdout
  const { stdout } = await run('pdfsig', [file]).catch((err: { stdout?: string; code?: unknown }) => {
    if (typeof err.stdout === 'string' && err.stdout.length > 0) return { stdout: err.stdout };
    throw err;
  });
  const blocks = stdout.split(/^Signature #\d+:$/m).slice(1);
  return {
    raw: stdout,
    signatures: blocks.map((b) => ({
      signerName: /Signer Certificate Common Name: (.*)$/m.exec(b)?.[1]?.trim() ?? '',
      valid: /Signature Validation: Signature is Valid\./.test(b),
    })),
  };
}

/**
 * The signer certificate of each signature, in order, as poppler extracts the CMS (`pdfsig -dump`),
 * so a test can check whose key signed — not only the name printed in the certificate.
 */
export async function signerCertificates(pdf: Buffer): Promise<Buffer[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdfsig-dump-'));
  const file = path.join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  await run('pdfsig', ['-nocert', '-dump', file], { cwd: dir }).catch((err: { stdout?: string }) => {
    if (typeof err.stdout !== 'string') throw err;
  });
  const dumps = readdirSync(dir).filter((f) => /\.sig\d+$/.test(f)).sort((a, b) => Number(a.split('.sig')[1]) - Number(b.split('.sig')[1]));
  return dumps.map((f) => signerCertificateOf(readFileSync(path.join(dir, f))));
}
