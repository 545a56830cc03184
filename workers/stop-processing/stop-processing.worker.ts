import { z } from 'zod';
import { JobType } from '../../core/process/steps';
import { getDossier, recordStep } from '../../core/repositories/dossiers';
import { issueIntakeNotice } from '../intake-notice';
import { defineStep } from '../step';

/**
 * Dừng giải quyết hồ sơ — a supplement asked during review did not come within the wait (TT 03/2025 form
 * 05, notice of stopping the processing). No person did this step: the wait ran out, so no one's key
 * signs the notice; it is issued for a handwritten signature, and the applicant is told by SMS. The
 * reason, the round it answers and the notice are recorded on the dossier, once.
 */
export const stopProcessing = defineStep({
  type: JobType.stopProcessing,
  description: 'Stop processing the dossier after the supplement wait ran out (form 05) and tell the applicant',
  input: z.object({ dossierCode: z.string().min(1), supplementRound: z.number().int().positive() }),
  outputs: [],
  async handle({ dossierCode, supplementRound }, { deps }) {
    const dossier = await getDossier(dossierCode);
    const round = dossier.supplements?.find((r) => r.round === supplementRound);
    const until = round ? ` (Phiếu yêu cầu bổ sung lần ${round.round}: ${round.note})` : '';
    const reason = `Quá thời hạn bổ sung, hoàn thiện hồ sơ mà người nộp chưa bổ sung${until}`;
    const notice = await issueIntakeNotice(deps, dossier, { kind: 'stop', key: `stop:${dossierCode}`, reason });
    const at = deps.now();
    await recordStep(dossierCode, JobType.stopProcessing, {
      status: 'stopped', note: reason,
      set: { stop: { reason, at: dossier.stop?.at ?? at, fileId: notice.file.id, sha256: notice.file.sha256, signed: notice.signed } },
    }, at);
    return {};
  },
});
