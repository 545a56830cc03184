import request from 'supertest';
import { DossierModel } from '../../core/models/dossier.model';
import { SequenceModel } from '../../core/models/sequence.model';
import { getDossier } from '../../core/repositories/dossiers';
import { findFileByKey } from '../../core/repositories/files';
import { listNotifications } from '../../core/repositories/notifications';
import { renderTestScan } from '../../core/pdf/render-result';
import { useTestDatabase } from '../helpers/db';
import { completeUserTask, eventually, waitForFlowNodes, waitForOperateState, waitForUserTask } from '../helpers/engine';
import { useDossierWorld } from '../helpers/dossier-world';
import { birthRegistration, birthRegistrationScans, realmPerson } from '../helpers/fixtures';
import { leaderDecides, pendingRequestOf, phone } from '../helpers/leader';
import { bearer, COMMUNE_DESK } from '../helpers/staff';

/**
 * Withdrawal by the applicant (recorded at the desk) on the real engine, in each phase of the dossier:
 * the interrupting event sub-process `withdrawal` ends whatever was waiting — a user task, an event
 * gateway with its timer, the wait for the leader's confirmation — and no number or result is left
 * behind, even when the leader confirms the signature afterwards. Once the clerk has claimed the dossier
 * for numbering, a withdrawal is refused.
 */
useTestDatabase();
jest.setTimeout(300_000);

const { app, c8, config, signing, logLines } = useDossierWorld('withdrawal-test', { config: { INTAKE_SUPPLEMENT_WAIT: 'PT10M' } });
const leader = realmPerson('dakla.lanhdao');

async function submit(idNumber: string) {
  const scans = await birthRegistrationScans();
  const res = await request(app).post('/api/dossiers').set('Authorization', await bearer(COMMUNE_DESK))
    .field('data', JSON.stringify(birthRegistration({ applicant: { idType: 'CCCD', idNumber, fullName: 'Võ Đặng Ngọc Giang', phone: '0912345678' } })))
    .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
  expect(res.status).toBe(201);
  const code = (res.body as { code: string }).code;
  const key = await eventually('instance key', async () =>
    (await request(app).get(`/api/dossiers/${code}`).set('Authorization', await bearer(COMMUNE_DESK))).body.processInstanceKey as string | undefined);
  return { code, key };
}

const withdraw = async (code: string, reason = 'Người nộp muốn nộp lại hồ sơ khác') =>
  request(app).post(`/api/dossiers/${code}/withdrawal`).set('Authorization', await bearer(COMMUNE_DESK)).send({ reason });

/** The dossier ended as withdrawn: the sub-process ran, nothing numbered or issued, the applicant told once. */
async function expectWithdrawn(code: string, key: string, interrupted: Record<string, string[]>) {
  await waitForOperateState(c8, key, 'COMPLETED');
  await waitForFlowNodes(c8, key, {
    ...interrupted, 'dossier-withdrawn': ['COMPLETED'], 'withdraw-dossier': ['COMPLETED'], 'dossier-closed-withdrawn': ['COMPLETED'],
    'issue-result': undefined, 'result-returned': undefined,
  });
  const dossier = await eventually('closed', async () => ((await getDossier(code)).withdrawal?.closedAt ? getDossier(code) : undefined));
  // (the steps in the failure message, should another step ever set the status afterwards)
  expect({ status: dossier.status, steps: dossier.history.map((h) => `${h.step}@${h.at.toISOString()}`) }).toMatchObject({ status: 'withdrawn' });
  expect({ withdrawal: dossier.withdrawal, warnings: logLines.filter((l) => l.includes(code) && /"level":(40|50)/.test(l)) })
    .toMatchObject({ withdrawal: { reason: 'Người nộp muốn nộp lại hồ sơ khác', message: 'published' } });
  expect(dossier.result?.documentNumber).toBeUndefined();
  expect(dossier.issuingSince).toBeUndefined();
  expect(await SequenceModel.countDocuments({ sourceKey: `docnum:${code}` })).toBe(0);
  expect(await findFileByKey(`result:${code}`)).toBeUndefined();
  expect((await listNotifications(code)).filter((n) => n.key === `withdrawn:${code}`)).toHaveLength(1);
  return dossier;
}

