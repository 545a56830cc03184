import { z } from 'zod';
import { JobType } from '../../core/process/steps';
import { getDossier, recordStep } from '../../core/repositories/dossiers';
import { defineStep } from '../step';

/**
 * Trả kết quả — the electronic result is in the applicant's warehouse; the dossier is marked returned
 * (seed 003 step 6). Paper return, notification by SMS/e-mail/Zalo and the sync to the national
 * portal are later issues; this step is where they hook in.
 */
export const returnResult = defineStep({
  type: JobType.returnResult,
  description: 'Mark the result as returned to the applicant',
  input: z.object({ dossierCode: z.string().min(1) }),
  async handle({ dossierCode }, { deps }) {
    const dossier = await getDossier(dossierCode);
    if (!dossier.result?.warehouseCode) throw new Error(`dossier ${dossierCode} has no stored result to return`);
    const returnedAt = dossier.returnedAt ?? deps.now();
    await recordStep(dossierCode, JobType.returnResult, { status: 'returned', set: { returnedAt } }, deps.now());
    return { returnedAt: returnedAt.toISOString() };
  },
});
