import { z } from 'zod';
import { findAgency } from '../../core/data/agencies';
import { findProcedure } from '../../core/data/procedures';
import { JobType, type ReturnResultOutput } from '../../core/process/steps';
import { getDossier, recordStep } from '../../core/repositories/dossiers';
import { notifyApplicant } from '../../core/repositories/notifications';
import { resultDeliveryOf } from '../../core/rules/intake';
import { defineStep } from '../step';

/**
 * Trả kết quả điện tử — the electronic result is in the warehouse of the person it is about (store-result);
 * this returns it: the applicant is told on the channels they gave (SMS, Zalo, e-mail, through the outbox,
 * once under the dossier's key) where the paper result comes — waiting at the desk, or going by post — and
 * the diagram branches on `resultDelivery` to hand-over-result or post-result (seed 003 step 6).
 */
export const returnResult = defineStep({
  type: JobType.returnResult,
  description: 'Return the electronic result and tell the applicant where the paper result comes',
  input: z.object({ dossierCode: z.string().min(1) }),
  outputs: ['resultDelivery'],
  async handle({ dossierCode }, { deps }) {
    const dossier = await getDossier(dossierCode);
    if (!dossier.result?.warehouseCode) throw new Error(`dossier ${dossierCode} has no stored result to return`);
    const resultDelivery = dossier.resultDelivery ?? resultDeliveryOf(dossier);
    const agency = findAgency(dossier.agencyCode)?.name ?? dossier.agencyCode;
    const what = findProcedure(dossier.procedureCode)?.result.name ?? 'kết quả';
    const where = resultDelivery === 'post'
      ? 'Bản giấy được gửi qua bưu chính; số hiệu bưu gửi sẽ được báo tiếp'
      : `Mời ông/bà nhận bản giấy tại Bộ phận Một cửa ${agency}, mang theo giấy tờ tùy thân`;
    await notifyApplicant(dossier.applicant, {
      key: `result-returned:${dossierCode}`, dossierCode, subject: `Hồ sơ ${dossierCode} đã có kết quả`,
      text: `Hồ sơ ${dossierCode} đã có kết quả (${what} số ${dossier.result.documentNumber ?? ''}), đã lưu vào kho dữ liệu của ông/bà trên Cổng DVCQG. ${where}. Tra cứu: ${deps.config.PUBLIC_BASE_URL}/tra-cuu/${dossierCode}`,
    }, deps.now());
    await recordStep(dossierCode, JobType.returnResult, {
      ...(resultDelivery === 'desk' ? { status: 'ready-for-collection' as const } : {}),
      note: resultDelivery === 'post' ? 'Đã trả bản điện tử; bản giấy gửi qua bưu chính' : 'Đã trả bản điện tử; bản giấy chờ trao tại Một cửa',
    }, deps.now());
    const output: ReturnResultOutput = { resultDelivery };
    return { ...output };
  },
});
