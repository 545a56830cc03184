import { z } from 'zod';
import { JobType } from '../../core/process/steps';
import { intakeDecisionSchema } from '../intake-decision';
import { requestSupplementRound } from '../supplement-round';
import { defineStep } from '../step';

/** Yêu cầu bổ sung khi thẩm định — the specialist needs more from the applicant; the clock stands still meanwhile. */
export const requestReviewSupplement = defineStep({
  type: JobType.requestReviewSupplement,
  description: 'Issue the supplement request (form 02) found necessary at review, and pause the deadline until it comes',
  input: z.object({
    dossierCode: z.string().min(1),
    reviewOpinion: z.string().trim().min(1),
    reviewDecider: intakeDecisionSchema.optional().nullable(),
  }),
  outputs: ['supplementRound', 'supplementWait'],
  async handle({ dossierCode, reviewOpinion, reviewDecider }, { deps, elementInstanceKey }) {
    return { ...(await requestSupplementRound(deps, 'review', dossierCode, reviewOpinion, reviewDecider, elementInstanceKey, JobType.requestReviewSupplement)) };
  },
});
