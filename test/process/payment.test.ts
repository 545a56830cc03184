import request from 'supertest';
import { listNotifications } from '../../core/repositories/notifications';
import { getDossier } from '../../core/repositories/dossiers';
import { listAudit } from '../../core/repositories/audit';
import { useTestDatabase } from '../helpers/db';
import { completeUserTask, eventually, waitForFlowNodes, waitForOperateState, waitForUserTask } from '../helpers/engine';
import { useDossierWorld } from '../helpers/dossier-world';
import { birthRegistration, birthRegistrationScans, realmPerson } from '../helpers/fixtures';
import { leaderDecides, pendingRequestOf, phone } from '../helpers/leader';
import { bearer, COMMUNE_DESK } from '../helpers/staff';

/**
 * The fee on the real engine: an applicant who asked for extra copies of the extract owes 8,000 đồng a
 * copy (Circular 281/2016). Once the result is stored, request-payment asks the payment platform and
 * texts the link; the process waits on `fee.paid`, reminding on PAYMENT_REMINDER_CYCLE (here every 3 s,
 * twice). Paid online — the platform calls back, the API asks the platform before it believes it — or in
 * cash at the desk, the result is then returned. A dossier without copies owes nothing and never waits.
 */
useTestDatabase();
jest.setTimeout(240_000);

const { app, signing, config, c8, portalSim } = useDossierWorld('payment-test', { config: { PAYMENT_REMINDER_CYCLE: 'R2/PT3S' } });
const leader = realmPerson('dakla.lanhdao');

async function dossierAtPayment(idNumber: string, resultCopies: number): Promise<{ code: string; key: string }> {
  const scans = await birthRegistrationScans();
  const res = await request(app).post('/api/dossiers').set('Authorization', await bearer(COMMUNE_DESK))
    .field('data', JSON.stringify(birthRegistration({ applicant: { idType: 'CCCD', idNumber, fullName: 'Võ Đặng Ngọc Giang', phone: '0912345678' }, resultCopies })))
    .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
  expect(res.status).toBe(201);
  const code = (res.body as { code: string }).code;
  const key = await eventually('instance key', async () =>
    (await request(app).get(`/api/dossiers/${code}`).set('Authorization', await bearer(COMMUNE_DESK))).body.processInstanceKey as string | undefined, 120_000);
  await completeUserTask(key, 'check-components', { componentsDecision: 'accept', componentsNote: 'Đủ' });
  await completeUserTask(key, 'review-dossier', { reviewDecision: 'accept', reviewOpinion: 'Đạt', reviewerName: 'Lê Thị Hộ Tịch' });
  expect((await leaderDecides(app, code, key, { decision: 'approve' }, leader.username)).status).toBe(202);
  expect(await phone(config.REMOTE_SIGNING_BASE_URL, (await pendingRequestOf(signing, leader.id, code)).tranId, 'confirm', leader.id)).toBe(200);
  return { code, key };
}

