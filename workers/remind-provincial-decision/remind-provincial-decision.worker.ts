import { z } from 'zod';
import { findAgency, provinceOf } from '../../core/data/agencies';
import { JobType } from '../../core/process/steps';
import { auditStep, getDossier } from '../../core/repositories/dossiers';
import { enqueueNotification } from '../../core/repositories/notifications';
import { defineStep } from '../step';

/**
 * Nhắc UBND tỉnh — the department has waited PROVINCIAL_DECISION_REMIND_AFTER for the committee's answer:
 * the committee's office is texted once per timer firing (the activation is the message's key), and the
 * reminder is in the audit log. The wait goes on; the lead agency's due date keeps counting.
 */
export const remindProvincialDecision = defineStep({
  type: JobType.remindProvincialDecision,
  description: "Remind the provincial committee's office of the submission waiting for its decision",
  input: z.object({ dossierCode: z.string().min(1) }),
  outputs: [],
  async handle({ dossierCode }, { deps, elementInstanceKey }) {
    const dossier = await getDossier(dossierCode);
    const committee = provinceOf(dossier.agencyCode);
    const to = committee ? findAgency(committee.code)?.alertPhones?.leaders : undefined;
    const at = deps.now();
    const number = dossier.submission?.issued?.documentNumber ?? '';
    if (to) {
      await enqueueNotification({
        key: `provincial-decision-reminder:${dossierCode}:${elementInstanceKey}`, dossierCode, channel: 'sms', to,
        text: `Nhac: to trinh ${number} (ho so ${dossierCode}) cho UBND tinh quyet dinh. Han tra ket qua: ${dossier.dueAt.toISOString().slice(0, 10)}`.slice(0, 300),
      }, at);
    }
    await auditStep(dossierCode, `${JobType.remindProvincialDecision}:${elementInstanceKey}`, { note: `Nhắc UBND tỉnh quyết định theo tờ trình ${number}${to ? '' : ' (cơ quan chưa có số điện thoại nhận nhắc)'}` }, at);
    return {};
  },
});
