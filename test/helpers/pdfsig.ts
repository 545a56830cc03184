import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

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