it('when two extra copies are asked for, then 16.000 đồng is requested, reminded, paid online, and only then is the result returned', async () => {
  const { code, key } = await dossierAtPayment('001203008001', 2);
  await waitForFlowNodes(c8, key, { 'request-payment': ['COMPLETED'], 'await-fee-payment': ['ACTIVE'], 'return-result': undefined }, 90_000);
  const asked = await getDossier(code);
  expect(asked.fee).toMatchObject({ total: 16000, items: [{ name: 'Bản sao kết quả cấp thêm', quantity: 2, unitAmount: 8000, amount: 16000 }] });
  expect(asked.payment).toMatchObject({ state: 'requested', amount: 16000, paymentId: expect.any(String), payUrl: expect.stringContaining('/thanh-toan/') });
  expect(portalSim.payments.filter((p) => p.orderId === code)).toEqual([expect.objectContaining({ amount: 16000, status: 'pending' })]);
  // the link went to the applicant; unpaid, they are reminded on the cycle
  await eventually('two reminders', async () => ((await listNotifications(code)).filter((n) => n.key.startsWith(`payment-reminder:${code}`)).length === 2 ? true : undefined), 30_000);
  expect((await listNotifications(code)).find((n) => n.key === `payment-request:${code}`)?.text).toContain('16.000 đồng');

  // a callback is not believed by itself: the platform still says pending
  const early = await request(app).post('/api/payments/callbacks').send({ paymentId: asked.payment!.paymentId });
  expect(early.status).toBe(409);
  expect((await request(app).post('/api/payments/callbacks').send({ paymentId: '00000000-0000-0000-0000-000000000000' })).status).toBe(404);
  expect((await request(app).post('/api/payments/callbacks').send({ paymentId: '<script>' })).status).toBe(400);
  await waitForFlowNodes(c8, key, { 'await-fee-payment': ['ACTIVE'], 'return-result': undefined });

  // the applicant pays on the platform's page; the platform calls back, the API checks and the process goes on
  const paid = await request(portalSim.app).post(`/sim/payments/${asked.payment!.paymentId}/pay`);
  expect(paid.body).toMatchObject({ status: 'paid', callback: 200 });
  await waitForUserTask(key, 'hand-over-result', 'CREATED');
  const after = await getDossier(code);
  expect(after.payment).toMatchObject({ state: 'paid', method: 'online', transactionNo: expect.stringMatching(/^PG/), message: 'published' });
  // a second callback (the platform retries) changes nothing
  expect((await request(app).post('/api/payments/callbacks').send({ paymentId: asked.payment!.paymentId })).status).toBe(200);
  await completeUserTask(key, 'hand-over-result', { receiverName: 'Võ Đặng Ngọc Giang' });
  await waitForOperateState(c8, key, 'COMPLETED');
  await waitForFlowNodes(c8, key, { 'await-fee-payment': ['COMPLETED'], 'payment-reminder-due': ['COMPLETED', 'COMPLETED'], 'remind-payment': ['COMPLETED', 'COMPLETED'] });
  // the national portal counts it as paid online
  await eventually('paid online at the portal', async () => (portalSim.synced.get(code)?.data.DuocThanhToanTrucTuyen === 1 ? true : undefined), 30_000);
});

it('when the applicant pays in cash at the desk, then the officer records the receipt and the result is returned', async () => {
  const { code, key } = await dossierAtPayment('001203008002', 1);
  await waitForFlowNodes(c8, key, { 'await-fee-payment': ['ACTIVE'] }, 90_000);
  const pay = async (body: Record<string, unknown>) => request(app).post(`/api/dossiers/${code}/payment`).set('Authorization', await bearer(COMMUNE_DESK)).send(body);
  expect((await pay({ receiptNumber: '' })).status).toBe(400);
  const paid = await pay({ receiptNumber: '0001234/BL-2026' });
  expect(paid.status).toBe(202);
  expect(paid.body.payment).toMatchObject({ state: 'paid', method: 'desk', amount: 8000, receiptNumber: '0001234/BL-2026' });
  expect((await pay({ receiptNumber: '0001234/BL-2026' })).status).toBe(202); // the same again: a retry
  expect((await pay({ receiptNumber: '0009999/BL-2026' })).status).toBe(409); // another receipt for a paid fee
  await waitForUserTask(key, 'hand-over-result', 'CREATED');
  expect((await getDossier(code)).payment).toMatchObject({ recordedByName: expect.any(String), message: 'published' });
  // the applicant also paid online afterwards: recorded for a refund, nothing else changes
  const online = (await getDossier(code)).payment!.paymentId!;
  expect((await request(portalSim.app).post(`/sim/payments/${online}/pay`)).body).toMatchObject({ status: 'paid', callback: 200 });
  expect((await getDossier(code)).payment).toMatchObject({ method: 'desk', receiptNumber: '0001234/BL-2026' });
  expect((await listAudit(code)).some((e) => e.action.startsWith('payment-twice:'))).toBe(true);
});

it('when no extra copy is asked for, then nothing is owed and the result goes straight to the desk', async () => {
  const { code, key } = await dossierAtPayment('001203008003', 0);
  await waitForUserTask(key, 'hand-over-result', 'CREATED');
  await waitForFlowNodes(c8, key, { 'has-fee': ['COMPLETED'], 'request-payment': undefined });
  expect((await getDossier(code)).payment).toBeUndefined();
  expect((await getDossier(code)).fee).toMatchObject({ total: 0 });
});
