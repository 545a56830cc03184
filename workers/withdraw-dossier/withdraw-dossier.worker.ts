import { z } from 'zod';
import { JobType } from '../../core/process/steps';
import { IncidentError } from '../../core/errors';
import { getDossier, recordStep } from '../../core/repositories/dossiers';
import { notifyApplicant } from '../../core/repositories/notifications';
import { defineStep } from '../step';

/**
 * Kết thúc hồ sơ đã rút — the interrupting event sub-process `withdrawal` ended whatever the dossier was
 * waiting for; this closes it: status withdrawn, the applicant told through the outbox (once).
 * Nothing issued is undone because nothing could be: the desk records a withdrawal only while the clerk
 * has not claimed the dossier for numbering (api/dossiers/withdrawal.service.ts, issue-result).
 */
export const withdrawDossier = defineStep({
  type: JobType.withdrawDossier,
  description: 'Close a dossier the applicant withdrew and tell them',
  input: z.object({ dossierCode: z.string().min(1) }),
  outputs: [],
  async handle({ dossierCode }, { deps }) {
    const dossier = await getDossier(dossierCode);
    if (!dossier.withdrawal) throw new IncidentError(`dossier ${dossierCode} was interrupted as withdrawn, but no withdrawal is recorded`);
    const at = deps.now();
    await recordStep(dossierCode, JobType.withdrawDossier, {
      status: 'withdrawn', note: `Hồ sơ đã rút: ${dossier.withdrawal.reason}`,
      set: { 'withdrawal.closedAt': dossier.withdrawal.closedAt ?? at },
    }, at);
    await notifyApplicant(dossier.applicant, {
      key: `withdrawn:${dossierCode}`, dossierCode, subject: `Hồ sơ ${dossierCode} đã được rút`,
      text: `Hồ sơ ${dossierCode} đã được rút theo yêu cầu của ông/bà. Tra cứu: ${deps.config.PUBLIC_BASE_URL}/tra-cuu/${dossierCode}`,
    }, at);
    return {};
  },
});
