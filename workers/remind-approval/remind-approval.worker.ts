import { z } from 'zod';
import { JobType } from '../../core/process/steps';
import { alertApproval } from '../approval-alert';
import { defineStep } from '../step';

/** Nhắc lãnh đạo phê duyệt — the draft waited longer than the approval step's deadline (step-deadlines.ts). */
export const remindApproval = defineStep({
  type: JobType.remindApproval,
  description: 'Remind the leaders that a draft waits for approval beyond the step deadline',
  input: z.object({ dossierCode: z.string().min(1), draftVersion: z.number().int().positive() }),
  outputs: ['approvalAlert'],
  async handle({ dossierCode, draftVersion }, { deps }) {
    return alertApproval(deps, JobType.remindApproval, 'reminder', dossierCode, draftVersion);
  },
});
