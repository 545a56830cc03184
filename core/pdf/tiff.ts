import UTIF from 'utif2';
import { encodePng, type Raster } from './raster';

/**
 * TIFF scans (what many document scanners write, often several pages in one file) as page images the
 * PDF builder takes: each full-resolution image of the file, in file order, as a PNG that keeps the
 * resolution the TIFF declares (XResolution with ResolutionUnit inch or centimetre). Reduced-resolution
 * copies (thumbnails, NewSubfileType bit 0) are not pages. Dimensions are read before any pixel is
 * decoded, so a file announcing more than `maxPixels` per page is refused without being expanded.
 */
export interface TiffPage {
  png: Buffer;
  width: number;
  height: number;
  dpi?: number;
}

export class TiffUnreadable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TiffUnreadable';
  }
}

const first = (v: unknown): number | undefined => {
  const x = Array.isArray(v) ? v[0] : v;
  if (Array.isArray(x)) return typeof x[0] === 'number' && typeof x[1] === 'number' && x[1] !== 0 ? x[0] / x[1] : undefined;
  return typeof x === 'number' ? x : undefined;
};

function declaredDpi(ifd: UTIF.IFD): number | undefined {
  const x = first(ifd.t282);
  if (!x || x <= 0) return undefined;
  const unit = first(ifd.t296) ?? 2;
  if (unit === 2) return Math.round(x);
  if (unit === 3) return Math.round(x * 2.54);
  return undefined; // no absolute unit: the page size decides (effectiveImageDpi)
}

export function tiffPages(bytes: Buffer, options: { maxPixels: number; maxPages: number; maxTotalPixels?: number }): TiffPage[] {
  let ifds: UTIF.IFD[];
  try {
    ifds = UTIF.decode(bytes);
  } catch (err) {
    throw new TiffUnreadable(`TIFF structure unreadable: ${(err as Error).message}`);
  }
  const pages = ifds.filter((ifd) => ((first(ifd.t254) ?? 0) & 1) === 0 && first(ifd.t256) && first(ifd.t257));
  if (pages.length === 0) throw new TiffUnreadable('TIFF without an image');
  if (pages.length > options.maxPages) throw new TiffUnreadable(`TIFF with ${pages.length} pages, more than ${options.maxPages}`);
  // decoded pixels live outside the JS heap (the thread's heap limit does not bound them): budget them up front
  const total = pages.reduce((sum, ifd) => sum + first(ifd.t256)! * first(ifd.t257)!, 0);
  const maxTotal = options.maxTotalPixels ?? options.maxPixels * 4;
  if (total > maxTotal) throw new TiffUnreadable(`TIFF with ${total} pixels in all, more than ${maxTotal}`);
  return pages.map((ifd, i) => {
    const width = first(ifd.t256)!;
    const height = first(ifd.t257)!;
    if (width * height > options.maxPixels) throw new TiffUnreadable(`page ${i + 1} is ${width}×${height} pixels, more than ${options.maxPixels}`);
    try {
      UTIF.decodeImage(bytes, ifd);
    } catch (err) {
      throw new TiffUnreadable(`page ${i + 1} cannot be decoded: ${(err as Error).message}`);
    }
    if (ifd.width !== width || ifd.height !== height) throw new TiffUnreadable(`page ${i + 1} has no image data`);
    const rgba = UTIF.toRGBA8(ifd);
    const rgb = Buffer.alloc(width * height * 3);
    for (let p = 0, q = 0; p < width * height * 4; p += 4, q += 3) {
      rgb[q] = rgba[p]!;
      rgb[q + 1] = rgba[p + 1]!;
      rgb[q + 2] = rgba[p + 2]!;
    }
    // one page's pixels at a time: let the decoded page go before the next is decoded
    (ifd as { data?: Uint8Array }).data = undefined;
    const raster: Raster = { width, height, rgb };
    const dpi = declaredDpi(ifd);
    return { png: encodePng(raster, dpi), width, height, ...(dpi ? { dpi } : {}) };
  });
}
