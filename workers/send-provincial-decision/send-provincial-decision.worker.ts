import { z } from 'zod';
import { JobType } from '../../core/process/steps';
import { getDossier, recordStep } from '../../core/repositories/dossiers';
import { PROVINCIAL_DECISION_ANSWERED } from '../request-provincial-decision/request-provincial-decision.worker';
import { defineStep } from '../step';

/** How long the answer waits for the department's instance to take it (its receive task is open by then). */
const ANSWER_TTL_MS = 24 * 3600 * 1000;

/**
 * Gửi kết quả cho sở — the committee's answer goes back to the department's process instance, correlated
 * by the dossier code: the decision (issued by the committee, stored in the organization's warehouse), or
 * the submission returned with the office's reason. Once per answer: the message id is the decision's
 * number, or this activation for a return.
 */
export const sendProvincialDecision = defineStep({
  type: JobType.sendProvincialDecision,
  description: "Send the committee's decision, or the returned submission, back to the department's process",
  input: z.object({ dossierCode: z.string().min(1), submissionOpinion: z.string().optional().nullable() }),
  outputs: [],
  async handle({ dossierCode, submissionOpinion }, { deps, elementInstanceKey }) {
    const dossier = await getDossier(dossierCode);
    // issued by the committee (not the department): the decision exists; otherwise the office returned the submission
    const decision = dossier.result?.documentNumber && dossier.result.agencyCode && dossier.result.agencyCode !== dossier.agencyCode ? dossier.result : undefined;
    const provincialDecision = decision ? 'issued' : 'returned';
    await deps.messages.publishMessageOnce({
      name: PROVINCIAL_DECISION_ANSWERED,
      correlationKey: dossierCode,
      messageId: decision ? `${PROVINCIAL_DECISION_ANSWERED}:${dossierCode}:${decision.documentNumber}` : `${PROVINCIAL_DECISION_ANSWERED}:${dossierCode}:returned:${elementInstanceKey}`,
      timeToLiveMs: ANSWER_TTL_MS,
      variables: { provincialDecision, provincialDecisionOpinion: decision ? '' : submissionOpinion ?? '' },
    });
    await recordStep(dossierCode, decision ? `${JobType.sendProvincialDecision}:${decision.documentNumber}` : `${JobType.sendProvincialDecision}:returned:${elementInstanceKey}`, {
      note: decision ? `Gửi Quyết định ${decision.documentNumber} cho sở` : `Trả lại tờ trình cho sở: ${submissionOpinion ?? ''}`,
    }, deps.now());
    return {};
  },
});
