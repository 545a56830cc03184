import request from 'supertest';
import { createApp } from '../../api/app';
import { timingOf } from '../../api/dossiers/control-sheet';
import { createCamunda, createEngine } from '../../core/adapters/camunda';
import { createLogger } from '../../core/logger';
import { recordStep } from '../../core/repositories/dossiers';
import { useTestDatabase } from '../helpers/db';
import { birthRegistration, birthRegistrationScans, realmPerson, testConfig } from '../helpers/fixtures';
import { bearer, COMMUNE_DESK, staffVerifier } from '../helpers/staff';
import { pdftotext } from '../pdf/poppler';

/**
 * The processing control sheet (form 06) from the audit log: each recorded step with who did it and when,
 * marked before, on or after the due date; for the agency's staff only.
 */
useTestDatabase();
jest.setTimeout(120_000);

const config = testConfig({ ZEEBE_REST_ADDRESS: 'http://127.0.0.1:9', ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:9' });
// Monday 23/11/2026 09:30 in Vietnam: a one-day procedure is due Tuesday 24/11 at 09:30 … 17:00
const receivedAt = new Date('2026-11-23T02:30:00Z');
const app = createApp({ config, engine: createEngine(createCamunda(config), config), log: createLogger('test', 'silent'), now: () => receivedAt, verifier: staffVerifier() });
const officer = realmPerson('dakla.motcua');

describe('timingOf', () => {
  const due = new Date('2026-11-24T10:00:00Z'); // 17:00 local
  it('when a step is done a day before the due day, on the due day, or after the due time, then it is before, on, or after time', () => {
    expect(timingOf(new Date('2026-11-23T09:00:00Z'), due, '+07:00')).toBe('Trước hạn');
    expect(timingOf(new Date('2026-11-24T01:00:00Z'), due, '+07:00')).toBe('Đúng hạn');
    expect(timingOf(new Date('2026-11-24T10:00:01Z'), due, '+07:00')).toBe('Quá hạn');
  });
});

it('when a dossier has been worked on, then its control sheet lists each step, who did it and when, and marks the late one', async () => {
  const scans = await birthRegistrationScans();
  const res = await request(app).post('/api/dossiers').set('Authorization', await bearer(COMMUNE_DESK))
    .field('data', JSON.stringify(birthRegistration())).attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
  expect(res.status).toBe(202);
  const code = res.body.code as string;
  await recordStep(code, 'sign-scan', { actor: officer.name, note: 'Ký số 1 bản số hóa' }, new Date('2026-11-23T03:00:00Z'));
  await recordStep(code, 'review-dossier:2251799813699999', { actor: 'Lê Thị Hộ Tịch', actorSubject: 'sub-hotich', note: 'Đạt' }, new Date('2026-11-25T02:00:00Z'));

  const sheet = await request(app).get(`/api/dossiers/${code}/control-sheet`).set('Authorization', await bearer(COMMUNE_DESK));
  expect(sheet.status).toBe(200);
  expect(sheet.type).toBe('application/pdf');
  const text = (await pdftotext(sheet.body as Buffer)).replace(/\s+/g, ' ');
  for (const expected of [
    'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', `Mã hồ sơ: ${code}`, 'Thời gian nhận hồ sơ: 09 giờ 30 phút, ngày 23/11/2026',
    'Tiếp nhận hồ sơ', officer.name, 'Ký số cá nhân lên bản số hóa', 'Hệ thống', 'Thẩm định hồ sơ', 'Lê Thị Hộ Tịch', 'Quá hạn', 'Trước hạn',
  ]) expect(text).toContain(expected);

  // another agency's staff do not see it
  expect((await request(app).get(`/api/dossiers/${code}/control-sheet`).set('Authorization', await bearer('stnmt-gialai.motcua'))).status).toBe(404);
});
