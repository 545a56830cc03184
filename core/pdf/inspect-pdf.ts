import { createHash } from 'node:crypto';
import { PDFArray, PDFDocument, PDFName, PDFPage, PDFRef } from 'pdf-lib';
import { pageResolutions } from './scan';

/**
 * First gate for every uploaded or scanned file: is it a readable, unencrypted PDF with pages?
 * Decree 30/2020 Annex I / TT 05/2025 Art. 8 require scans as PDF; an encrypted file cannot be
 * signed, stamped or archived, so it is rejected here rather than failing later in a worker.
 */
export type InspectPdfResult =
  | {
      ok: true;
      pageCount: number;
      sha256: string;
      encrypted: boolean;
      /** effective resolution of each page (scan.ts pageResolutions), measured on the document parsed here */
      resolutions: (number | undefined)[];
    }
  | { ok: false; reason: 'not-pdf' | 'corrupt' | 'encrypted' | 'empty'; detail: string };

/** The header may follow some junk bytes; readers accept it within the first 1024 bytes. */
const HEADER_WINDOW = 1024;
/** `startxref <offset> %%EOF` must close the file; its absence is the usual sign of a truncated upload. */
const EOF_WINDOW = 1024;

function hasTrailer(bytes: Buffer): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - EOF_WINDOW)).toString('latin1');
  const match = /^startxref\s+(\d+)\s+%%EOF/.exec(tail.slice(Math.max(0, tail.lastIndexOf('startxref'))));
  return match !== null && Number(match[1]) < bytes.length;
}

/** pdf-lib recovers what it can; a page whose content stream is missing means lost bytes. */
function assertContentsPresent(doc: PDFDocument, page: PDFPage, index: number): void {
  const contents = page.node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  for (const ref of refs) {
    if (ref instanceof PDFRef && doc.context.lookup(ref) === undefined) {
      throw new Error(`page ${index + 1}: content stream ${ref.toString()} is missing`);
    }
  }
}

export async function inspectPdf(bytes: Buffer): Promise<InspectPdfResult> {
  if (bytes.length === 0) {
    return { ok: false, reason: 'empty', detail: 'file has 0 bytes' };
  }
  const headerAt = bytes.subarray(0, HEADER_WINDOW).indexOf('%PDF-');
  if (headerAt < 0) {
    return { ok: false, reason: 'not-pdf', detail: `no %PDF- header in the first ${HEADER_WINDOW} bytes` };
  }
  if (!hasTrailer(bytes)) {
    return { ok: false, reason: 'corrupt', detail: 'no "startxref … %%EOF" at the end (truncated file?)' };
  }

  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, {
      ignoreEncryption: true, // detected below, so the reason is precise
      throwOnInvalidObject: true,
      updateMetadata: false,
    });
  } catch (err) {
    return { ok: false, reason: 'corrupt', detail: `cannot parse: ${(err as Error).message}` };
  }
  if (doc.isEncrypted) {
    return { ok: false, reason: 'encrypted', detail: 'document is encrypted (trailer has /Encrypt)' };
  }

  let pageCount: number;
  try {
    pageCount = doc.getPageCount();
    // Touch every page: a broken page tree or lost content throws here instead of in a later step.
    doc.getPages().forEach((page, i) => {
      page.getSize();
      assertContentsPresent(doc, page, i);
    });
  } catch (err) {
    return { ok: false, reason: 'corrupt', detail: `broken pages: ${(err as Error).message}` };
  }
  if (pageCount === 0) {
    return { ok: false, reason: 'empty', detail: 'document has no pages' };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { ok: true, pageCount, sha256, encrypted: false, resolutions: pageResolutions(doc) };
}
