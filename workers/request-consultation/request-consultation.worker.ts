import { z } from 'zod';
import { findAgency } from '../../core/data/agencies';
import { findProcedure } from '../../core/data/procedures';
import { JobType } from '../../core/process/steps';
import { auditStep, getDossier, updateDossier } from '../../core/repositories/dossiers';
import { enqueueNotification } from '../../core/repositories/notifications';
import { intakeDecisionSchema, verifiedDecider } from '../intake-decision';
import { defineStep } from '../step';

/**
 * Xin ý kiến cơ quan liên quan — the specialist asks another agency's opinion before deciding (Decree
 * 61/2018 Art. 19: consultation within the processing time). The question is recorded on the dossier as a
 * round (1, 2, …, found again by this activation on re-delivery), the consulted agency is told by SMS, and
 * the process waits for its reply (await-consultation-reply: message consultation.replied keyed by code
 * and round), reminding it after CONSULTATION_REMIND_AFTER and going on without it after CONSULTATION_WAIT.
 */
export const requestConsultation = defineStep({
  type: JobType.requestConsultation,
  description: 'Ask another agency for its opinion on the dossier and wait for the reply',
  input: z.object({
    dossierCode: z.string().min(1), consultedAgencyCode: z.string().min(1), reviewOpinion: z.string().trim().min(1),
    reviewDecider: intakeDecisionSchema.optional().nullable(),
  }),
  outputs: ['consultationRound', 'consultationRemindAfter', 'consultationWait'],
  async handle({ dossierCode, consultedAgencyCode, reviewOpinion, reviewDecider }, { deps, elementInstanceKey }) {
    let dossier = await getDossier(dossierCode);
    let round = dossier.consultations?.find((c) => c.activationKey === elementInstanceKey);
    if (!round) {
      const number = (dossier.consultations?.length ?? 0) + 1;
      const at = deps.now();
      const decider = verifiedDecider(dossier, reviewDecider, 'consult', 'review');
      const marker = `stepsDone.${JobType.requestConsultation}:${elementInstanceKey}`;
      await updateDossier({ code: dossierCode, [marker]: { $exists: false } }, {
        $set: { [marker]: at },
        $push: {
          consultations: { round: number, activationKey: elementInstanceKey, agencyCode: consultedAgencyCode, question: reviewOpinion, requestedAt: at, ...(decider ? { requestedBy: decider.by } : {}), state: 'requested', reminders: 0 },
          history: { step: JobType.requestConsultation, at, ...(decider ? { actor: decider.name, actorSubject: decider.by } : {}), note: `Xin ý kiến ${findAgency(consultedAgencyCode)?.name ?? consultedAgencyCode}: ${reviewOpinion}` },
        },
      });
      dossier = await getDossier(dossierCode);
      round = dossier.consultations?.find((c) => c.activationKey === elementInstanceKey);
      if (!round) throw new Error(`consultation round of activation ${elementInstanceKey} was not recorded`);
      await auditStep(dossierCode, `${JobType.requestConsultation}:${round.round}`, { note: `Xin ý kiến lần ${round.round}` }, round.requestedAt);
    }
    const phone = findAgency(round.agencyCode)?.alertPhones?.leaders;
    if (phone) {
      await enqueueNotification({
        key: `consultation-request:${dossierCode}:${round.round}`, dossierCode, channel: 'sms', to: phone,
        text: `${findAgency(dossier.agencyCode)?.name ?? dossier.agencyCode} xin y kien ve ho so ${dossierCode} (${findProcedure(dossier.procedureCode)?.name ?? ''}). Tra loi truoc khi het han.`.slice(0, 300),
      }, deps.now());
    }
    return { consultationRound: round.round, consultationRemindAfter: deps.config.CONSULTATION_REMIND_AFTER, consultationWait: deps.config.CONSULTATION_WAIT };
  },
});