describe('withdrawal in each phase on the Camunda 8.6 engine', () => {
  it('when withdrawn at the components check, then the task is cancelled and the dossier closed', async () => {
    const { code, key } = await submit('001203005001');
    await waitForUserTask(key, 'check-components', 'CREATED');
    const res = await withdraw(code);
    expect(res.status).toBe(202);
    await expectWithdrawn(code, key, { 'check-components': ['TERMINATED'] });
    // a second request (a retry after a lost answer) answers with the same withdrawal, recorded once
    const again = await withdraw(code, 'Lý do khác');
    expect(again.status).toBe(202);
    expect(again.body.status).toBe('withdrawn');
    const d = await getDossier(code);
    expect(d.withdrawal?.reason).toBe('Người nộp muốn nộp lại hồ sơ khác');
    expect(d.history.filter((h) => h.step === 'withdrawal')).toHaveLength(1);
  });

  it('when withdrawn while the applicant was asked for a supplement, then the wait and its timer end, and a late supplement is refused', async () => {
    const { code, key } = await submit('001203005002');
    await waitForUserTask(key, 'check-components', 'CREATED');
    await eventually('supplement decision', async () => {
      const r = await request(app).post(`/api/dossiers/${code}/intake-decision`).set('Authorization', await bearer(COMMUNE_DESK)).send({ decision: 'supplement', note: 'Bổ sung bản chính giấy chứng sinh' });
      return r.status === 409 ? undefined : r;
    });
    await waitForFlowNodes(c8, key, { 'wait-supplement': ['ACTIVE'] });
    expect((await withdraw(code)).status).toBe(202);
    await expectWithdrawn(code, key, { 'wait-supplement': ['TERMINATED'] });
    const late = await request(app).post(`/api/dossiers/${code}/supplement`).set('Authorization', await bearer(COMMUNE_DESK))
      .attach('giay-chung-sinh', await renderTestScan(2, 'Giấy chứng sinh'), 'gcs.pdf');
    expect(late.status).toBe(409);
  });

  it('when withdrawn during the review, then the specialist\'s task is cancelled', async () => {
    const { code, key } = await submit('001203005003');
    await completeUserTask(key, 'check-components', { componentsDecision: 'accept', componentsNote: 'Đủ' });
    await waitForUserTask(key, 'review-dossier', 'CREATED');
    expect((await withdraw(code)).status).toBe(202);
    await expectWithdrawn(code, key, { 'review-dossier': ['TERMINATED'] });
  });

  it('when withdrawn while the leader\'s signature is awaited, then the leader\'s later confirmation issues nothing', async () => {
    const { code, key } = await submit('001203005004');
    await completeUserTask(key, 'check-components', { componentsDecision: 'accept', componentsNote: 'Đủ' });
    await completeUserTask(key, 'review-dossier', { reviewDecision: 'accept', reviewOpinion: 'Đạt', reviewerName: 'Lê Thị Hộ Tịch' });
    expect((await leaderDecides(app, code, key, { decision: 'approve' }, leader.username)).status).toBe(202);
    const pending = await pendingRequestOf(signing, leader.id, code);
    await waitForFlowNodes(c8, key, { 'wait-leader-signature': ['ACTIVE'] });
    expect((await withdraw(code)).status).toBe(202);
    await expectWithdrawn(code, key, { 'wait-leader-signature': ['TERMINATED'] });
    // the leader confirms on the phone afterwards: the service signs, but no process waits for it
    expect(await phone(config.REMOTE_SIGNING_BASE_URL, pending.tranId, 'confirm', leader.id)).toBe(200);
    await new Promise((r) => setTimeout(r, 3000));
    const after = await getDossier(code);
    expect(after.status).toBe('withdrawn');
    expect(after.result?.documentNumber).toBeUndefined();
    expect(await SequenceModel.countDocuments({ sourceKey: `docnum:${code}` })).toBe(0);
  });

  it('when the clerk has claimed the dossier for numbering, then a withdrawal is refused and the process goes on', async () => {
    const { code, key } = await submit('001203005005');
    await waitForUserTask(key, 'check-components', 'CREATED');
    // the state issue-result leaves the moment it claims the dossier, before it reserves the number
    await DossierModel.updateOne({ code }, { $set: { issuingSince: new Date() } });
    const res = await withdraw(code);
    expect(res.status).toBe(409);
    expect(JSON.stringify(res.body)).toMatch(/ban hành/);
    expect((await getDossier(code)).withdrawal).toBeUndefined();
    await waitForFlowNodes(c8, key, { 'check-components': ['ACTIVE'], 'dossier-withdrawn': undefined });
  });

  it('when the reason is missing or the person is not at the desk, then it is refused with the field named and nothing is recorded', async () => {
    const { code } = await submit('001203005006');
    const empty = await request(app).post(`/api/dossiers/${code}/withdrawal`).set('Authorization', await bearer(COMMUNE_DESK)).send({});
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('"field":"reason"');
    const byLeader = await request(app).post(`/api/dossiers/${code}/withdrawal`).set('Authorization', await bearer(leader.username)).send({ reason: 'Người nộp rút hồ sơ' });
    expect(byLeader.status).toBe(403);
    expect((await getDossier(code)).withdrawal).toBeUndefined();
  });
});
