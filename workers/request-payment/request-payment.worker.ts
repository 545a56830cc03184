import { z } from 'zod';
import { findProcedure } from '../../core/data/procedures';
import { JobType, type RequestPaymentOutput } from '../../core/process/steps';
import { getDossier, recordStep, updateDossier } from '../../core/repositories/dossiers';
import { notifyApplicant } from '../../core/repositories/notifications';
import { vnd } from '../../core/rules/fees';
import { defineStep } from '../step';

/**
 * Yêu cầu thanh toán phí, lệ phí — the amount the dossier owes (itemized at intake) is requested on the
 * national payment platform under the dossier code, so a re-delivered job gets the same request back;
 * the applicant gets the payment link on the channels they gave, and may pay in cash at the desk instead.
 * The process then waits for `fee.paid`.
 */
export const requestPayment = defineStep({
  type: JobType.requestPayment,
  description: 'Request the fee on the payment platform and send the applicant the link',
  input: z.object({ dossierCode: z.string().min(1) }),
  outputs: ['paymentReminderCycle'],
  async handle({ dossierCode }, { deps }) {
    const dossier = await getDossier(dossierCode);
    const amount = dossier.fee?.total ?? 0;
    if (amount <= 0) throw new Error(`dossier ${dossierCode} owes nothing; the diagram should not have asked for a payment`);
    if (dossier.payment?.state !== 'paid') {
      const procedure = findProcedure(dossier.procedureCode);
      const { paymentId, payUrl } = dossier.payment?.paymentId && dossier.payment.payUrl
        ? { paymentId: dossier.payment.paymentId, payUrl: dossier.payment.payUrl }
        : await deps.payments.requestPayment({
          orderId: dossierCode, amount, description: `Phí, lệ phí hồ sơ ${dossierCode} (${procedure?.name ?? dossier.procedureCode})`,
          callbackUrl: deps.config.PAYMENT_CALLBACK_URL,
        });
      await updateDossier({ code: dossierCode, 'payment.state': { $ne: 'paid' } }, {
        $set: { payment: { state: 'requested', amount, requestedAt: dossier.payment?.requestedAt ?? deps.now(), paymentId, payUrl } },
      });
      await notifyApplicant(dossier.applicant, {
        key: `payment-request:${dossierCode}`, dossierCode, subject: `Hồ sơ ${dossierCode}: đề nghị nộp phí, lệ phí`,
        text: `Hồ sơ ${dossierCode} đã có kết quả. Đề nghị ông/bà nộp ${vnd(amount)} phí, lệ phí trực tuyến tại ${payUrl} hoặc tại Bộ phận Một cửa để nhận kết quả.`,
      }, deps.now());
    }
    await recordStep(dossierCode, JobType.requestPayment, { note: `Đề nghị nộp ${vnd(amount)}` }, deps.now());
    const output: RequestPaymentOutput = { paymentReminderCycle: deps.config.PAYMENT_REMINDER_CYCLE };
    return { ...output };
  },
});
