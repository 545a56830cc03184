import { z } from 'zod';
import { DossierModel } from '../../core/models/dossier.model';
import { JobType, type RequestSupplementOutput } from '../../core/process/steps';
import { auditStep, getDossier } from '../../core/repositories/dossiers';
import { durationMs } from '../../core/rules/duration';
import { issueIntakeNotice } from '../intake-notice';
import { intakeDecisionSchema, verifiedDecider } from '../intake-decision';
import { defineStep } from '../step';

/**
 * Yêu cầu bổ sung, hoàn thiện hồ sơ — the one-stop officer found the dossier incomplete (Decree 61/2018
 * art. 19 (1b); TT 03/2025 form 02): the notice lists what to bring, signed by the officer who decided at
 * the desk, the applicant is told by SMS, and the dossier waits. Each request is a round (1, 2, …), found
 * again by this activation's key on re-delivery; the round names the message that resumes the process.
 */
export const requestSupplement = defineStep({
  type: JobType.requestSupplement,
  description: 'Issue the supplement request (form 02) to the applicant and wait for the supplement',
  input: z.object({
    dossierCode: z.string().min(1),
    componentsNote: z.string().trim().min(1),
    intakeDecision: intakeDecisionSchema.optional().nullable(),
  }),
  async handle({ dossierCode, componentsNote, intakeDecision }, { deps, elementInstanceKey }) {
    let dossier = await getDossier(dossierCode);
    let round = dossier.supplements?.find((r) => r.activationKey === elementInstanceKey);
    const wait = deps.config.INTAKE_SUPPLEMENT_WAIT;
    if (!round) {
      const number = (dossier.supplements?.length ?? 0) + 1;
      const requestedAt = deps.now();
      const decider = verifiedDecider(dossier, intakeDecision, 'supplement');
      const signerSubject = decider?.by;
      const notice = await issueIntakeNotice(deps, dossier, {
        kind: 'supplement', key: `supplement-request:${dossierCode}:${elementInstanceKey}`, reason: componentsNote,
        supplementUntil: new Date(requestedAt.getTime() + durationMs(wait)), ...(signerSubject ? { signerSubject } : {}),
      });
      // one round per activation: the marker makes a concurrent second delivery a no-op
      const marker = `stepsDone.${JobType.requestSupplement}:${elementInstanceKey}`;
      await DossierModel.updateOne({ code: dossierCode, [marker]: { $exists: false } }, {
        $set: { [marker]: requestedAt, status: 'awaiting-supplement' },
        $push: {
          supplements: { round: number, activationKey: elementInstanceKey, ...(decider ? { decisionTaskKey: decider.taskKey } : {}), note: componentsNote, requestedAt, ...(signerSubject ? { requestedBy: signerSubject } : {}),
            noticeFileId: notice.file.id, noticeSha256: notice.file.sha256, noticeSigned: notice.signed, state: 'requested' },
          history: { step: JobType.requestSupplement, at: requestedAt, ...(decider ? { actor: decider.name, actorSubject: decider.by } : {}), note: `Yêu cầu bổ sung lần ${number}: ${componentsNote}` },
        },
      });
      dossier = await getDossier(dossierCode);
      round = dossier.supplements?.find((r) => r.activationKey === elementInstanceKey);
      if (!round) throw new Error(`supplement round of activation ${elementInstanceKey} was not recorded`);
    }
    const requester = round.requestedBy && intakeDecision?.by === round.requestedBy ? intakeDecision : undefined;
    await auditStep(dossierCode, `${JobType.requestSupplement}:${round.round}`, {
      ...(requester ? { actor: requester.name, actorSubject: requester.by } : {}), status: 'awaiting-supplement', note: `Yêu cầu bổ sung lần ${round.round}`,
    }, round.requestedAt);
    const output: RequestSupplementOutput = { supplementRound: round.round, supplementWait: wait };
    return { ...output };
  },
});
