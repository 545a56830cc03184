import type { StaffMember } from '../../core/auth/staff-token';
import { AppError, conflict, notFound, ruleViolated } from '../../core/errors';
import { FEE_PAID } from '../../core/process/steps';
import { auditStep, findDossier, type DossierRecord, updateDossier } from '../../core/repositories/dossiers';
import { vnd } from '../../core/rules/fees';
import type { DeskPayment } from './dossiers.schemas';
import type { DossierServiceDeps } from './dossiers.service';
import { publishPending } from './engine-calls';

/**
 * The fee paid, online or at the desk: recorded on the dossier first, then the `fee.paid` message that
 * lets the waiting process go on is published (an outbox entry, retried by publishPendingFeePayments).
 * An online payment is believed only when the payment platform itself says it is paid, for this
 * dossier, for the amount asked (the callback carries nothing but the payment's id).
 */
export async function recordOnlinePayment(deps: DossierServiceDeps, paymentId: string): Promise<{ dossierCode: string; state: 'paid' }> {
  if (!deps.payments) throw new AppError('DEPENDENCY_UNAVAILABLE', 'The payment platform is not configured', 'Chưa cấu hình nền tảng thanh toán');
  const payments = deps.payments;
  const status = await payments.getPayment(paymentId).catch((err: unknown) => {
    throw new AppError('DEPENDENCY_UNAVAILABLE', `The payment platform did not answer: ${(err as Error).message}`, 'Nền tảng thanh toán không trả lời; thử lại sau');
  });
  if (!status) throw notFound('khoản thanh toán', paymentId);
  const dossier = await findDossier(status.orderId);
  if (!dossier || dossier.payment?.paymentId !== paymentId) throw notFound('khoản thanh toán', paymentId);
  if (status.status !== 'paid') throw conflict('The payment platform says the payment is not made yet', 'Nền tảng thanh toán cho biết khoản này chưa được thanh toán');
  if (status.amount !== dossier.payment.amount) {
    deps.log.error({ dossierCode: dossier.code, paymentId, asked: dossier.payment.amount, paid: status.amount }, 'payment amount differs from the amount asked');
    throw ruleViolated([{ field: 'amount', rule: 'amount-asked', message: `Số tiền đã thanh toán khác số tiền đề nghị (${vnd(dossier.payment.amount)})` }]);
  }
  const at = status.paidAt ?? deps.now();
  const res = await updateDossier({ code: dossier.code, 'payment.state': 'requested' }, {
    $set: { 'payment.state': 'paid', 'payment.paidAt': at, 'payment.method': 'online', 'payment.message': 'pending', ...(status.transactionNo ? { 'payment.transactionNo': status.transactionNo } : {}) },
  });
  if (res.matchedCount > 0) {
    await auditStep(dossier.code, 'payment', { note: `Đã thanh toán trực tuyến ${vnd(status.amount)}${status.transactionNo ? ` (giao dịch ${status.transactionNo})` : ''}` }, at);
  } else if (dossier.payment.method === 'desk') {
    // paid twice: in cash at the desk, and now online — the money is to be refunded, by a person
    deps.log.error({ dossierCode: dossier.code, paymentId }, 'fee paid twice (desk and online): refund the online payment');
    await auditStep(dossier.code, `payment-twice:${paymentId}`, { note: `Thanh toán trùng: đã nộp tại Bộ phận Một cửa, nay thêm ${vnd(status.amount)} trực tuyến${status.transactionNo ? ` (giao dịch ${status.transactionNo})` : ''}: cần hoàn trả` }, deps.now());
  }
  await publishAndLog(deps, dossier.code);
  return { dossierCode: dossier.code, state: 'paid' };
}

/** Cash at the desk: the one-stop officer records the receipt for fees (biên lai) they issued. */
export async function recordDeskPayment(
  deps: DossierServiceDeps, code: string, input: DeskPayment, staff: StaffMember, authorize: (agencyCode: string) => void,
): Promise<DossierRecord> {
  const dossier = await findDossier(code);
  if (!dossier) throw notFound('hồ sơ', code);
  authorize(dossier.agencyCode);
  if (!dossier.payment) throw conflict('No payment has been asked for this dossier', 'Hồ sơ chưa có đề nghị thanh toán phí, lệ phí');
  const now = deps.now();
  const res = await updateDossier({ code, 'payment.state': 'requested' }, {
    $set: {
      'payment.state': 'paid', 'payment.paidAt': now, 'payment.method': 'desk', 'payment.receiptNumber': input.receiptNumber,
      'payment.recordedBy': staff.subject, 'payment.recordedByName': staff.name, 'payment.message': 'pending',
    },
  });
  if (res.matchedCount === 0) {
    const current = await findDossier(code);
    // the same receipt again (a retry after a lost answer) is the payment already recorded
    if (current?.payment?.receiptNumber !== input.receiptNumber) throw conflict('The fee is already paid', 'Phí, lệ phí của hồ sơ đã được thanh toán');
  } else {
    await auditStep(code, 'payment', { actor: staff.name, actorSubject: staff.subject, note: `Nộp tại Bộ phận Một cửa ${vnd(dossier.payment.amount)}, biên lai ${input.receiptNumber}` }, now);
  }
  await publishAndLog(deps, code);
  return (await findDossier(code)) ?? dossier;
}

async function publishAndLog(deps: DossierServiceDeps, code: string): Promise<void> {
  const saved = await findDossier(code);
  if (saved) await publishFeePaid(deps, saved).catch((err: unknown) => deps.log.warn({ err, dossierCode: code }, 'fee-paid message not published yet; retried'));
}

/** Publishes a recorded payment's message, once (the message id is the dossier's). */
export async function publishFeePaid(deps: DossierServiceDeps, dossier: DossierRecord): Promise<void> {
  if (dossier.payment?.message !== 'pending') return;
  await deps.engine.publishMessageOnce({ name: FEE_PAID, correlationKey: dossier.code, messageId: `fee-paid:${dossier.code}`, timeToLiveMs: 7 * 24 * 3600_000 });
  await updateDossier({ code: dossier.code, 'payment.message': 'pending' }, { $set: { 'payment.message': 'published' } });
}

/** Payments recorded while the engine was away (the API runs this with the start retries). */
export function publishPendingFeePayments(deps: DossierServiceDeps): Promise<number> {
  return publishPending(deps, { 'payment.message': 'pending' }, (d) => publishFeePaid(deps, d), 'fee-paid message');
}
