import { z } from 'zod';
import { JobType } from '../../core/process/steps';
import { intakeDecisionSchema } from '../intake-decision';
import { requestSupplementRound } from '../supplement-round';
import { defineStep } from '../step';

/** Yêu cầu bổ sung, hoàn thiện hồ sơ — the one-stop officer found the components incomplete at intake. */
export const requestSupplement = defineStep({
  type: JobType.requestSupplement,
  description: 'Issue the supplement request (form 02) to the applicant and wait for the supplement',
  input: z.object({
    dossierCode: z.string().min(1),
    componentsNote: z.string().trim().min(1),
    intakeDecision: intakeDecisionSchema.optional().nullable(),
  }),
  outputs: ['supplementRound', 'supplementWait'],
  async handle({ dossierCode, componentsNote, intakeDecision }, { deps, elementInstanceKey }) {
    return { ...(await requestSupplementRound(deps, 'intake', dossierCode, componentsNote, intakeDecision, elementInstanceKey, JobType.requestSupplement)) };
  },
});
