import { z } from 'zod';
import { findAgency } from '../../core/data/agencies';
import { JobType } from '../../core/process/steps';
import { auditStep, getDossier, updateDossier } from '../../core/repositories/dossiers';
import { enqueueNotification } from '../../core/repositories/notifications';
import { defineStep } from '../step';

/** Nhắc cơ quan được xin ý kiến — the consulted agency has not replied within CONSULTATION_REMIND_AFTER; once per round. */
export const remindConsultation = defineStep({
  type: JobType.remindConsultation,
  description: 'Remind the consulted agency that an opinion is awaited',
  input: z.object({ dossierCode: z.string().min(1), consultationRound: z.number().int().positive() }),
  outputs: ['consultationReminded'],
  async handle({ dossierCode, consultationRound }, { deps }) {
    const dossier = await getDossier(dossierCode);
    const i = dossier.consultations?.findIndex((c) => c.round === consultationRound) ?? -1;
    const round = dossier.consultations?.[i];
    if (!round) throw new Error(`dossier ${dossierCode} has no consultation round ${consultationRound}`);
    if (round.state !== 'requested') return { consultationReminded: false };
    const at = deps.now();
    const marker = `stepsDone.${JobType.remindConsultation}:${consultationRound}`;
    const first = await updateDossier({ code: dossierCode, [marker]: { $exists: false } }, { $set: { [marker]: at, [`consultations.${i}.reminders`]: round.reminders + 1 } });
    if (first.matchedCount > 0) await auditStep(dossierCode, `${JobType.remindConsultation}:${consultationRound}`, { note: `Nhắc ${findAgency(round.agencyCode)?.name ?? round.agencyCode} trả lời ý kiến` }, at);
    const phone = findAgency(round.agencyCode)?.alertPhones?.leaders;
    if (phone) {
      await enqueueNotification({
        key: `consultation-reminder:${dossierCode}:${consultationRound}`, dossierCode, channel: 'sms', to: phone,
        text: `Nhac: ${findAgency(dossier.agencyCode)?.name ?? dossier.agencyCode} dang cho y kien ve ho so ${dossierCode}.`.slice(0, 300),
      }, at);
    }
    return { consultationReminded: true };
  },
});
