import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import signpdf from '@signpdf/signpdf';
import { P12CmsSigner } from './p12-cms-signer';
import { embedVietnameseFont } from '../../pdf/font';
import { appendIncrementalUpdate, digestObjects } from './incremental-update';
import { buildStampAppearance, stampLines, stampRect, type StampPlacement } from './stamp';

/**
 * Visible PAdES-style (adbe.pkcs7.detached) signature with a PKCS#12 certificate.
 * - Unsigned input: pdf-lib rewrites the file (no object streams, so later updates can use a classic xref).
 * - Already signed input (leader, then organization on the same result): an incremental update is
 *   appended, because re-saving with pdf-lib would invalidate the earlier signature (node-signpdf issues
 *   #25, #171, #310: multiple signatures need incremental updates, which pdf-lib lacks).
 * The stamp is the widget's appearance stream (see stamp.ts), never page content, so both paths are alike.
 * CMS comes from P12CmsSigner, not @signpdf/signer-p12's P12Signer (Vietnamese issuer names, see there).
 */
export interface SignPdfOptions {
  p12: Buffer;
  passphrase: string;
  signerName: string;
  reason: string;
  location?: string;
  signedAt: Date;
  placement: StampPlacement;
  page?: number;
  lines?: string[];
  fieldName?: string;
}

/** PDF text string as UTF-16BE with BOM inside a literal, for PDFString.of, which writes one byte per char. */
export function pdfTextLiteral(text: string): string {
  const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text.normalize('NFC'), 'utf16le').swap16()]);
  const escaped = [...bytes].map((b) => (b === 0x28 || b === 0x29 || b === 0x5c ? `\\${String.fromCharCode(b)}` : String.fromCharCode(b)));
  return escaped.join('').replace(/\r/g, '\\r');
}

function signatureFieldCount(doc: PDFDocument): number {
  const acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const fields = acroForm?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  if (!acroForm || !fields) return 0;
  // placeholder-pdf-lib only appends to a direct /Fields array (it would replace an indirect one).
  acroForm.set(PDFName.of('Fields'), fields);
  return fields.asArray().filter((f) => doc.context.lookupMaybe(f, PDFDict)?.get(PDFName.of('FT')) === PDFName.of('Sig')).length;
}

function hasSignature(doc: PDFDocument): boolean {
  return doc.context.enumerateIndirectObjects().some(([, o]) => o instanceof PDFDict && o.has(PDFName.of('ByteRange')));
}

export async function signPdf(input: Buffer, opts: SignPdfOptions): Promise<Buffer> {
  const doc = await PDFDocument.load(input, { updateMetadata: false });
  const incremental = hasSignature(doc);
  const before = incremental ? digestObjects(doc) : undefined;

  const page = doc.getPage(opts.page ?? 0);
  const lines = stampLines(opts.signerName, opts.signedAt, opts.lines);
  const widgetRect = stampRect(page, opts.placement, lines.length);
  const existingFields = signatureFieldCount(doc); // also normalizes /Fields, so call it unconditionally
  const fieldName = opts.fieldName ?? `Signature${existingFields + 1}`;

  pdflibAddPlaceholder({
    pdfPage: page,
    reason: pdfTextLiteral(opts.reason),
    contactInfo: '',
    name: pdfTextLiteral(opts.signerName),
    location: pdfTextLiteral(opts.location ?? ''),
    signingTime: opts.signedAt,
    widgetRect,
  });
  // The widget just added is the last annotation of the page: name the field, draw the stamp into its /AP.
  const annots = page.node.lookup(PDFName.of('Annots'), PDFArray);
  const widget = annots.lookup(annots.size() - 1, PDFDict);
  widget.set(PDFName.of('T'), PDFHexString.fromText(fieldName));
  const apRef = widget.lookup(PDFName.of('AP'), PDFDict).get(PDFName.of('N'));
  if (!(apRef instanceof PDFRef)) throw new Error('signature widget has no appearance stream reference');
  const font = await embedVietnameseFont(doc);
  buildStampAppearance(doc, apRef, widgetRect, font, lines);
  await font.embed();

  const prepared = before
    ? appendIncrementalUpdate(input, doc, before)
    : Buffer.from(await doc.save({ useObjectStreams: false }));
  const signer = new P12CmsSigner(opts.p12, opts.passphrase);
  return signpdf.sign(prepared, signer, opts.signedAt);
}
