import request from 'supertest';
import { getDossier } from '../../core/repositories/dossiers';
import { findFileByKey, getFile } from '../../core/repositories/files';
import { listNotifications } from '../../core/repositories/notifications';
import { renderTestScan } from '../../core/pdf/render-result';
import { useTestDatabase } from '../helpers/db';
import { completeUserTask, eventually, waitForFlowNodes, waitForUserTask } from '../helpers/engine';
import { useDossierWorld } from '../helpers/dossier-world';
import { birthRegistration, birthRegistrationScans, realmPerson } from '../helpers/fixtures';
import { bearer, COMMUNE_DESK } from '../helpers/staff';

/**
 * Consultation (xin ý kiến) during review on the real engine: the specialist asks another agency; the
 * process waits for the reply message, reminds the agency after CONSULTATION_REMIND_AFTER (here 3 s) and
 * goes on without it after CONSULTATION_WAIT (here 40 s). The reply — sent by that agency's specialist
 * with their own login — is kept as an intermediate document, flagged not a procedure result, and the
 * review comes back to the specialist.
 */
useTestDatabase();
jest.setTimeout(240_000);

const { app, c8 } = useDossierWorld('consultation-test', { config: { CONSULTATION_REMIND_AFTER: 'PT3S', CONSULTATION_WAIT: 'PT40S' } });
const specialist = realmPerson('dakla.hotich');
const consulted = realmPerson('stnmt-gialai.chuyenvien');
const CONSULTED_AGENCY = '000.00.14.H21';

async function atReview(idNumber: string) {
  const scans = await birthRegistrationScans();
  const res = await request(app).post('/api/dossiers').set('Authorization', await bearer(COMMUNE_DESK))
    .field('data', JSON.stringify(birthRegistration({ applicant: { idType: 'CCCD', idNumber, fullName: 'Võ Đặng Ngọc Giang', phone: '0912345678' } })))
    .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
  const code = (res.body as { code: string }).code;
  const key = await eventually('instance key', async () =>
    (await request(app).get(`/api/dossiers/${code}`).set('Authorization', await bearer(COMMUNE_DESK))).body.processInstanceKey as string | undefined);
  await completeUserTask(key, 'check-components', { componentsDecision: 'accept', componentsNote: 'Đủ' });
  await waitForUserTask(key, 'review-dossier', 'CREATED');
  const asked = await eventually('consult', async () => {
    const r = await request(app).post(`/api/dossiers/${code}/review`).set('Authorization', await bearer(specialist.username))
      .send({ decision: 'consult', agencyCode: CONSULTED_AGENCY, opinion: 'Đề nghị cho ý kiến về nơi cư trú của người mẹ' });
    return r.status === 409 ? undefined : r;
  });
  expect(asked.status).toBe(202);
  await waitForFlowNodes(c8, key, { 'request-consultation': ['COMPLETED'], 'await-consultation-reply': ['ACTIVE'] });
  return { code, key };
}

const reply = async (code: string, username: string, pdf: Buffer, round = 1) =>
  request(app).post(`/api/dossiers/${code}/consultations/${round}/reply`).set('Authorization', await bearer(username))
    .field('data', JSON.stringify({ opinion: 'Người mẹ cư trú hợp pháp tại địa phương' })).attach('reply', pdf, 'tra-loi.pdf');

describe('consultation during review on the Camunda 8.6 engine', () => {
  it('when another agency is consulted, then it is reminded, replies with its own login, and the reply comes back to the review as an intermediate document', async () => {
    const { code, key } = await atReview('001203007001');
    const asked = (await getDossier(code)).consultations![0]!;
    expect(asked).toMatchObject({ round: 1, agencyCode: CONSULTED_AGENCY, question: 'Đề nghị cho ý kiến về nơi cư trú của người mẹ', requestedBy: specialist.id, state: 'requested' });
    // the agency is told, and reminded after CONSULTATION_REMIND_AFTER; the wait goes on
    await waitForFlowNodes(c8, key, { 'consultation-reminder-due': ['COMPLETED'], 'remind-consultation': ['COMPLETED'], 'await-consultation-reply': ['ACTIVE'] }, 60_000);
    const texts = await listNotifications(code);
    expect(texts.filter((n) => n.key.startsWith('consultation-')).map((n) => [n.key.split(':')[0], n.to])).toEqual([
      ['consultation-request', '0905000201'], ['consultation-reminder', '0905000201'],
    ]);

    const letter = await renderTestScan(1, 'Công văn trả lời xin ý kiến');
    // the dossier's own agency is not the one asked; a picture is not a letter
    expect((await reply(code, specialist.username, letter)).status).toBe(404);
    expect((await reply(code, consulted.username, Buffer.from('not a pdf'))).status).toBe(422);
    const answered = await reply(code, consulted.username, letter);
    expect(answered.status).toBe(202);
    expect((await reply(code, consulted.username, letter)).status).toBe(409);

    await waitForFlowNodes(c8, key, { 'await-consultation-reply': ['COMPLETED'], 'consultation-wait-over': undefined, 'review-dossier': ['COMPLETED', 'ACTIVE'] }, 60_000);
    const dossier = await getDossier(code);
    expect(dossier.consultations![0]).toMatchObject({ state: 'replied', reply: { opinion: 'Người mẹ cư trú hợp pháp tại địa phương', by: consulted.id, message: 'published' } });
    const stored = await findFileByKey(`consultation-reply:${code}:1`);
    expect(stored?.metadata).toMatchObject({ kind: 'consultation-reply', intermediate: true, procedureResult: false, issuer: 'Sở Tài nguyên và Môi trường tỉnh Gia Lai' });
    expect((await getFile(stored!.id)).equals(letter)).toBe(true);
    expect(dossier.history.map((h) => h.step)).toEqual(expect.arrayContaining(['request-consultation', 'consultation-reply:1']));
  });

  it('when no reply comes within the wait, then the review goes on without it', async () => {
    const { code, key } = await atReview('001203007002');
    await waitForFlowNodes(c8, key, { 'consultation-wait-over': ['COMPLETED'], 'await-consultation-reply': ['TERMINATED'], 'review-dossier': ['COMPLETED', 'ACTIVE'] }, 90_000);
    expect((await getDossier(code)).consultations![0]!.state).toBe('requested');
    // a late reply is still kept with the dossier (the specialist may read it); no process waits for it
    expect((await reply(code, consulted.username, await renderTestScan(1, 'Trả lời muộn'))).status).toBe(202);
    await waitForUserTask(key, 'review-dossier', 'CREATED');
  });
});
