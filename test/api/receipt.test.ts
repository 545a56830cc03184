import { readFileSync } from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createCamunda, createEngine } from '../../core/adapters/camunda';
import { createFileKeyStore } from '../../core/adapters/signer/key-store';
import { createLogger } from '../../core/logger';
import { DossierModel } from '../../core/models/dossier.model';
import { receiptDateTime } from '../../core/rules/local-time';
import { useTestDatabase } from '../helpers/db';
import { birthRegistration, birthRegistrationScans, makeTestCertificates, realmPerson, testConfig } from '../helpers/fixtures';
import { pdfsig, signerCertificates } from '../helpers/pdfsig';
import { bearer, staffVerifier } from '../helpers/staff';
import { pdftotext } from '../pdf/poppler';

/**
 * The receipt and appointment slip (form 01) and the public lookup its QR code opens: the real database
 * and Keycloak, certificates made for this run; the engine out of reach (dossiers answer 202).
 */
useTestDatabase();
jest.setTimeout(120_000);

const certs = makeTestCertificates();
const config = testConfig({ ZEEBE_REST_ADDRESS: 'http://127.0.0.1:9', ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:9', PUBLIC_BASE_URL: 'https://dichvucong.example.gov.vn' });
const log = createLogger('test', 'silent');
const engine = createEngine(createCamunda(config), config);
const now = () => new Date('2026-11-23T02:30:00Z');
const keys = createFileKeyStore(certs.dir, certs.passphrase);
const app = createApp({ config, engine, log, now, verifier: staffVerifier(), keys });
const withoutKeys = createApp({ config, engine, log, now, verifier: staffVerifier() });
const officer = realmPerson('dakla.motcua');

async function receive(target = app, key?: string) {
  const scans = await birthRegistrationScans();
  let req = request(target).post('/api/dossiers').set('Authorization', await bearer(officer.username));
  if (key) req = req.set('Idempotency-Key', key);
  const res = await req.field('data', JSON.stringify(birthRegistration()))
    .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
  expect(res.status).toBe(202);
  return res.body.code as string;
}

describe('receipt and appointment slip', () => {
  it('when a dossier is received, then its receipt is signed by that officer and reads, with its diacritics, what was received and when the result is due', async () => {
    const code = await receive();
    const res = await request(app).get(`/api/dossiers/${code}/receipt`).set('Authorization', await bearer(officer.username));
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect((await pdfsig(pdf)).signatures).toEqual([{ signerName: officer.name, valid: true }]);
    const [cert] = await signerCertificates(pdf);
    expect(cert?.equals(new X509Certificate(readFileSync(path.join(certs.dir, 'people', `${officer.id}.pem`))).raw)).toBe(true);
    const dossier = await DossierModel.findOne({ code }).lean();
    const text = (await pdftotext(pdf)).replace(/\s+/g, ' ');
    for (const expected of [
      'PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', `Mã hồ sơ: ${code}`, 'UBND xã Đắk La', 'Võ Đặng Ngọc Giang', 'Đăng ký khai sinh',
      'Tờ khai đăng ký khai sinh theo mẫu — bản chính, số lượng: 1', 'Bản chính Giấy chứng sinh', '1 ngày làm việc',
      `Thời gian nhận hồ sơ: ${receiptDateTime(dossier!.receivedAt, '+07:00')}`, `Thời gian trả kết quả giải quyết hồ sơ: ${receiptDateTime(dossier!.dueAt, '+07:00')}`,
      'Không thu phí, lệ phí', `https://dichvucong.example.gov.vn/tra-cuu/${code}`,
    ]) expect(text).toContain(expected);
    expect(receiptDateTime(dossier!.receivedAt, '+07:00')).toBe('09 giờ 30 phút, ngày 23/11/2026');
  });

  it('when two extra copies of the extract are asked for, then the receipt says what they cost', async () => {
    const scans = await birthRegistrationScans();
    const res = await request(app).post('/api/dossiers').set('Authorization', await bearer(officer.username))
      .field('data', JSON.stringify(birthRegistration({ resultCopies: 2 })))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
    expect(res.status).toBe(202);
    expect(res.body.fee).toMatchObject({ total: 16000 });
    const receipt = await request(app).get(`/api/dossiers/${res.body.code}/receipt`).set('Authorization', await bearer(officer.username));
    const text = (await pdftotext(receipt.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain('Không thu phí, lệ phí; bản sao kết quả cấp thêm: 2 × 8.000 đồng = 16.000 đồng');
  });

  it('when a dossier comes by post, then the receipt says so and names the address it is mailed to', async () => {
    const scans = await birthRegistrationScans();
    const address = 'Thôn 2, xã Đắk La, tỉnh Kon Tum';
    const res = await request(app).post('/api/dossiers').set('Authorization', await bearer(officer.username))
      .field('data', JSON.stringify(birthRegistration({ channel: 'post', applicant: { idType: 'CCCD', idNumber: '001203004567', fullName: 'Võ Đặng Ngọc Giang', address } })))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
    expect(res.status).toBe(202);
    const receipt = await request(app).get(`/api/dossiers/${res.body.code}/receipt`).set('Authorization', await bearer(officer.username));
    const text = (await pdftotext(receipt.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain(`Hồ sơ nhận qua dịch vụ bưu chính; phiếu này và kết quả gửi đến: ${address}`);
  });

  it('when another member of the agency reads it later, then they get the same signed file', async () => {
    const code = await receive();
    const first = await request(app).get(`/api/dossiers/${code}/receipt`).set('Authorization', await bearer(officer.username));
    const again = await request(app).get(`/api/dossiers/${code}/receipt`).set('Authorization', await bearer('dakla.hotich'));
    expect(again.status).toBe(200);
    expect(again.headers['x-receipt-sha256']).toBe(first.headers['x-receipt-sha256']);
    expect((await request(app).get(`/api/dossiers/${code}/receipt`).set('Authorization', await bearer('stnmt-gialai.motcua'))).status).toBe(404);
  });

  it('when signing was not possible at intake, then only the receiving officer can have it made later, never someone else in their name', async () => {
    const code = await receive(withoutKeys);
    expect((await DossierModel.findOne({ code }).lean())?.receipt).toBeUndefined();
    const other = await request(app).get(`/api/dossiers/${code}/receipt`).set('Authorization', await bearer('dakla.hotich'));
    expect(other.status).toBe(409);
    expect(other.body.error.messageVi).toMatch(/cán bộ đã tiếp nhận/);
    const own = await request(app).get(`/api/dossiers/${code}/receipt`).set('Authorization', await bearer(officer.username));
    expect(own.status).toBe(200);
    expect((await pdfsig(own.body as Buffer)).signatures).toEqual([{ signerName: officer.name, valid: true }]);
  });
});

describe('public lookup (what the QR code opens)', () => {
  it('when anyone looks a dossier up by its code, then they see its status and dates, and no personal data', async () => {
    const code = await receive();
    const res = await request(app).get(`/api/public/dossiers/${code}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code, procedure: 'Đăng ký khai sinh', agency: 'UBND xã Đắk La', status: 'received', statusText: 'Đã tiếp nhận, đang giải quyết' });
    const body = JSON.stringify(res.body);
    for (const secret of ['Võ Đặng', '001203004567', '0912345678', 'Nguyễn Văn An']) expect(body).not.toContain(secret);
    const page = await request(app).get(`/tra-cuu/${code}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Đã tiếp nhận, đang giải quyết');
    expect(page.text).not.toContain('Võ Đặng');
  });

  it('when the code is unknown or not a code, then 404, and what was typed comes back escaped', async () => {
    expect((await request(app).get('/api/public/dossiers/H34.29.2-261123-9999')).status).toBe(404);
    expect((await request(app).get('/api/public/dossiers/..%2F..%2Fetc')).status).toBe(404);
    const page = await request(app).get('/tra-cuu/%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(page.status).toBe(404);
    expect(page.text).not.toContain('<script>');
    expect(page.text).toContain('&#60;script&#62;');
  });
});
