import { PDFDocument } from 'pdf-lib';
import { a4Pixels, encodePng, scanRaster } from '../../core/pdf/raster';
import { renderTestScan } from '../../core/pdf/render-result';
import { effectiveImageDpi, imageInfo, imagesToPdf, pageResolutions, sniffType } from '../../core/pdf/scan';
import { expectedPages } from '../../core/rules/scan-pages';

/** Scans typed by content and measured, on generated pages (A4 rasters at a chosen resolution). */
const pngAt = (dpi: number, declare = true, seed = 1) => encodePng(scanRaster(seed, a4Pixels(dpi)), declare ? dpi : undefined);

describe('scan type, by content', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n'), 'pdf'],
    ['a PDF after junk bytes', Buffer.concat([Buffer.alloc(40, 0x20), Buffer.from('%PDF-1.4')]), 'pdf'],
    ['a JPEG', Buffer.from('ffd8ffe000104a46494600', 'hex'), 'jpeg'],
    ['a PNG', Buffer.from('89504e470d0a1a0a', 'hex'), 'png'],
    ['a little-endian TIFF', Buffer.from('49492a00', 'hex'), 'tiff'],
    ['a big-endian TIFF', Buffer.from('4d4d002a', 'hex'), 'tiff'],
    ['a Word file (ZIP)', Buffer.from('504b0304', 'hex'), undefined],
    ['text named .pdf', Buffer.from('hello, this is not a scan'), undefined],
  ])('when the file is %s, then it is typed %s', (_what, head, type) => {
    expect(sniffType(head)).toBe(type);
  });
});

describe('resolution', () => {
  it('when a PNG declares 300 dpi (pHYs), then that is its resolution', () => {
    const info = imageInfo(pngAt(300), 'png');
    expect(info).toEqual({ ...a4Pixels(300), dpi: 300 });
    expect(effectiveImageDpi(info)).toBe(300);
  });

  it('when an image declares nothing, then it is measured against the A4 sheet it fills', () => {
    expect(effectiveImageDpi(imageInfo(pngAt(150, false), 'png'))).toBe(150);
    expect(effectiveImageDpi({ width: 3508, height: 2480 })).toBe(300); // landscape A4 at 300 dpi
  });

  it('when page images become one PDF, then it has a page per image in order, each measured at its resolution', async () => {
    const pdf = await imagesToPdf([{ bytes: pngAt(200, true, 1), type: 'png' }, { bytes: pngAt(300, true, 2), type: 'png' }]);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(2);
    expect(pageResolutions(doc)).toEqual([200, 300]);
    const [width, height] = [doc.getPage(0).getWidth(), doc.getPage(0).getHeight()];
    expect(Math.round(width / 72 * 25.4)).toBe(210); // A4 on paper
    expect(Math.round(height / 72 * 25.4)).toBe(297);
  });

  it('when a scanned PDF is measured, then every page gives its dpi, also rotated; a born-digital page gives none', async () => {
    expect(pageResolutions(await PDFDocument.load(await renderTestScan(2, 'quét', { dpi: 150 })))).toEqual([150, 150]);
    expect(pageResolutions(await PDFDocument.load(await renderTestScan(1, 'quét', { dpi: 300, rotate: 90 })))).toEqual([300]);
    const digital = await PDFDocument.create();
    digital.addPage();
    expect(pageResolutions(digital)).toEqual([undefined]);
  });
});

describe('pages to expect', () => {
  it.each([
    [{ sheets: 3 }, false, 3],
    [{ sheets: 3 }, true, 6],
    [{ sheets: 3, blankBacks: 1 }, true, 5],
    [{ sheets: 2, notes: 1 }, false, 3],
    [{ sheets: 2, doubleSided: false }, true, 2],
    [{ sheets: 1, blankBacks: 5 }, true, 1],
  ])('when %j is declared (double-sided by default: %s), then %i pages', (declaration, doubleSided, pages) => {
    expect(expectedPages(declaration, doubleSided)).toBe(pages);
  });
});
