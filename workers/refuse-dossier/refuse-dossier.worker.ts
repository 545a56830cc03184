import { z } from 'zod';
import { JobType } from '../../core/process/steps';
import { recordStep } from '../../core/repositories/dossiers';
import { defineStep } from '../step';

/**
 * Từ chối tiếp nhận hồ sơ — the one-stop officer did not accept the components, or the civil-status
 * officer found the dossier not acceptable (seed 003 step 4: notify the applicant of the refusal).
 * Records the refusal and its reason once; the refusal notice (TT 03/2025 form 3) is a later issue.
 */
export const refuseDossier = defineStep({
  type: JobType.refuseDossier,
  description: 'Record that the dossier is refused, with the reason given by staff',
  input: z.object({
    dossierCode: z.string().min(1),
    componentsNote: z.string().optional().nullable(),
    reviewPassed: z.boolean().optional().nullable(),
    reviewOpinion: z.string().optional().nullable(),
  }),
  async handle({ dossierCode, componentsNote, reviewPassed, reviewOpinion }, { deps }) {
    // the refusal comes from the review when the reviewer said "not passed", else from the desk
    const given = reviewPassed === false ? reviewOpinion : componentsNote;
    const reason = given?.trim() || 'Không nêu lý do';
    await recordStep(dossierCode, JobType.refuseDossier, { status: 'refused', note: reason }, deps.now());
    return {};
  },
});
