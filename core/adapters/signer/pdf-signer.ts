import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import signpdf from '@signpdf/signpdf';
import { Signer as SignPdfSigner, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { createHash } from 'node:crypto';
import { assembleSignedData, signedAttributes, signedAttributesDigest } from './cms';
import type { DigestSigner } from './digest-signer';
import { embedVietnameseFont } from '../../pdf/font';
import { appendIncrementalUpdate, digestObjects } from './incremental-update';
import { buildStampAppearance, stampLines, stampRect, type StampPlacement } from './stamp';
import { addFilledLine, buildHandwrittenAppearance, buildSealAppearance, type FilledLine, type SignatureVisual } from './visuals';
import type { TimestampAuthority } from '../timestamp-authority';

/**
 * Visible PAdES baseline B signature (SubFilter ETSI.CAdES.detached, signing-certificate-v2, time in /M), in two halves so that a signer who answers later
 * (a remote service waiting for the person's confirmation on their phone) fits as well as a local key:
 * preparePdfSignature → the digest to sign → completePdfSignature with the signature that comes back.
 * - Unsigned input: pdf-lib rewrites the file (no object streams, so later updates can use a classic xref).
 * - Already signed input (leader, then organization on the same result): an incremental update is
 *   appended, because re-saving with pdf-lib would invalidate the earlier signature (node-signpdf issues
 *   #25, #171, #310: multiple signatures need incremental updates, which pdf-lib lacks).
 * The stamp is the widget's appearance stream (see stamp.ts), never page content, so both paths are alike.
 * The CMS comes from cms.ts, not @signpdf/signer-p12 (Vietnamese issuer names, see there).
 */
export interface PdfSignatureRequest {
  /** shown in the visible stamp ("Ký bởi: …"): the certificate holder's name */
  signerName: string;
  reason: string;
  location?: string;
  signedAt: Date;
  placement: StampPlacement;
  page?: number;
  lines?: string[];
  fieldName?: string;
  /** instead of the text stamp at `placement`: a signature image or a seal at a given place (visuals.ts) */
  visual?: SignatureVisual;
  /** lines the signer fills in on the page in the same update, so that the signature covers them */
  filledLines?: FilledLine[];
  /**
   * a timestamp token will be added (PAdES B-T): the placeholder leaves room for it and the
   * authority's certificate
   */
  timestamped?: boolean;
}

/** /Contents room: a CMS with a 2-certificate chain fits 8 KB; with a timestamp token and its chain, 16 KB. */
const SIGNATURE_LENGTH = { plain: 8192, timestamped: 16384 };

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

export interface PreparedPdfSignature {
  /** the PDF with its signature field and final /ByteRange; /Contents still all zeros */
  pdf: Buffer;
  byteRange: [number, number, number, number];
  signedAttributes: Buffer;
  /** SHA-256 of the signed attributes: what the signer signs */
  digest: Buffer;
  /** the signer's certificate first, then its chain (DER) */
  certificates: Buffer[];
}

/** Captures the byte range @signpdf computes and leaves /Contents empty (zeros) for the second half. */
class ByteRangeCapture extends SignPdfSigner {
  content: Buffer | undefined;
  override async sign(content: Buffer): Promise<Buffer> {
    this.content = content;
    return Buffer.alloc(0);
  }
}

export async function preparePdfSignature(input: Buffer, opts: PdfSignatureRequest, certificates: Buffer[]): Promise<PreparedPdfSignature> {
  const [signerCertificate] = certificates;
  if (!signerCertificate) throw new Error('signing needs the signer certificate');
  const doc = await PDFDocument.load(input, { updateMetadata: false });
  const incremental = hasSignature(doc);
  const before = incremental ? digestObjects(doc) : undefined;

  const page = doc.getPage(opts.page ?? 0);
  const lines = stampLines(opts.signerName, opts.signedAt, opts.lines);
  const stamp = stampRect(page, opts.placement, lines.length);
  const { visual } = opts;
  const widgetRect = visual ? [visual.area.x, visual.area.y, visual.area.x + visual.area.width, visual.area.y + visual.area.height] : stamp.rect;
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
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    signatureLength: opts.timestamped ? SIGNATURE_LENGTH.timestamped : SIGNATURE_LENGTH.plain,
  });
  // The widget just added is the last annotation of the page: name the field, draw the stamp into its /AP.
  const annots = page.node.lookup(PDFName.of('Annots'), PDFArray);
  const widget = annots.lookup(annots.size() - 1, PDFDict);
  widget.set(PDFName.of('T'), PDFHexString.fromText(fieldName));
  const apRef = widget.lookup(PDFName.of('AP'), PDFDict).get(PDFName.of('N'));
  if (!(apRef instanceof PDFRef)) throw new Error('signature widget has no appearance stream reference');
  if (visual?.kind === 'handwritten') {
    const bold = await embedVietnameseFont(doc, 'bold');
    buildHandwrittenAppearance(doc, apRef, visual, await doc.embedPng(visual.image), bold);
    await bold.embed();
  } else if (visual?.kind === 'seal') {
    const bold = await embedVietnameseFont(doc, 'bold');
    buildSealAppearance(doc, apRef, visual, bold);
    await bold.embed();
  } else {
    const font = await embedVietnameseFont(doc);
    buildStampAppearance(doc, apRef, stamp, font, lines);
    await font.embed();
  }
  if (opts.filledLines?.length) {
    const regular = await embedVietnameseFont(doc);
    for (const line of opts.filledLines) addFilledLine(doc, page, regular, line);
    await regular.embed();
  }

  const prepared = before
    ? appendIncrementalUpdate(input, doc, before)
    : Buffer.from(await doc.save({ useObjectStreams: false }));
  const capture = new ByteRangeCapture();
  const pdf = await signpdf.sign(prepared, capture, opts.signedAt);
  if (!capture.content) throw new Error('no byte range to sign');
  const byteRange = lastByteRange(pdf);
  if (byteRange[1] + byteRange[3] !== capture.content.length) throw new Error('byte range does not match the signed content');
  const attrs = signedAttributes({ contentDigest: createHash('sha256').update(capture.content).digest(), certificate: signerCertificate });
  return { pdf, byteRange, signedAttributes: attrs, digest: signedAttributesDigest(attrs), certificates };
}

