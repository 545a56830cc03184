import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFString, PDFHexString } from 'pdf-lib';

export { pdfsig } from '../helpers/pdfsig';

const run = promisify(execFile);

/** Fails (ENOENT) when poppler-utils is not installed: these tests never skip silently. */
export async function popplerVersion(tool: 'pdfsig' | 'pdftotext'): Promise<string> {
  const { stdout, stderr } = await run(tool, ['-v']);
  return `${stdout}${stderr}`;
}

/** Text of one page as poppler extracts it (page content and widget appearances). */
export async function pdftotext(pdf: Buffer, page = 1): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pdftotext-')), 'doc.pdf');
  writeFileSync(file, pdf);
  const { stdout } = await run('pdftotext', ['-f', String(page), '-l', String(page), '-enc', 'UTF-8', file, '-']);
  return stdout;
}

/** Words of a page with their boxes as the page is SHOWN (rotation applied; origin top-left, points). */
export async function pdfWords(pdf: Buffer, page = 1): Promise<{ word: string; xMin: number; yMin: number; xMax: number; yMax: number; pageWidth: number; pageHeight: number }[]> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pdfwords-')), 'doc.pdf');
  writeFileSync(file, pdf);
  const { stdout } = await run('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', '-enc', 'UTF-8', file, '-']);
  const size = /<page width="([\d.]+)" height="([\d.]+)"/.exec(stdout);
  const [pageWidth, pageHeight] = [Number(size?.[1]), Number(size?.[2])];
  return [...stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), word: m[5]!, pageWidth, pageHeight,
  }));
}

export interface SignatureWidget {
  fieldName: string;
  rect: [number, number, number, number];
}

/** Signature widgets (FT /Sig) on a page, read back with pdf-lib. */
export async function signatureWidgets(pdf: Buffer, pageIndex = 0): Promise<{ widgets: SignatureWidget[]; pageSize: { width: number; height: number } }> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = doc.getPage(pageIndex);
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  const widgets: SignatureWidget[] = [];
  for (let i = 0; i < (annots?.size() ?? 0); i++) {
    const annot = annots!.lookup(i, PDFDict);
    if (annot.get(PDFName.of('FT')) !== PDFName.of('Sig')) continue;
    const rect = annot.lookup(PDFName.of('Rect'), PDFArray).asArray().map((n) => (n as PDFNumber).asNumber());
    const name = annot.lookup(PDFName.of('T'));
    const fieldName = name instanceof PDFString || name instanceof PDFHexString ? name.decodeText() : '';
    widgets.push({ fieldName, rect: rect as SignatureWidget['rect'] });
  }
  return { widgets, pageSize: page.getSize() };
}
