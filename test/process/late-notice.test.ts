import request from 'supertest';
import holidays from '../../core/data/holidays.json';
import { SequenceModel } from '../../core/models/sequence.model';
import { getDossier } from '../../core/repositories/dossiers';
import { getFile } from '../../core/repositories/files';
import { listNotifications } from '../../core/repositories/notifications';
import { dossierSequenceScope } from '../../core/rules/codes';
import { beforeByWorkingHalfDays, dueDate } from '../../core/rules/working-days';
import { useTestDatabase } from '../helpers/db';
import { advanceEngineClock, completeUserTask, engineNow, eventually, waitForFlowNodes, waitForUserTask } from '../helpers/engine';
import { useDossierWorld } from '../helpers/dossier-world';
import { birthRegistration, birthRegistrationScans } from '../helpers/fixtures';
import { pdftotext } from '../pdf/poppler';
import { bearer, COMMUNE_DESK } from '../helpers/staff';

/**
 * The late path on the real engine (engine clock control): a dossier still at a staff step half a
 * working day before its due date gets the apology letter with a new appointment (form 04) before the
 * due date passes, once, while the step goes on; and the approval step's reminder and escalation. API
 * and workers run on the engine's own clock here (its timers compare the absolute `lateNoticeAt` with
 * it, and earlier tests may have moved it forward); the day's dossier numbers start at a random offset
 * so that a rerun on the same engine never repeats a dossier code.
 */
useTestDatabase();
jest.setTimeout(240_000);

const engine = { offsetMs: 0 };
const clock = () => new Date(Date.now() + engine.offsetMs);
const { app, c8 } = useDossierWorld('late-notice-test', { clock });
/** Moves the engine's clock and keeps the API's and workers' with it. */
async function advance(ms: number): Promise<void> {
  await advanceEngineClock(ms);
  engine.offsetMs = (await engineNow()) - Date.now();
}

beforeAll(async () => {
  engine.offsetMs = (await engineNow()) - Date.now();
  await SequenceModel.create({ scope: dossierSequenceScope('H34.29.2', clock(), '+07:00'), value: 2000 + Math.floor(Math.random() * 7000), sourceKey: 'late-notice-test:offset', issuedAt: clock() });
});

it('when the dossier is still at a step half a day before its due date, then form 04 with a new date goes out before the due date, once', async () => {
  const scans = await birthRegistrationScans();
  const res = await request(app).post('/api/dossiers').set('Authorization', await bearer(COMMUNE_DESK))
    .field('data', JSON.stringify(birthRegistration({ applicant: { idType: 'CCCD', idNumber: '001203006001', fullName: 'Võ Đặng Ngọc Giang', phone: '0912345678' } })))
    .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
  expect(res.status).toBe(201);
  const code = (res.body as { code: string }).code;
  const key = await eventually('instance key', async () =>
    (await request(app).get(`/api/dossiers/${code}`).set('Authorization', await bearer(COMMUNE_DESK))).body.processInstanceKey as string | undefined);
  await waitForUserTask(key, 'check-components', 'CREATED');
  const dossier = await getDossier(code);
  const lateNoticeAt = beforeByWorkingHalfDays(dossier.dueAt, 1, holidays, '+07:00');
  expect(lateNoticeAt.getTime()).toBeLessThan(dossier.dueAt.getTime());
  await waitForFlowNodes(c8, key, { 'late-at-check-components': undefined, 'issue-apology': undefined });

  // engine time passes to just after the late-notice moment, still before the due date
  await advance(Math.max(1000, lateNoticeAt.getTime() - (await engineNow()) + 60_000));
  expect(await engineNow()).toBeLessThan(dossier.dueAt.getTime());
  await waitForFlowNodes(c8, key, { 'late-at-check-components': ['COMPLETED'], 'issue-apology': ['COMPLETED'], 'check-components': ['ACTIVE'] }, 60_000);

  const late = await eventually('apology recorded', async () => ((await getDossier(code)).apology ? getDossier(code) : undefined));
  const newDueAt = dueDate(dossier.dueAt, 1, holidays, '+07:00');
  expect(late.apology).toMatchObject({ lateAt: 'check-components', signed: false });
  expect(late.apology!.newDueAt.toISOString()).toBe(newDueAt.toISOString());
  expect(late.appointmentAt?.toISOString()).toBe(newDueAt.toISOString());
  expect(late.dueAt.toISOString()).toBe(dossier.dueAt.toISOString()); // the legal due date stays: it is late
  expect(late.apology!.at.getTime()).toBeLessThan(dossier.dueAt.getTime());
  const text = await pdftotext(await getFile(late.apology!.fileId));
  expect(text).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
  expect(text).toContain('Kiểm tra thành phần hồ sơ');
  const view = await request(app).get(`/api/dossiers/${code}`).set('Authorization', await bearer(COMMUNE_DESK));
  expect(view.body).toMatchObject({ dueAt: dossier.dueAt.toISOString(), appointmentAt: newDueAt.toISOString(), apology: { lateAt: 'check-components' } });
  expect((await listNotifications(code)).filter((n) => n.key === `apology:${code}`)).toHaveLength(1);

  // the next step's timer is already past: it fires at once, and no second letter goes out
  await completeUserTask(key, 'check-components', { componentsDecision: 'accept', componentsNote: 'Đủ' });
  await waitForFlowNodes(c8, key, { 'late-at-review-dossier': ['COMPLETED'], 'issue-apology': ['COMPLETED', 'COMPLETED'], 'review-dossier': ['ACTIVE'] }, 60_000);
  const after = await getDossier(code);
  expect(after.history.filter((h) => h.step === 'issue-apology')).toHaveLength(1);
  expect((await listNotifications(code)).filter((n) => n.key.startsWith('apology:'))).toHaveLength(1);
});

