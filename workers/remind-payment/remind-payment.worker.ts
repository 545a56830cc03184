import { z } from 'zod';
import { JobType } from '../../core/process/steps';
import { auditStep, getDossier } from '../../core/repositories/dossiers';
import { notifyApplicant } from '../../core/repositories/notifications';
import { vnd } from '../../core/rules/fees';
import { defineStep } from '../step';

/**
 * Nhắc người nộp thanh toán — the cycle timer on the payment wait fired: the applicant is reminded of the
 * amount and the link, once per firing (the timer's activation is the message's key).
 */
export const remindPayment = defineStep({
  type: JobType.remindPayment,
  description: 'Remind the applicant of the unpaid fee',
  input: z.object({ dossierCode: z.string().min(1) }),
  outputs: [],
  async handle({ dossierCode }, { deps, elementInstanceKey }) {
    const dossier = await getDossier(dossierCode);
    if (dossier.payment?.state === 'requested') {
      const key = `payment-reminder:${dossierCode}:${elementInstanceKey}`;
      const channels = await notifyApplicant(dossier.applicant, {
        key, dossierCode, subject: `Hồ sơ ${dossierCode}: nhắc nộp phí, lệ phí`,
        text: `Nhắc: hồ sơ ${dossierCode} chờ ông/bà nộp ${vnd(dossier.payment.amount)} để nhận kết quả: ${dossier.payment.payUrl ?? 'tại Bộ phận Một cửa'}.`,
      }, deps.now());
      await auditStep(dossierCode, `${JobType.remindPayment}:${elementInstanceKey}`, { note: `Nhắc nộp phí qua ${channels.join(', ') || 'không kênh nào'}` }, deps.now());
    }
    return {};
  },
});
