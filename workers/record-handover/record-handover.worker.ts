import { z } from 'zod';
import { JobType } from '../../core/process/steps';
import { getDossier, recordStep } from '../../core/repositories/dossiers';
import { defineStep } from '../step';

/**
 * Ghi nhận đã trao kết quả — the paper result left the desk: the dossier is returned. The desk page kept
 * the hand-over on the dossier before it completed the task (api/dossiers/handover.service.ts: receiver,
 * ID masked, officer); a task completed in Tasklist brings only the receiver's name, kept as such.
 */
export const recordHandover = defineStep({
  type: JobType.recordHandover,
  description: 'Record that the paper result was handed over at the desk',
  input: z.object({ dossierCode: z.string().min(1), receiverName: z.string().min(1).max(200) }),
  outputs: [],
  async handle({ dossierCode, receiverName }, { deps }) {
    const dossier = await getDossier(dossierCode);
    const handover = dossier.handover ?? { receiverName, at: deps.now(), recordedBy: 'tasklist' as const };
    await recordStep(dossierCode, JobType.recordHandover, {
      status: 'returned', note: `Đã trao kết quả cho ${handover.receiverName}${handover.byName ? ` (cán bộ ${handover.byName})` : ''}`,
      set: { handover, returnedAt: dossier.returnedAt ?? handover.at },
    }, deps.now());
    return {};
  },
});
