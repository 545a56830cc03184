import request from 'supertest';
import holidays from '../../core/data/holidays.json';
import { getDossier } from '../../core/repositories/dossiers';
import { getFile } from '../../core/repositories/files';
import { listNotifications } from '../../core/repositories/notifications';
import { renderTestScan } from '../../core/pdf/render-result';
import { extendByWorkingHalfDays, workingHalfDaysBetween } from '../../core/rules/working-days';
import { useTestDatabase } from '../helpers/db';
import { completeUserTask, eventually, waitForFlowNodes, waitForOperateState, waitForUserTask } from '../helpers/engine';
import { useDossierWorld } from '../helpers/dossier-world';
import { birthRegistration, birthRegistrationScans, realmPerson } from '../helpers/fixtures';
import { pdfsig } from '../helpers/pdfsig';
import { pdftotext } from '../pdf/poppler';
import { bearer, COMMUNE_DESK } from '../helpers/staff';

/**
 * The specialist's review on the real engine beyond "accept" (Decree 61/2018 art. 19; TT 03/2025 forms
 * 02, 03, 05): a supplement asked at review stops the deadline clock until the applicant brings it (the
 * due date then moves by exactly the working time that stood still); a supplement that does not come in
 * time stops the processing (form 05); a refusal is signed by the specialist. Decisions go through the
 * API with the specialist's own login. One clock for API and workers, on a day of this file's own within
 * the certificates' validity, which the test moves forward to let working days pass.
 */
useTestDatabase();
jest.setTimeout(240_000);

const DAY = 24 * 3600_000;
const ownDay = (30 + Math.floor(Math.random() * 600)) * DAY;
const clock = { skewMs: 0 };
const { app, c8, sms } = useDossierWorld('review-decisions-test', {
  config: { INTAKE_SUPPLEMENT_WAIT: 'PT20S' },
  clock: () => new Date(Date.now() + ownDay + clock.skewMs),
});
const specialist = realmPerson('dakla.hotich');
const PHONE = '0912345678';

async function submitAndAccept(idNumber: string) {
  const scans = await birthRegistrationScans();
  const res = await request(app).post('/api/dossiers').set('Authorization', await bearer(COMMUNE_DESK))
    .field('data', JSON.stringify(birthRegistration({ applicant: { idType: 'CCCD', idNumber, fullName: 'Võ Đặng Ngọc Giang', phone: PHONE } })))
    .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
  expect(res.status).toBe(201);
  const code = (res.body as { code: string }).code;
  const key = await eventually('instance key', async () =>
    (await request(app).get(`/api/dossiers/${code}`).set('Authorization', await bearer(COMMUNE_DESK))).body.processInstanceKey as string | undefined);
  await completeUserTask(key, 'check-components', { componentsDecision: 'accept', componentsNote: 'Đủ thành phần' });
  await waitForUserTask(key, 'review-dossier', 'CREATED');
  return { code, key };
}

/** The specialist's decision on the desk; Tasklist (which the API asks for the task) trails the engine by a second or two. */
async function review(code: string, body: Record<string, unknown>, username = specialist.username) {
  return eventually(`review of ${code}`, async () => {
    const res = await request(app).post(`/api/dossiers/${code}/review`).set('Authorization', await bearer(username)).send(body);
    return res.status === 409 && /không ở bước/.test(JSON.stringify(res.body)) ? undefined : res;
  });
}

