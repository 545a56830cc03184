import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createCamunda, createEngine } from '../../core/adapters/camunda';
import { createLogger } from '../../core/logger';
import { DossierModel } from '../../core/models/dossier.model';
import { a4Pixels, encodePng, scanRaster } from '../../core/pdf/raster';
import { useTestDatabase } from '../helpers/db';
import { birthRegistration, birthRegistrationScans, testConfig } from '../helpers/fixtures';
import { bearer, COMMUNE_DESK, staffVerifier } from '../helpers/staff';

/**
 * Bad input, whatever its kind, in one table: each gets a 4xx with a JSON body naming the rule (never a
 * 5xx, never library text), and leaves nothing behind — no dossier, no stored file, no dossier number
 * taken, no upload folder. Real database and Keycloak; the engine out of reach.
 */
useTestDatabase();
jest.setTimeout(180_000);

const config = testConfig({ ZEEBE_REST_ADDRESS: 'http://127.0.0.1:9', ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:9', UPLOAD_MAX_BYTES: String(3 * 1024 * 1024) });
const app = createApp({ config, engine: createEngine(createCamunda(config), config), log: createLogger('test', 'silent'), now: () => new Date('2026-11-23T03:00:00Z'), verifier: staffVerifier() });
let auth = '';
let scans: { toKhai: Buffer; giayChungSinh: Buffer };

beforeAll(async () => {
  auth = await bearer(COMMUNE_DESK);
  scans = await birthRegistrationScans();
  // a valid dossier first, so the duplicate-key case has something to collide with
  const first = await submit({ key: 'bad-input-first-0001' });
  expect(first.status).toBe(202);
});

type Case = { data?: unknown; gcs?: Buffer | null; gcsName?: string; key?: string };

function submit({ data = birthRegistration(), gcs = scans.giayChungSinh, gcsName = 'giay-chung-sinh.pdf', key }: Case) {
  let req = request(app).post('/api/dossiers').set('Authorization', auth);
  if (key) req = req.set('Idempotency-Key', key);
  req = req.field('data', typeof data === 'string' ? data : JSON.stringify(data)).attach('to-khai', scans.toKhai, 'to-khai.pdf');
  return gcs ? req.attach('giay-chung-sinh', gcs, gcsName) : req;
}

/** A raw multipart body cut in the middle of a part, sent by hand (no client library would send it). */
function brokenMultipart(): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const body = '--XYZ\r\nContent-Disposition: form-data; name="data"\r\n\r\n{"procedureCode":"1"}\r\n--XYZ\r\nContent-Disposition: form-data; name="to-khai"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 cut he';
      const req = httpRequest({
        host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: 'POST', path: '/api/dossiers',
        headers: { authorization: auth, 'content-type': 'multipart/form-data; boundary=XYZ', 'content-length': Buffer.byteLength(body) },
      }, (res) => {
        let text = '';
        res.on('data', (c) => { text += c; });
        res.on('end', () => server.close(() => resolve({ status: res.statusCode ?? 0, body: text })));
      });
      req.on('error', reject);
      req.end(body);
    });
  });
}

const applicant = (fields: Record<string, unknown>) => birthRegistration({ applicant: { idType: 'CCCD', idNumber: '001203004567', fullName: 'Võ Đặng Ngọc Giang', ...fields } });

const cases: [string, () => Promise<{ status: number; body: unknown }>, number, string][] = [
  ['a CCCD of 11 digits', () => submit({ data: applicant({ idNumber: '00120300456' }) }), 422, 'cccd-format'],
  ['a tax code with a wrong check digit', () => submit({ data: applicant({ idType: 'TAX_CODE', idNumber: '0101234567' }) }), 422, 'tax-code-check-digit'],
  ['an unknown procedure', () => submit({ data: birthRegistration({ procedureCode: '9.999999.000.00.00.H34' }) }), 422, 'known-procedure'],
  ['data that is not JSON', () => submit({ data: '{"procedureCode":' }), 400, 'json'],
  ['a file over the size limit', () => submit({ gcs: Buffer.concat([scans.giayChungSinh, Buffer.alloc(3 * 1024 * 1024)]) }), 413, 'max-size'],
  ['a Word file named .pdf', () => submit({ gcs: Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(100)]) }), 415, 'scan-type'],
  ['a truncated PDF', () => submit({ gcs: scans.giayChungSinh.subarray(0, 500) }), 422, 'pdf-corrupt'],
  ['an encrypted PDF', () => submit({ gcs: Buffer.from(scans.giayChungSinh.toString('latin1').replace(/trailer\s*<</, (m) => `${m} /Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>`), 'latin1') }), 422, 'pdf-encrypted'],
  ['a page image at 100 dpi', () => submit({ gcs: encodePng(scanRaster(3, a4Pixels(100)), 100), gcsName: 'gcs.png' }), 422, 'scan-resolution'],
  ['fewer pages than the sheets declared', async () => submit({ data: birthRegistration({ pages: { 'giay-chung-sinh': { sheets: 4 } } }) }), 422, 'page-count'],
  ['a missing component', () => submit({ gcs: null }), 422, 'required-component'],
  ['a used Idempotency-Key with another body', () => submit({ key: 'bad-input-first-0001', data: applicant({ fullName: 'Người Khác' }) }), 409, ''],
  ['a broken multipart body', async () => { const r = await brokenMultipart(); return { status: r.status, body: JSON.parse(r.body) }; }, 400, 'multipart'],
];

const sequences = () => mongoose.connection.db!.collection('sequences').countDocuments();
const files = () => mongoose.connection.db!.collection('files.files').countDocuments();

describe.each(cases)('when a submission has %s', (_what, send, status, rule) => {
  it(`then ${status}${rule ? ` (${rule})` : ''}, a JSON error in both languages, and nothing is left behind`, async () => {
    const before = { dossiers: await DossierModel.countDocuments(), files: await files(), sequences: await sequences() };
    const res = await send();
    expect(res.status).toBe(status);
    const error = (res.body as { error: { code: string; message: string; messageVi: string; violations: { rule: string }[] } }).error;
    expect(error.message).toEqual(expect.any(String));
    expect(error.messageVi).toEqual(expect.any(String));
    if (rule) expect(error.violations.map((v) => v.rule)).toContain(rule);
    expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(|node_modules|Error:/); // no stack, no library text
    expect({ dossiers: await DossierModel.countDocuments(), files: await files(), sequences: await sequences() }).toEqual(before);
  });
});

it('then a valid dossier still goes through after all of them, with the next number', async () => {
  const res = await submit({ key: 'bad-input-last-0001', data: birthRegistration({ subject: { fullName: 'Võ Đặng Minh Khôi', dateOfBirth: '2026-11-11' } }) });
  expect(res.status).toBe(202);
  expect(res.body.code).toBe('H34.29.2-261123-0002');
});
