import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFPage } from 'pdf-lib';

/**
 * What a scan is and how good it is, from its bytes (never from its name or the declared type):
 *  - the type, by its magic number: PDF, JPEG, PNG, TIFF;
 *  - image scans (a page per image, in upload order) made into one PDF, each page at its physical size;
 *  - the effective resolution of every page: for a scanned page, the pixels of its image over the
 *    inches of the page it fills (Decree 30/2020 Annex I, TT 05/2025 Art. 8: ≥ 200 dpi for documents,
 *    ≥ 300 dpi for maps and drawings). A page without an image (a born-digital PDF) has no scan resolution.
 */
export type ScanType = 'pdf' | 'jpeg' | 'png' | 'tiff';

export function sniffType(head: Buffer): ScanType | undefined {
  if (head.subarray(0, 1024).indexOf('%PDF-') >= 0) return 'pdf';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  const tiff = head.subarray(0, 4).toString('latin1');
  if (tiff === 'II*\u0000' || tiff === 'MM\u0000*') return 'tiff';
  return undefined;
}

export interface ImageInfo {
  width: number;
  height: number;
  /** the resolution the file declares (PNG pHYs, JPEG JFIF), when it declares one */
  dpi?: number;
}

/** Width, height and declared density of a PNG (IHDR, pHYs with unit metre) or JPEG (SOFn, JFIF APP0). */
export function imageInfo(bytes: Buffer, type: 'png' | 'jpeg'): ImageInfo {
  return type === 'png' ? pngInfo(bytes) : jpegInfo(bytes);
}

function pngInfo(bytes: Buffer): ImageInfo {
  if (bytes.length < 33 || bytes.toString('latin1', 12, 16) !== 'IHDR') throw new Error('PNG without IHDR');
  const info: ImageInfo = { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  // chunks: length(4) type(4) data crc(4); stop at IDAT (pHYs must come before it)
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (type === 'pHYs' && length === 9 && bytes[at + 16] === 1) {
      info.dpi = Math.round(bytes.readUInt32BE(at + 8) * 0.0254);
    }
    if (type === 'IDAT' || type === 'IEND') break;
    at += 12 + length;
  }
  return info;
}

function jpegInfo(bytes: Buffer): ImageInfo {
  let dpi: number | undefined;
  for (let at = 2; at + 9 < bytes.length; ) {
    if (bytes[at] !== 0xff) throw new Error('JPEG marker expected');
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    if (marker === 0xe0 && bytes.toString('latin1', at + 4, at + 9) === 'JFIF\u0000') {
      const units = bytes[at + 11];
      const x = bytes.readUInt16BE(at + 12);
      if (units === 1) dpi = x;
      if (units === 2) dpi = Math.round(x * 2.54);
    }
    // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC): height and width follow the precision byte
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7), ...(dpi ? { dpi } : {}) };
    }
    at += 2 + length;
  }
  throw new Error('JPEG without a frame header');
}

/** A4 in inches, the paper a scan without a declared density is taken to fill. */
const A4_INCHES = { short: 210 / 25.4, long: 297 / 25.4 };

/** The resolution an image has on paper: its declared density, or the A4 sheet it fills. */
export function effectiveImageDpi(info: ImageInfo): number {
  if (info.dpi && info.dpi > 0) return info.dpi;
  const [short, long] = info.width <= info.height ? [info.width, info.height] : [info.height, info.width];
  return Math.round(Math.min(short / A4_INCHES.short, long / A4_INCHES.long));
}

/** One PDF from image scans, a page per image in the order given, each page the image's size on paper. */
export async function imagesToPdf(images: { bytes: Buffer; type: 'png' | 'jpeg' }[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (const { bytes, type } of images) {
    const info = imageInfo(bytes, type);
    const dpi = effectiveImageDpi(info);
    const embedded = type === 'png' ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
    const width = (info.width / dpi) * 72;
    const height = (info.height / dpi) * 72;
    doc.addPage([width, height]).drawImage(embedded, { x: 0, y: 0, width, height });
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/**
 * Effective resolution of each page: the largest image on the page against the page's size (a rotated
 * page is measured the way it is shown). undefined for a page without an image.
 */
export function pageResolutions(doc: PDFDocument): (number | undefined)[] {
  return doc.getPages().map((page) => pageResolution(doc, page));
}

function pageResolution(doc: PDFDocument, page: PDFPage): number | undefined {
  const resources = page.node.Resources();
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  if (!xobjects) return undefined;
  let largest: { w: number; h: number } | undefined;
  for (const [, value] of xobjects.entries()) {
    const object = value instanceof PDFRef ? doc.context.lookup(value) : value;
    const dict = object instanceof PDFRawStream ? object.dict : object instanceof PDFDict ? object : undefined;
    if (!dict || dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    const w = dict.lookupMaybe(PDFName.of('Width'), PDFNumber)?.asNumber() ?? 0;
    const h = dict.lookupMaybe(PDFName.of('Height'), PDFNumber)?.asNumber() ?? 0;
    if (!largest || w * h > largest.w * largest.h) largest = { w, h };
  }
  if (!largest || largest.w === 0 || largest.h === 0) return undefined;
  const { width, height } = page.getSize();
  const rotated = Math.abs(page.getRotation().angle) % 180 === 90;
  const [pageW, pageH] = rotated ? [height, width] : [width, height];
  // the image fills the page in its own orientation (a landscape scan on a portrait page is turned)
  const [imgW, imgH] = (largest.w >= largest.h) === (pageW >= pageH) ? [largest.w, largest.h] : [largest.h, largest.w];
  return Math.round(Math.min(imgW / (pageW / 72), imgH / (pageH / 72)));
}
