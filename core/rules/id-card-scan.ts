/**
 * The scan of both sides of the ID card sent with a portal-account registration (seed 001 §1): Word
 * (doc, docx) or PDF, at most 5 MB. Typed by content, never by the file name: a PDF starts with %PDF-,
 * a .doc is an OLE2 compound file, a .docx a ZIP package holding word/document.xml.
 */
export const ID_CARD_SCAN_MAX_BYTES = 5 * 1024 * 1024;

export type IdCardScanType = 'pdf' | 'doc' | 'docx';

export const idCardScanMimeTypes: Record<IdCardScanType, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

const OLE2 = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const ZIP = Buffer.from('504b0304', 'hex');

export function idCardScanType(bytes: Buffer): IdCardScanType | undefined {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.subarray(0, 8).equals(OLE2)) return 'doc';
  // entry names are stored uncompressed in a ZIP's local headers and central directory
  if (bytes.subarray(0, 4).equals(ZIP) && bytes.includes('word/document.xml') && bytes.includes('[Content_Types].xml')) return 'docx';
  return undefined;
}
