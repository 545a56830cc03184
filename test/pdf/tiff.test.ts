import { inflateSync } from 'node:zlib';
import { encodeTiff, scanRaster } from '../../core/pdf/raster';
import { imageInfo } from '../../core/pdf/scan';
import { tiffPages, TiffUnreadable } from '../../core/pdf/tiff';

describe('TIFF scans become page images', () => {
  const two = encodeTiff([{ raster: scanRaster(1, { width: 300, height: 400 }), dpi: 300 }, { raster: scanRaster(2, { width: 200, height: 260 }), dpi: 200 }]);

  it('when a scanner writes two pages in one file, then there are two PNG pages in file order, each with its resolution', () => {
    const pages = tiffPages(two, { maxPixels: 1_000_000, maxPages: 10 });
    expect(pages.map((p) => [p.width, p.height, p.dpi])).toEqual([[300, 400, 300], [200, 260, 200]]);
    // the resolution survives into the PNG the PDF is made from
    expect(pages.map((p) => imageInfo(p.png, 'png'))).toEqual([{ width: 300, height: 400, dpi: 300 }, { width: 200, height: 260, dpi: 200 }]);
  });

  it('when the pixels are decoded, then they are the scanner\'s, not a blank page', () => {
    const raster = scanRaster(7, { width: 40, height: 30 });
    const [page] = tiffPages(encodeTiff([{ raster, dpi: 200 }]), { maxPixels: 10_000, maxPages: 1 });
    const png = page!.png;
    const at = png.indexOf('IDAT');
    const rows = inflateSync(png.subarray(at + 4, at + 4 + png.readUInt32BE(at - 4)));
    // first row after its filter byte equals the raster's first row
    expect(rows.subarray(1, 1 + 40 * 3).equals(raster.rgb.subarray(0, 40 * 3))).toBe(true);
  });

  it('when a page announces more pixels or the file more pages than allowed, then it is refused before decoding', () => {
    expect(() => tiffPages(two, { maxPixels: 100_000, maxPages: 10 })).toThrow(/page 1 is 300×400 pixels/);
    expect(() => tiffPages(two, { maxPixels: 1_000_000, maxPages: 1 })).toThrow(/2 pages, more than 1/);
    // each page within its limit, the file over the total: refused before the first page is decoded
    expect(() => tiffPages(two, { maxPixels: 1_000_000, maxPages: 10, maxTotalPixels: 150_000 })).toThrow(/172000 pixels in all, more than 150000/);
  });

  it('when the structure is broken, then it says so as TiffUnreadable', () => {
    expect(() => tiffPages(Buffer.concat([Buffer.from('4d4d002a000000ff', 'hex'), Buffer.alloc(32)]), { maxPixels: 1e6, maxPages: 10 })).toThrow(TiffUnreadable);
  });
});