function lastByteRange(pdf: Buffer): [number, number, number, number] {
  const at = pdf.lastIndexOf('/ByteRange [');
  const match = /^\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(pdf.subarray(at, at + 80).toString('latin1'));
  if (at < 0 || !match) throw new Error('prepared PDF has no byte range');
  return [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])];
}

/**
 * Puts the CMS made from the returned signature into /Contents, with the timestamp token over that
 * signature when there is one (timestampOf). The signed bytes do not change.
 */
export function completePdfSignature(prepared: PreparedPdfSignature, signature: Buffer, timestampToken?: Buffer): Buffer {
  const cms = assembleSignedData({ signedAttributes: prepared.signedAttributes, signature, certificates: prepared.certificates, ...(timestampToken ? { timestampToken } : {}) });
  const [, contentsStart, contentsEnd] = prepared.byteRange;
  const room = contentsEnd - contentsStart - 2; // hex digits between < and >
  const hex = cms.toString('hex');
  if (hex.length > room) throw new Error(`signature of ${cms.length} bytes does not fit the ${room / 2}-byte placeholder`);
  if (prepared.pdf[contentsStart] !== 0x3c || prepared.pdf[contentsEnd - 1] !== 0x3e) throw new Error('byte range does not frame /Contents');
  return Buffer.concat([
    prepared.pdf.subarray(0, contentsStart + 1),
    Buffer.from(hex.padEnd(room, '0'), 'latin1'),
    prepared.pdf.subarray(contentsEnd - 1),
  ]);
}

/** The timestamp token over a signature value: what RFC 3161 Appendix A timestamps (SHA-256). */
export async function timestampOf(tsa: TimestampAuthority, signature: Buffer): Promise<Buffer> {
  return (await tsa.timestamp(createHash('sha256').update(signature).digest())).token;
}

/**
 * Both halves at once, for a signer that answers straight away (a key held by this process); with a
 * timestamp authority, the signature is timestamped (PAdES B-T).
 */
export async function signPdfWith(signer: DigestSigner, input: Buffer, opts: PdfSignatureRequest, tsa?: TimestampAuthority): Promise<Buffer> {
  const prepared = await preparePdfSignature(input, { ...opts, timestamped: opts.timestamped || Boolean(tsa) }, await signer.certificates());
  const signature = await signer.signDigest(prepared.digest);
  return completePdfSignature(prepared, signature, tsa ? await timestampOf(tsa, signature) : undefined);
}