describe('the specialist\'s review on the Camunda 8.6 engine', () => {
  it('when the specialist asks for a supplement, then form 02 is signed by them, the clock stops, and the due date moves by the working time it stood still', async () => {
    const { code, key } = await submitAndAccept('001203004567');
    const before = await getDossier(code);
    const asked = await review(code, { decision: 'supplement', opinion: 'Bổ sung bản sao giấy đăng ký kết hôn của cha mẹ' });
    expect(asked.status).toBe(202);
    await waitForFlowNodes(c8, key, { 'wait-review-supplement': ['ACTIVE'], 'render-draft': undefined });
    const waiting = await eventually('round recorded', async () => ((await getDossier(code)).supplements?.[0]?.noticeFileId ? getDossier(code) : undefined));
    expect(waiting.status).toBe('awaiting-supplement');
    expect(waiting.reviewDecisions).toEqual([expect.objectContaining({ decision: 'supplement', by: specialist.id, name: specialist.name })]);
    const round = waiting.supplements![0]!;
    expect(round).toMatchObject({ round: 1, phase: 'review', requestedBy: specialist.id, noticeSigned: true, state: 'requested' });
    const notice = await getFile(round.noticeFileId);
    expect((await pdfsig(notice)).signatures).toEqual([{ signerName: specialist.name, valid: true }]);
    expect(await pdftotext(notice)).toContain('Bổ sung bản sao giấy đăng ký kết hôn của cha mẹ');
    // the outbox's dispatcher sends it within a few seconds, once
    await eventually('the supplement SMS', async () => (sms.messages.some((m) => m.message.includes(code) && m.message.includes('bo sung')) ? true : undefined), 30_000);
    expect(sms.messages.filter((m) => m.message.includes(code) && m.message.includes('bo sung'))).toHaveLength(1);

    // two weeks go by before the applicant comes back: every working half-day of them stood still
    clock.skewMs += 14 * DAY;
    const res = await request(app).post(`/api/dossiers/${code}/supplement`).set('Authorization', await bearer(COMMUNE_DESK))
      .attach('to-khai', await renderTestScan(1, 'Tờ khai đăng ký khai sinh (bổ sung)'), 'to-khai.pdf');
    expect(res.status).toBe(202);
    const after = await getDossier(code);
    const received = after.supplements![0]!;
    const paused = workingHalfDaysBetween(received.requestedAt, received.receivedAt!, holidays, '+07:00');
    expect(paused).toBeGreaterThanOrEqual(12); // two weeks hold at least 6 working days, even over Tết
    expect(received.pausedHalfDays).toBe(paused);
    expect(after.dueAt.toISOString()).toBe(extendByWorkingHalfDays(before.dueAt, paused, holidays, '+07:00').toISOString());
    expect(after.dueAt.getTime()).toBeGreaterThan(before.dueAt.getTime() + 7 * DAY);
    // the status answer shows the new due date
    const view = await request(app).get(`/api/dossiers/${code}`).set('Authorization', await bearer(COMMUNE_DESK));
    expect(view.body.dueAt).toBe(after.dueAt.toISOString());

    // the process resumes at the desk's check of what was brought, then goes on to the review again
    await waitForFlowNodes(c8, key, { 'review-supplemented': ['COMPLETED'], 'check-components': ['COMPLETED', 'ACTIVE'] });
    await completeUserTask(key, 'check-components', { componentsDecision: 'accept', componentsNote: 'Đã bổ sung' });
    await waitForUserTask(key, 'review-dossier', 'CREATED');
  });

  it('when the supplement does not come in time, then processing stops with form 05 and the applicant is told', async () => {
    const { code, key } = await submitAndAccept('001203004568');
    expect((await review(code, { decision: 'supplement', opinion: 'Bổ sung giấy tờ chứng minh nơi cư trú' })).status).toBe(202);
    // INTAKE_SUPPLEMENT_WAIT is 20 s in this file
    await waitForOperateState(c8, key, 'COMPLETED');
    await waitForFlowNodes(c8, key, { 'review-supplement-wait-over': ['COMPLETED'], 'stop-processing': ['COMPLETED'], 'processing-stopped': ['COMPLETED'], 'render-draft': undefined });
    const dossier = await getDossier(code);
    expect(dossier.status).toBe('stopped');
    expect(dossier.stop).toMatchObject({ signed: false, reason: expect.stringContaining('Bổ sung giấy tờ chứng minh nơi cư trú') });
    const text = await pdftotext(await getFile(dossier.stop!.fileId));
    expect(text).toMatch(/DỪNG/i);
    expect(text).toContain('Quá thời hạn bổ sung');
    // no one did this step: no one's key signed the notice
    expect((await pdfsig(await getFile(dossier.stop!.fileId))).signatures).toEqual([]);
    const told = await listNotifications(code);
    expect(told.map((n) => n.key)).toEqual(expect.arrayContaining([`stop:${code}`]));
    expect(told.find((n) => n.key === `stop:${code}`)!.text).toContain('đã dừng giải quyết');
    const asDesk = await request(app).get(`/api/dossiers/${code}/notices/stop`).set('Authorization', await bearer(COMMUNE_DESK));
    expect(asDesk.status).toBe(200);
    expect(asDesk.headers['x-notice-sha256']).toBe(dossier.stop!.sha256);
    const publicView = await request(app).get(`/api/public/dossiers/${code}`);
    expect(publicView.body).toMatchObject({ status: 'stopped', statusText: expect.stringMatching(/dừng giải quyết/i) });
  });

  it('when the specialist refuses, then the refusal (form 03) is signed by them and says why', async () => {
    const { code, key } = await submitAndAccept('001203004569');
    expect((await review(code, { decision: 'refuse', opinion: 'Người yêu cầu không có quyền đăng ký khai sinh cho trẻ' })).status).toBe(202);
    await waitForOperateState(c8, key, 'COMPLETED');
    await waitForFlowNodes(c8, key, { 'refuse-dossier': ['COMPLETED'], 'dossier-refused': ['COMPLETED'], 'render-draft': undefined });
    const dossier = await getDossier(code);
    expect(dossier.status).toBe('refused');
    expect(dossier.refusal).toMatchObject({ source: 'review', by: specialist.id, byName: specialist.name, signed: true, reason: 'Người yêu cầu không có quyền đăng ký khai sinh cho trẻ' });
    expect((await pdfsig(await getFile(dossier.refusal!.fileId))).signatures).toEqual([{ signerName: specialist.name, valid: true }]);
  });

  it('when the review is sent without the civil-status entry, with a wrong field, or by the one-stop officer, then it is refused with the field named', async () => {
    const { code } = await submitAndAccept('001203004570');
    const missing = await review(code, { decision: 'accept', opinion: 'Đạt' });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(missing.body)).toContain('"field":"record"');
    const wrong = await review(code, { decision: 'accept', record: { sex: 'M', placeOfBirth: 'Bệnh viện', ethnicity: 'Kinh', mother: { fullName: 'Võ Đặng Ngọc Giang' } } });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('record.sex');
    const noParent = await review(code, { decision: 'accept', record: { sex: 'Nam', placeOfBirth: 'Bệnh viện Đa khoa tỉnh Kon Tum', ethnicity: 'Kinh' } });
    expect(noParent.status).toBe(400);
    expect(JSON.stringify(noParent.body)).toContain('parent-required');
    const byDesk = await review(code, { decision: 'refuse', opinion: 'Không đủ điều kiện' }, COMMUNE_DESK);
    expect(byDesk.status).toBe(403);
    // nothing of it reached the dossier
    expect((await getDossier(code)).reviewDecisions ?? []).toEqual([]);
  });
});
