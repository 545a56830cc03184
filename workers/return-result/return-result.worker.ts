import { z } from 'zod';
import { findAgency } from '../../core/data/agencies';
import { JobType } from '../../core/process/steps';
import { getDossier, recordStep } from '../../core/repositories/dossiers';
import { enqueueNotification } from '../../core/repositories/notifications';
import { defineStep } from '../step';

/**
 * Trả kết quả — the electronic result is in the applicant's warehouse; the dossier is marked returned
 * (seed 003 step 6) and the applicant is told by SMS through the outbox (once, under the dossier's key),
 * with where to collect the paper result. Return at the desk or by post with a tracking number, e-mail
 * and Zalo, and the sync to the national portal come with issue 8's return step.
 */
export const returnResult = defineStep({
  type: JobType.returnResult,
  description: 'Mark the result as returned to the applicant and tell them',
  input: z.object({ dossierCode: z.string().min(1) }),
  async handle({ dossierCode }, { deps }) {
    const dossier = await getDossier(dossierCode);
    if (!dossier.result?.warehouseCode) throw new Error(`dossier ${dossierCode} has no stored result to return`);
    const returnedAt = dossier.returnedAt ?? deps.now();
    if (dossier.applicant.phone) {
      const agency = findAgency(dossier.agencyCode)?.name ?? dossier.agencyCode;
      const where = dossier.channel === 'post' ? 'Ban giay gui qua buu chinh' : `Nhan ban giay tai Bo phan Mot cua ${agency}`;
      await enqueueNotification({
        key: `result-returned:${dossierCode}`, dossierCode, channel: 'sms', to: dossier.applicant.phone,
        text: `Ho so ${dossierCode} da co ket qua ${dossier.result.documentNumber ?? ''}, da luu vao kho du lieu cua ban tren Cong DVCQG. ${where}. Tra cuu: ${deps.config.PUBLIC_BASE_URL}/tra-cuu/${dossierCode}`,
      }, deps.now());
    }
    await recordStep(dossierCode, JobType.returnResult, { status: 'returned', set: { returnedAt } }, deps.now());
    return { returnedAt: returnedAt.toISOString() };
  },
});
