import { z } from 'zod';
import { JobType } from '../../core/process/steps';
import { getDossier, recordStep } from '../../core/repositories/dossiers';
import { issueIntakeNotice } from '../intake-notice';
import { intakeDecisionSchema, verifiedDecider } from '../intake-decision';
import { defineStep } from '../step';

/**
 * Từ chối tiếp nhận hồ sơ — the one-stop officer refused the components, the applicant did not supplement
 * in time, or the civil-status officer found the dossier not acceptable (seed 003 step 4). The refusal
 * notice (TT 03/2025 form 03) states the reason, is signed by the officer who refused at the desk, and the
 * applicant is told by SMS. The reason, its source and the person are recorded on the dossier, once.
 */
export const refuseDossier = defineStep({
  type: JobType.refuseDossier,
  description: 'Refuse the dossier: issue the refusal notice (form 03) with the reason given by staff, and tell the applicant',
  input: z.object({
    dossierCode: z.string().min(1),
    componentsDecision: z.enum(['accept', 'supplement', 'refuse']).optional().nullable(),
    componentsNote: z.string().optional().nullable(),
    reviewDecision: z.enum(['accept', 'supplement', 'refuse', 'consult']).optional().nullable(),
    reviewOpinion: z.string().optional().nullable(),
    intakeDecision: intakeDecisionSchema.optional().nullable(),
    reviewDecider: intakeDecisionSchema.optional().nullable(),
  }),
  outputs: [],
  async handle({ dossierCode, componentsDecision, componentsNote, reviewDecision, reviewOpinion, intakeDecision, reviewDecider }, { deps }) {
    // where it came from: the review refused; the desk refused; or the intake supplement wait ran out
    const source = reviewDecision === 'refuse' ? 'review' : componentsDecision === 'supplement' ? 'supplement-expired' : 'intake';
    const given = source === 'review' ? reviewOpinion : componentsNote;
    const reason = given?.trim() || 'Không nêu lý do';
    const dossier = await getDossier(dossierCode);
    const decider = source === 'intake' ? verifiedDecider(dossier, intakeDecision, 'refuse')
      : source === 'review' ? verifiedDecider(dossier, reviewDecider, 'refuse', 'review') : undefined;
    const notice = await issueIntakeNotice(deps, dossier, { kind: 'refusal', key: `refusal:${dossierCode}`, reason, ...(decider ? { signerSubject: decider.by } : {}) });
    const at = deps.now();
    await recordStep(dossierCode, JobType.refuseDossier, {
      status: 'refused', note: reason, ...(decider ? { actor: decider.name, actorSubject: decider.by } : {}),
      set: { refusal: { reason, source, ...(decider ? { by: decider.by, byName: decider.name } : {}), at: dossier.refusal?.at ?? at, fileId: notice.file.id, sha256: notice.file.sha256, signed: notice.signed } },
    }, at);
    return {};
  },
});
