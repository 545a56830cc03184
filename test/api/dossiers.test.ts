import { request as httpRequest } from 'node:http';
import request from 'supertest';
import mongoose from 'mongoose';
import { createCamunda, createEngine, type Engine } from '../../core/adapters/camunda';
import { createLogger } from '../../core/logger';
import { DossierModel } from '../../core/models/dossier.model';
import { createApp } from '../../api/app';
import { PDFDocument } from 'pdf-lib';
import { a4Pixels, encodePng, encodeTiff, scanRaster } from '../../core/pdf/raster';
import { renderTestScan } from '../../core/pdf/render-result';
import { birthRegistration, birthRegistrationScans, testConfig } from '../helpers/fixtures';
import { emptyCollections, useTestDatabase } from '../helpers/db';
import { bearer, COMMUNE_DESK, staffVerifier } from '../helpers/staff';

/**
 * The API against the real database. The engine is the real Camunda client; where a request must
 * be refused before it reaches the engine, it points at a port where nothing listens, so any call
 * that slips through fails loudly instead of being absorbed by a mock.
 */
useTestDatabase();
beforeEach(emptyCollections);

const config = testConfig({ ZEEBE_REST_ADDRESS: 'http://127.0.0.1:9', ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:9', UPLOAD_MAX_BYTES: String(2 * 1024 * 1024) });
const log = createLogger('test', 'silent');
const engine: Engine = createEngine(createCamunda(config), config);
const app = createApp({ config, engine, log, now: () => new Date('2026-11-23T03:00:00Z'), verifier: staffVerifier() });

// the commune's one-stop officer, logged in to the real Keycloak of the stack
let deskAuthorization = '';
beforeAll(async () => {
  deskAuthorization = await bearer(COMMUNE_DESK);
});
const desk = () => ({
  post: (url: string) => request(app).post(url).set('Authorization', deskAuthorization),
  get: (url: string) => request(app).get(url).set('Authorization', deskAuthorization),
});

/** A PDF whose trailer names an encryption dictionary (pdf-lib cannot encrypt; declared as inspect-pdf's test does). */
function declareEncrypted(pdf: Buffer): Buffer {
  return Buffer.from(pdf.toString('latin1').replace(/trailer\s*<</, (m) => `${m} /Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>`), 'latin1');
}

/** A well-formed PDF whose page tree is empty (pdf-lib always saves at least one page, so written by hand). */
function zeroPagePdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 3\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function storedFiles(): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('no db');
  return db.collection('files.files').countDocuments();
}

async function expectNothingLeftBehind(): Promise<void> {
  expect(await DossierModel.countDocuments()).toBe(0);
  expect(await storedFiles()).toBe(0);
}

describe('POST /api/dossiers — refusals that lose nothing', () => {
  let scans: { toKhai: Buffer; giayChungSinh: Buffer };
  beforeAll(async () => {
    scans = await birthRegistrationScans();
  });

  it('when a Word file is disguised as .pdf, then 415 names the file and no dossier or file is left', async () => {
    const docx = Buffer.concat([Buffer.from('504b030414000600', 'hex'), Buffer.alloc(200, 1)]);
    const res = await desk().post('/api/dossiers')
      .field('data', JSON.stringify(birthRegistration()))
      .attach('to-khai', scans.toKhai, { filename: 'to-khai.pdf', contentType: 'application/pdf' })
      .attach('giay-chung-sinh', docx, { filename: 'giay-chung-sinh.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.error.violations).toEqual([expect.objectContaining({ field: 'files.giay-chung-sinh', rule: 'scan-type' })]);
    await expectNothingLeftBehind();
  });

  it.each([
    ['scanned at 150 dpi', async () => renderTestScan(2, 'Giấy chứng sinh', { dpi: 150 }), {}, 'scan-resolution', /150 dpi, thấp hơn mức tối thiểu 200 dpi/],
    ['with 2 pages where 3 sheets were declared', async () => scans.giayChungSinh, { 'giay-chung-sinh': { sheets: 3 } }, 'page-count', /2 trang, khác số trang khai báo 3/],
    ['encrypted', async () => declareEncrypted(scans.giayChungSinh), {}, 'pdf-encrypted', /mật khẩu/],
    ['a PDF without pages', async () => zeroPagePdf(), {}, 'pdf-empty', /không có trang/],
  ])('when the birth certificate is %s, then 422 names the rule in Vietnamese and nothing is kept', async (_what, make, pages, rule, message) => {
    const res = await desk().post('/api/dossiers')
      .field('data', JSON.stringify(birthRegistration({ pages })))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf')
      .attach('giay-chung-sinh', await make(), 'giay-chung-sinh.pdf');
    expect(res.status).toBe(422);
    expect(res.body.error.violations).toEqual([expect.objectContaining({ field: 'files.giay-chung-sinh', rule, message: expect.stringMatching(message) })]);
    await expectNothingLeftBehind();
  });

  it('when the birth certificate comes as two page images, then one two-page PDF is stored and its resolution recorded', async () => {
    const page = (seed: number) => encodePng(scanRaster(seed, a4Pixels(300)), 300);
    const res = await desk().post('/api/dossiers')
      .field('data', JSON.stringify(birthRegistration({ pages: { 'giay-chung-sinh': { sheets: 1, doubleSided: true } } })))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf')
      .attach('giay-chung-sinh', page(1), 'mat-truoc.png')
      .attach('giay-chung-sinh', page(2), 'mat-sau.png');
    expect(res.status).toBe(202);
    const saved = await DossierModel.findOne({ code: res.body.code }).lean();
    const gcs = saved!.components.find((c) => c.code === 'giay-chung-sinh')!;
    expect(gcs).toMatchObject({ pageCount: 2, scanDpi: 300, mimeType: 'application/pdf', fileName: 'giay-chung-sinh.pdf' });
    const { getFile } = await import('../../core/repositories/files');
    expect((await PDFDocument.load(await getFile(gcs.fileId))).getPageCount()).toBe(2);
  }, 60_000);

  it('when the birth certificate comes as one two-page TIFF from a document scanner, then each page becomes a page of the PDF at its declared resolution', async () => {
    // small pages (uncompressed TIFF is large): 1.5 × 2 in at 300 dpi, 1.2 × 1.6 in at 250 dpi
    const tiff = encodeTiff([{ raster: scanRaster(3, { width: 450, height: 600 }), dpi: 300 }, { raster: scanRaster(4, { width: 300, height: 400 }), dpi: 250 }]);
    const res = await desk().post('/api/dossiers')
      .field('data', JSON.stringify(birthRegistration({ pages: { 'giay-chung-sinh': { sheets: 1, doubleSided: true } } })))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf')
      .attach('giay-chung-sinh', tiff, 'giay-chung-sinh.tif');
    expect(res.status).toBe(202);
    const saved = await DossierModel.findOne({ code: res.body.code }).lean();
    const gcs = saved!.components.find((c) => c.code === 'giay-chung-sinh')!;
    // the lower of the two pages' resolutions is the scan's
    expect(gcs).toMatchObject({ pageCount: 2, scanDpi: 250, mimeType: 'application/pdf' });
    const { getFile } = await import('../../core/repositories/files');
    const pages = (await PDFDocument.load(await getFile(gcs.fileId))).getPages().map((p) => p.getSize());
    // each page at its size on paper, in points
    expect(pages.map((p) => [Math.round(p.width), Math.round(p.height)])).toEqual([[108, 144], [86, 115]]);
  }, 60_000);

  it('when a TIFF is below the resolution or its structure is broken, then 422 names the rule and nothing is left', async () => {
    const low = encodeTiff([{ raster: scanRaster(5, { width: 240, height: 360 }), dpi: 120 }]);
    const broken = Buffer.concat([Buffer.from('4d4d002a000000ff', 'hex'), Buffer.alloc(64)]);
    for (const [file, rule] of [[low, 'scan-resolution'], [broken, 'tiff-unreadable']] as const) {
      const res = await desk().post('/api/dossiers').field('data', JSON.stringify(birthRegistration()))
        .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', file, 'gcs.tiff');
      expect(res.status).toBe(422);
      expect(res.body.error.violations).toEqual([expect.objectContaining({ field: 'files.giay-chung-sinh', rule })]);
    }
    await expectNothingLeftBehind();
  }, 60_000);

  it('when a PDF is truncated, then 422 says it is corrupt and nothing is left', async () => {
    const res = await desk().post('/api/dossiers')
      .field('data', JSON.stringify(birthRegistration()))
      .attach('to-khai', scans.toKhai.subarray(0, 400), 'to-khai.pdf')
      .attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
    expect(res.status).toBe(422);
    expect(res.body.error.violations[0]).toMatchObject({ field: 'files.to-khai' });
    expect(res.body.error.violations[0].rule).toMatch(/^pdf-/);
    await expectNothingLeftBehind();
  });

  it('when the procedure is unknown, the CCCD malformed and a component missing, then 422 lists all three', async () => {
    const res = await desk().post('/api/dossiers')
      .field('data', JSON.stringify(birthRegistration({ procedureCode: '9.999999.000.00.00.H34', applicant: { idType: 'CCCD', idNumber: '12345', fullName: 'Lê Văn C' } })))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf');
    expect(res.status).toBe(422);
    expect(res.body.error.violations.map((v: { rule: string }) => v.rule).sort()).toEqual(['cccd-format', 'known-procedure']);
    const res2 = await desk().post('/api/dossiers')
      .field('data', JSON.stringify(birthRegistration()))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf')
      .attach('ban-sao-la', scans.toKhai, 'x.pdf');
    expect(res2.status).toBe(422);
    expect(res2.body.error.violations.map((v: { rule: string }) => v.rule).sort()).toEqual(['known-component', 'required-component']);
    await expectNothingLeftBehind();
  });

  it('when data is not JSON or misses fields, then 400 names the fields', async () => {
    const bad = await desk().post('/api/dossiers').field('data', '{not json');
    expect(bad.status).toBe(400);
    expect(bad.body.error.violations[0].field).toBe('data');
    const missing = await desk().post('/api/dossiers').field('data', JSON.stringify({ procedureCode: 'x' }));
    expect(missing.status).toBe(400);
    expect(missing.body.error.violations.map((v: { field: string }) => v.field)).toEqual(
      expect.arrayContaining(['agencyCode', 'applicant']),
    );
  });

  it('when a submission states no length, then 411; when it states more than the total allowed, then 413 before a byte is read', async () => {
    const small = createApp({ config: { ...config, UPLOAD_MAX_TOTAL_BYTES: 1000 }, engine, log, now: () => new Date('2026-11-23T03:00:00Z'), verifier: staffVerifier() });
    const tooBig = await request(small).post('/api/dossiers').set('Authorization', deskAuthorization)
      .field('data', JSON.stringify(birthRegistration())).attach('to-khai', scans.toKhai, 'to-khai.pdf');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.violations).toEqual([expect.objectContaining({ field: 'files', rule: 'total-size' })]);
    const noLength = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const server = app.listen(0, '127.0.0.1', () => {
        const port = (server.address() as { port: number }).port;
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/api/dossiers', headers: { authorization: deskAuthorization, 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' } }, (res) => {
          let body = '';
          res.on('data', (c) => { body += c; });
          res.on('end', () => { server.close(); resolve({ status: res.statusCode ?? 0, body }); });
        });
        req.on('error', reject);
        req.end('--x--\r\n');
      });
    });
    expect(noLength.status).toBe(411);
    expect(JSON.parse(noLength.body).error.messageVi).toMatch(/Content-Length/);
    await expectNothingLeftBehind();
  });

  it('when a file is larger than the limit, then 413', async () => {
    const big = Buffer.concat([scans.giayChungSinh, Buffer.alloc(3 * 1024 * 1024, 0x20)]);
    const res = await desk().post('/api/dossiers')
      .field('data', JSON.stringify(birthRegistration()))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf')
      .attach('giay-chung-sinh', big, 'giay-chung-sinh.pdf');
    expect(res.status).toBe(413);
    expect(res.body.error.messageVi).toMatch(/dung lượng/);
    await expectNothingLeftBehind();
  });

  it('when the engine is unreachable, then 202: the dossier and its scans are kept and its process start is pending', async () => {
    const submit = () => desk().post('/api/dossiers')
      .set('Idempotency-Key', 'retry-me-0001')
      .field('data', JSON.stringify(birthRegistration()))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf')
      .attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
    const res = await submit();
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'received', processStart: 'pending' });
    const saved = await DossierModel.findOne({ code: res.body.code }).lean();
    expect(saved?.processStart).toMatchObject({ state: 'pending', attempts: 1 });
    expect(saved?.processStart?.lastError).toBeTruthy();
    expect(await storedFiles()).toBe(2);
    // the same request again: the same dossier, nothing stored twice, the start tried once more
    const again = await submit();
    expect(again.status).toBe(202);
    expect(again.body.code).toBe(res.body.code);
    expect(await DossierModel.countDocuments()).toBe(1);
    expect(await storedFiles()).toBe(2);
    expect((await DossierModel.findOne({ code: res.body.code }).lean())?.processStart?.attempts).toBe(2);
  }, 60_000);
});

