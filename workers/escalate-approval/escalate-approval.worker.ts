import { z } from 'zod';
import { JobType } from '../../core/process/steps';
import { alertApproval } from '../approval-alert';
import { defineStep } from '../step';

/** Báo người đứng đầu — reminded, the draft still waits as long again: the head of the agency is told. */
export const escalateApproval = defineStep({
  type: JobType.escalateApproval,
  description: 'Tell the head of the agency that a draft still waits for approval after the reminder',
  input: z.object({ dossierCode: z.string().min(1), draftVersion: z.number().int().positive() }),
  outputs: ['approvalAlert'],
  async handle({ dossierCode, draftVersion }, { deps }) {
    return alertApproval(deps, JobType.escalateApproval, 'escalation', dossierCode, draftVersion);
  },
});
