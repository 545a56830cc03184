import { createHash, randomBytes } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { inspectPdf, type InspectPdfResult } from '../../core/pdf/inspect-pdf';
import { encodePng, scanRaster } from '../../core/pdf/raster';
import { renderBirthExtract, renderTestScan } from '../../core/pdf/render-result';

const extractData = {
  documentNumber: '15/TLKS',
  issuedAt: new Date('2026-11-21T02:30:00Z'),
  agencyName: 'UBND xã Đắk La',
  childName: 'Võ Đặng Minh Khang',
  childDateOfBirth: '10/11/2026',
  applicantName: 'Võ Đặng Ngọc Giang',
  dossierCode: 'H34.29.2-261121-0001',
};

let valid: Buffer;
let scan: Buffer;

beforeAll(async () => {
  valid = await renderBirthExtract(extractData);
  scan = await renderTestScan(2, 'Giấy chứng sinh');
});

/** A PDF whose trailer names an encryption dictionary (pdf-lib cannot encrypt, so it is declared by hand). */
function declareEncrypted(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const encrypt = '/Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>';
  return Buffer.from(text.replace(/trailer\s*<</, (m) => `${m} ${encrypt}`), 'latin1');
}

type Reason = Exclude<InspectPdfResult, { ok: true }>['reason'];
const cases: [string, Reason, () => Buffer | Promise<Buffer>][] = [
  ['a PNG photo renamed to .pdf', 'not-pdf', () => encodePng(scanRaster(1, { width: 64, height: 48 }))],
  ['a PDF cut off halfway through the upload', 'corrupt', () => valid.subarray(0, Math.floor(valid.length / 2))],
  [
    'random bytes behind a %PDF- header and an end marker',
    'corrupt',
    () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4096), Buffer.from('\nstartxref\n9\n%%EOF\n')]),
  ],
  ['an empty buffer', 'empty', () => Buffer.alloc(0)],
  ['a well-formed PDF with no pages', 'empty', async () => Buffer.from(await (await PDFDocument.create()).save({ addDefaultPage: false }))],
  ['a PDF whose trailer declares encryption', 'encrypted', () => declareEncrypted(valid)],
];

describe('inspectPdf', () => {
  it('when the file is a rendered one-page result, then it is accepted with its page count and sha256', async () => {
    const result = await inspectPdf(valid);
    expect(result).toEqual({
      ok: true,
      pageCount: 1,
      sha256: createHash('sha256').update(valid).digest('hex'),
      encrypted: false,
      resolutions: [undefined], // a born-digital page has no scan resolution
    });
  });

  it('when the file is a two-page generated scan, then pageCount is 2', async () => {
    expect(await inspectPdf(scan)).toMatchObject({ ok: true, pageCount: 2, resolutions: [200, 200] });
  });

  it('when the %PDF- header follows a few junk bytes, then it is still accepted', async () => {
    expect(await inspectPdf(Buffer.concat([Buffer.from('\r\n  '), valid]))).toMatchObject({ ok: true });
  });

  it.each(cases)('when the file is %s, then it is rejected as %s', async (_name, reason, make) => {
    const result = await inspectPdf(await make());
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.detail.length).toBeGreaterThan(0);
  });
});