describe('POST /api/dossiers — retries after a crash', () => {
  let scans: { toKhai: Buffer; giayChungSinh: Buffer };
  beforeAll(async () => {
    scans = await birthRegistrationScans();
  });
  const submit = (key: string) =>
    desk().post('/api/dossiers')
      .set('Idempotency-Key', key)
      .field('data', JSON.stringify(birthRegistration()))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf')
      .attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');

  it('when an earlier attempt crashed after uploading, then the retry keeps its own scans and the sweep later removes the stray one', async () => {
    const { putFile } = await import('../../core/repositories/files');
    await putFile(Buffer.from('%PDF-1.7 partial'), 'to-khai.pdf', { key: 'scan:crashed-0001:a0:to-khai', intakeKey: 'crashed-0001', dossierCode: 'H34.29.2-261123-0001', kind: 'scan' });
    const res = await submit('crashed-0001');
    expect(res.status).toBe(202); // the engine is away in this file: saved, process start pending
    expect(await DossierModel.countDocuments()).toBe(1);
    expect(await storedFiles()).toBe(3);
    const { sweepOrphanScans } = await import('../../api/dossiers/dossiers.service');
    expect(await sweepOrphanScans({ now: () => new Date(Date.now() + 2 * 3600_000) })).toBe(1);
    const db = mongoose.connection.db!;
    const files = await db.collection('files.files').find({ 'metadata.intakeKey': 'crashed-0001' }).toArray();
    expect(files.map((f) => f.length).sort()).toEqual([scans.toKhai.length, scans.giayChungSinh.length].sort());
  }, 60_000);

  it('when the same Idempotency-Key comes with another submission, then 409 and the first dossier is neither returned nor touched', async () => {
    expect((await submit('same-key-0001')).status).toBe(202);
    const other = await desk().post('/api/dossiers').set('Idempotency-Key', 'same-key-0001')
      .field('data', JSON.stringify(birthRegistration({ subject: { fullName: 'Người Khác', dateOfBirth: '2026-11-01' } })))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
    expect(other.status).toBe(409);
    expect(other.body.error.messageVi).toMatch(/Idempotency-Key/);
    expect(JSON.stringify(other.body)).not.toMatch(/H34\.29\.2-\d{6}-\d{4}/);
    expect(await DossierModel.countDocuments()).toBe(1);
    expect(await storedFiles()).toBe(2);
  }, 60_000);

  it('when one submission arrives twice at once with one key, then both get the one dossier and no file of it is deleted', async () => {
    const [a, b] = await Promise.all([submit('twice-0001'), submit('twice-0001')]);
    // both are answered with the one dossier (202: its process start waits for the engine, away here)
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.code).toBe(b.body.code);
    expect(await DossierModel.countDocuments()).toBe(1);
    const saved = await DossierModel.findOne({ code: a.body.code }).lean();
    const { getFile } = await import('../../core/repositories/files');
    for (const c of saved!.components) expect((await getFile(c.fileId)).length).toBe(c.size); // all still there
    expect(await storedFiles()).toBe(2);
  }, 60_000);

  it('when an earlier attempt saved the dossier but crashed before starting its process, then the retry resumes it and never deletes it', async () => {
    await DossierModel.create({
      processStart: { state: 'pending', attempts: 0 },
      code: 'H34.29.2-261123-0007', intakeKey: 'resume-0001', procedureCode: '1.001193.000.00.00.H34', agencyCode: 'H34.29.2',
      channel: 'in-person', applicant: { idType: 'CCCD', idNumber: '001203004567', fullName: 'Võ Đặng Ngọc Giang' },
      officerName: 'Nguyễn Văn An', status: 'received', receivedAt: new Date(), dueAt: new Date(), components: [], history: [],
    });
    const res = await submit('resume-0001');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ code: 'H34.29.2-261123-0007', processStart: 'pending' });
    expect(await DossierModel.countDocuments({ code: 'H34.29.2-261123-0007' })).toBe(1);
    expect(await storedFiles()).toBe(0); // nothing new was stored for a dossier that already exists
  }, 60_000);
});

