import { PDFDocument } from 'pdf-lib';
import { createDevCertificate } from '../../core/adapters/signer/dev-certificate';
import { createP12Signer } from '../../core/adapters/signer/signer';
import { formatVietnamTime, STAMP_WIDTH } from '../../core/adapters/signer/stamp';
import { renderTestScan } from '../../core/pdf/render-result';
import { pdfsig, pdftotext, pdfWords, popplerVersion, signatureWidgets } from './poppler';

/** The digitizer's personal signature on a scanned component: top-left of page 1 (seed 004). */
const passphrase = 'test-pass';
const officer = createDevCertificate({ commonName: 'Nguyễn Văn An', organization: 'UBND xã Đắk La', passphrase });
const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000);

let scan: Buffer;
let signed: Buffer;

beforeAll(async () => {
  scan = await renderTestScan(2, 'Giấy chứng sinh');
  signed = await createP12Signer({ p12: officer.p12, passphrase }).signPdf(scan, {
    signerName: 'Nguyễn Văn An',
    reason: 'Số hóa từ bản giấy',
    signedAt,
    placement: 'top-left',
    lines: ['Hồ sơ H34.29.2-261121-0001'],
  });
});

describe('visible PKCS#12 signature', () => {
  it('when the test suite runs, then poppler pdfsig and pdftotext are installed (no silent skip)', async () => {
    await expect(popplerVersion('pdfsig')).resolves.toMatch(/pdfsig version/);
    await expect(popplerVersion('pdftotext')).resolves.toMatch(/pdftotext version/);
  });

  it('when a scan is signed, then pdfsig finds one valid signature by the certificate holder over the whole file', async () => {
    const report = await pdfsig(signed);
    expect(report.signatures).toEqual([{ signerName: 'Nguyễn Văn An', valid: true }]);
    expect(report.raw).toContain('Signature Validation: Signature is Valid.');
    expect(report.raw).toContain('Total document signed');
    expect(report.raw).toContain('Signature Type: ETSI.CAdES.detached'); // PAdES baseline B
    expect(report.raw).toContain('Signing Hash Algorithm: SHA-256');
  });

  it('when a scan is signed at top-left, then the signature widget sits in the top-left corner of page 1', async () => {
    const { widgets, pageSize } = await signatureWidgets(signed, 0);
    expect(widgets).toHaveLength(1);
    const [x1, y1, x2, y2] = widgets[0]!.rect;
    expect(widgets[0]!.fieldName).toBe('Signature1');
    expect(x2 - x1).toBeCloseTo(STAMP_WIDTH);
    expect(y2 - y1).toBeGreaterThanOrEqual(50);
    expect(x1).toBeLessThan(30);
    expect(y2).toBeGreaterThan(pageSize.height - 30);
  });

  it('when a scan is signed, then page 1 shows the signer name with diacritics and the Vietnam time', async () => {
    const text = await pdftotext(signed, 1);
    expect(text).toContain('Ký bởi: Nguyễn Văn An');
    expect(text).toContain(`Thời gian: ${formatVietnamTime(signedAt)}`);
    expect(text).toContain('Hồ sơ H34.29.2-261121-0001');
  });

  it('when a scan is signed, then its pages are kept and the stamp is not on page 2', async () => {
    const doc = await PDFDocument.load(signed);
    expect(doc.getPageCount()).toBe(2);
    expect(await pdftotext(signed, 2)).not.toContain('Ký bởi');
  });

  it.each([90, 180, 270])('when the scan was saved turned by %i°, then the stamp is at the top-left as the page is read, upright, and verifies', async (rotate) => {
    const turned = await renderTestScan(1, 'Giấy chứng sinh', { rotate });
    const out = await createP12Signer({ p12: officer.p12, passphrase }).signPdf(turned, {
      signerName: 'Nguyễn Văn An', reason: 'Số hóa từ bản giấy', signedAt, placement: 'top-left', lines: ['Hồ sơ H34.29.2-261121-0001'],
    });
    expect((await pdfsig(out)).signatures).toEqual([{ signerName: 'Nguyễn Văn An', valid: true }]);
    const words = await pdfWords(out, 1);
    const signer = words.find((w) => w.word === 'bởi:');
    expect(signer).toBeDefined();
    // top-left of the page as shown (pdftotext -bbox measures from the top-left of the displayed page)
    expect(signer!.xMin).toBeLessThan(80);
    expect(signer!.yMin).toBeLessThan(60);
    // upright: a word runs left to right, wider than tall (sideways text would be tall and narrow)
    expect(signer!.xMax - signer!.xMin).toBeGreaterThan(signer!.yMax - signer!.yMin);
    expect(await pdftotext(out, 1)).toContain('Ký bởi: Nguyễn Văn An');
  });

  it('when the signing time is 23:30 UTC, then the stamp shows the next day at 06:30 (+07:00)', () => {
    expect(formatVietnamTime(new Date('2026-11-21T23:30:00Z'))).toBe('22/11/2026 06:30:00 (+07:00)');
  });

  it('when the passphrase is wrong, then the signer refuses to open the key instead of producing an unsigned file', () => {
    expect(() => createP12Signer({ p12: officer.p12, passphrase: 'wrong' })).toThrow(/Invalid password/);
  });
});
