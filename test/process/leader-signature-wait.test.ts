import request from 'supertest';
import { getDossier } from '../../core/repositories/dossiers';
import { getFile } from '../../core/repositories/files';
import { useTestDatabase } from '../helpers/db';
import { completeUserTask, eventually, operateFlowNodes, waitForFlowNodes, waitForOperateState } from '../helpers/engine';
import { useDossierWorld } from '../helpers/dossier-world';
import { birthRegistration, birthRegistrationScans, realmPerson } from '../helpers/fixtures';
import { leaderDecides, pendingRequestOf, phone } from '../helpers/leader';
import { pdfsig } from '../helpers/pdfsig';
import { bearer, COMMUNE_DESK } from '../helpers/staff';

/**
 * When the leader does not answer the signing request: the process stops waiting after
 * REMOTE_SIGNING_WAIT (here 4 s, on the engine's own timer), asks the service, finds the request still
 * pending, signs nothing and goes back to the approval; and when the service itself lets a request
 * expire (its TTL, here 2 s, shorter than the wait), its callback brings the process back at once.
 * A later approval that the leader confirms still issues the result.
 */
useTestDatabase();
jest.setTimeout(240_000);

const { app, signing, config, c8 } = useDossierWorld('signature-wait-test', { config: { REMOTE_SIGNING_WAIT: 'PT4S' } });
const leader = realmPerson('dakla.lanhdao');

async function dossierAtApproval(idNumber: string): Promise<{ code: string; key: string }> {
  const scans = await birthRegistrationScans();
  const res = await request(app).post('/api/dossiers').set('Authorization', await bearer(COMMUNE_DESK))
    .field('data', JSON.stringify(birthRegistration({ applicant: { idType: 'CCCD', idNumber, fullName: 'Võ Đặng Ngọc Giang' } })))
    .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
  expect(res.status).toBe(201);
  const code = (res.body as { code: string }).code;
  const key = await eventually('instance key', async () =>
    (await request(app).get(`/api/dossiers/${code}`).set('Authorization', await bearer(COMMUNE_DESK))).body.processInstanceKey as string | undefined);
  await completeUserTask(key, 'check-components', { componentsDecision: 'accept', componentsNote: 'Đủ' });
  await completeUserTask(key, 'review-dossier', { reviewDecision: 'accept', reviewOpinion: 'Đạt', reviewerName: 'Lê Thị Hộ Tịch' });
  return { code, key };
}

it('when the leader never answers, then the wait runs out, nothing is signed, and a confirmed second approval issues the result', async () => {
  const { code, key } = await dossierAtApproval('001203006161');
  expect((await leaderDecides(app, code, key, { decision: 'approve' }, leader.username)).status).toBe(202);
  const unanswered = await pendingRequestOf(signing, leader.id, code);

  await eventually('the wait ran out', async () => ((await getDossier(code)).leaderSignature?.state === 'expired' ? true : undefined), 60_000);
  await waitForFlowNodes(c8, key, { 'leader-signature-wait-over': ['COMPLETED'], 'leader-signature-resolved': undefined, 'issue-result': undefined });
  expect(signing.transactions().find((t) => t.tranId === unanswered.tranId)?.status).toBe('pending'); // the service never heard back
  expect((await getDossier(code)).leaderSignature?.fileId).toBeUndefined();

  expect((await leaderDecides(app, code, key, { decision: 'approve' }, leader.username)).status).toBe(202);
  const second = await pendingRequestOf(signing, leader.id, code, [unanswered.tranId]);
  expect(second.tranId).not.toBe(unanswered.tranId);
  expect(await phone(config.REMOTE_SIGNING_BASE_URL, second.tranId, 'confirm', leader.id)).toBe(200);
  // the paper result handed over, completed in Tasklist: the receiver the form names is kept
  await completeUserTask(key, 'hand-over-result', { receiverName: 'Võ Đặng Ngọc Giang' });
  await waitForOperateState(c8, key, 'COMPLETED');
  const dossier = await getDossier(code);
  expect(dossier).toMatchObject({ status: 'returned', handover: { receiverName: 'Võ Đặng Ngọc Giang', recordedBy: 'tasklist' } });
  expect((await pdfsig(await getFile(dossier.result!.signature!.fileId))).signatures).toEqual([
    { signerName: leader.name, valid: true }, { signerName: 'UBND xã Đắk La', valid: true },
  ]);
  expect((await operateFlowNodes(c8, key)).get('approve-result')).toHaveLength(2);
});