describe('POST /api/dossiers — dossier codes under load', () => {
  it('when 50 dossiers are received at the same moment, then their codes are distinct and gap-free for the agency and day', async () => {
    const scans = await birthRegistrationScans();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      desk().post('/api/dossiers').set('Idempotency-Key', `parallel-${String(i).padStart(4, '0')}`)
        .field('data', JSON.stringify(birthRegistration()))
        .attach('to-khai', scans.toKhai, 'to-khai.pdf')
        .attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf')));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(202));
    const codes = results.map((r) => r.body.code as string).sort();
    expect(codes).toEqual(Array.from({ length: 50 }, (_, i) => `H34.29.2-261123-${String(i + 1).padStart(4, '0')}`));
    expect(await DossierModel.countDocuments()).toBe(50);
    expect(await storedFiles()).toBe(100);
  }, 120_000);
});

describe('POST /api/dossiers — what people type', () => {
  let scans: { toKhai: Buffer; giayChungSinh: Buffer };
  beforeAll(async () => {
    scans = await birthRegistrationScans();
  });
  const submitWith = (overrides: Record<string, unknown>, fileName = 'to-khai.pdf') =>
    desk().post('/api/dossiers')
      .field('data', JSON.stringify(birthRegistration(overrides)))
      .attach('to-khai', scans.toKhai, fileName)
      .attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
  const applicant = (fields: Record<string, unknown>) => ({ applicant: { idType: 'CCCD', idNumber: '001203004567', fullName: 'Võ Đặng Ngọc Giang', ...fields } });

  it.each([
    ['a name with a bidi override', applicant({ fullName: 'Võ \u202eĐặng' }), 400, 'applicant.fullName', 'name-bidi'],
    ['a name with a zero-width space', applicant({ fullName: 'Võ\u200bĐặng' }), 400, 'applicant.fullName', 'name-zero-width'],
    ['a name with markup', applicant({ fullName: '<b>Võ</b>' }), 400, 'applicant.fullName', 'name-markup'],
    ['a name with digits', applicant({ fullName: 'Võ Đặng 2' }), 400, 'applicant.fullName', 'name-characters'],
    ['a birth date that does not exist', applicant({ dateOfBirth: '2003-02-30' }), 422, 'applicant.dateOfBirth', 'date-not-a-date'],
    ['a child born in the future', { subject: { fullName: 'Võ Đặng Minh Khang', dateOfBirth: '2027-01-01' } }, 422, 'subject.dateOfBirth', 'date-future'],
    ['a CCCD whose birth year differs from the date of birth', applicant({ dateOfBirth: '1990-05-01' }), 422, 'applicant.idNumber', 'cccd-birth-year-mismatch'],
    ['a CCCD of no province', applicant({ idNumber: '003203004567' }), 422, 'applicant.idNumber', 'cccd-province'],
    ['an unknown ID type', applicant({ idType: 'VISA' }), 400, 'applicant.idType', 'invalid_enum_value'],
    ['an authorizer with a wrong tax code', { authorizer: { idType: 'TAX_CODE', idNumber: '0101234567', fullName: 'Công ty ABC' } }, 422, 'authorizer.idNumber', 'tax-code-check-digit'],
  ])('when the dossier has %s, then the refusal names the field and the rule, and nothing is kept', async (_what, overrides, status, field, rule) => {
    const res = await submitWith(overrides as Record<string, unknown>);
    expect(res.status).toBe(status);
    expect(res.body.error.violations).toContainEqual(expect.objectContaining({ field, rule }));
    expect(res.body.error.messageVi).toEqual(expect.any(String));
    await expectNothingLeftBehind();
  });

  it('when names come decomposed and spaced, then they are stored in NFC, trimmed; a file name keeps its UTF-8 and loses its path', async () => {
    const decomposed = '  Vo\u0303   \u0110a\u0323\u0306ng  Ngo\u0323c Giang '.normalize('NFD');
    const res = await submitWith(applicant({ fullName: decomposed }), '..\\scans/Tờ khai đăng ký.pdf');
    expect(res.status).toBe(202);
    const saved = await DossierModel.findOne({ code: res.body.code }).lean();
    expect(saved?.applicant.fullName).toBe('Võ Đặng Ngọc Giang');
    expect(saved?.applicant.fullName).toBe(saved?.applicant.fullName.normalize('NFC'));
    expect(saved?.components.find((c) => c.code === 'to-khai')?.fileName).toBe('Tờ khai đăng ký.pdf');
  }, 60_000);
});

describe('GET /api/dossiers/:code and health', () => {
  it('when the code is unknown, then 404 in both languages', async () => {
    const res = await desk().get('/api/dossiers/H34.29.2-261123-9999');
    expect(res.status).toBe(404);
    expect(res.body.error.messageVi).toMatch(/Không tìm thấy/);
  });

  it('when the database is up and the engine is not, then health is 503 and says which', async () => {
    const res = await request(app).get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'DOWN', database: 'UP', engine: 'DOWN' });
  });
});