it('when the draft waits for the leader beyond the approval step\'s deadline, then the leaders are reminded, then the head is told, once each', async () => {
  const scans = await birthRegistrationScans();
  const res = await request(app).post('/api/dossiers').set('Authorization', await bearer(COMMUNE_DESK))
    .field('data', JSON.stringify(birthRegistration({ applicant: { idType: 'CCCD', idNumber: '001203006002', fullName: 'Võ Đặng Ngọc Giang', phone: '0912345678' } })))
    .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
  const code = (res.body as { code: string }).code;
  const key = await eventually('instance key', async () =>
    (await request(app).get(`/api/dossiers/${code}`).set('Authorization', await bearer(COMMUNE_DESK))).body.processInstanceKey as string | undefined);
  await completeUserTask(key, 'check-components', { componentsDecision: 'accept', componentsNote: 'Đủ' });
  await completeUserTask(key, 'review-dossier', { reviewDecision: 'accept', reviewOpinion: 'Đạt', reviewerName: 'Lê Thị Hộ Tịch' });
  await waitForUserTask(key, 'approve-result', 'CREATED');
  const submittedAt = (await getDossier(code)).draft!.renderedAt;
  // a one-day procedure: the approval may take half a day, then as long again before the head is told
  const remindAt = dueDate(submittedAt, 0.5, holidays, '+07:00').getTime();
  const escalateAt = dueDate(submittedAt, 1, holidays, '+07:00').getTime();
  expect(remindAt).toBeGreaterThan(await engineNow());
  await waitForFlowNodes(c8, key, { 'approval-overdue': undefined, 'remind-approval': undefined });
  await advance(remindAt - (await engineNow()) + 60_000);
  await waitForFlowNodes(c8, key, { 'approval-overdue': ['COMPLETED'], 'remind-approval': ['COMPLETED'], 'approve-result': ['ACTIVE'] }, 60_000);
  expect(escalateAt).toBeGreaterThan(await engineNow());
  expect((await eventually('reminder recorded', async () => (await getDossier(code)).approvalAlerts))?.map((a) => a.kind)).toEqual(['reminder']);
  await advance(escalateAt - (await engineNow()) + 60_000);
  await waitForFlowNodes(c8, key, { 'approval-escalation-due': ['COMPLETED'], 'escalate-approval': ['COMPLETED'], 'approve-result': ['ACTIVE'] }, 60_000);
  const dossier = await eventually('both alerts', async () => ((d) => (d.approvalAlerts?.length === 2 ? d : undefined))(await getDossier(code)));
  expect(dossier.approvalAlerts).toEqual([
    expect.objectContaining({ kind: 'reminder', draftVersion: 1, sent: true }),
    expect.objectContaining({ kind: 'escalation', draftVersion: 1, sent: true }),
  ]);
  const texts = await listNotifications(code);
  expect(texts.filter((n) => n.key === `approval-reminder:${code}:1`).map((n) => n.to)).toEqual(['0905000101']);
  expect(texts.filter((n) => n.key === `approval-escalation:${code}:1`).map((n) => n.to)).toEqual(['0905000100']);
});
