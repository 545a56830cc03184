import { z } from 'zod';
import { PostalRefusedError } from '../../core/adapters/postal';
import { findAgency } from '../../core/data/agencies';
import { findProcedure } from '../../core/data/procedures';
import { IncidentError } from '../../core/errors';
import { JobType } from '../../core/process/steps';
import { getDossier, recordStep } from '../../core/repositories/dossiers';
import { notifyApplicant } from '../../core/repositories/notifications';
import { defineStep } from '../step';

/**
 * Gửi kết quả qua bưu chính — the paper result goes to the applicant's address by the public postal
 * service. The order is keyed by the dossier code, so a re-delivered job, or one whose worker died after
 * booking, gets the same shipment back instead of a second one; its S10 tracking number is kept on the
 * dossier and sent to the applicant, and the dossier is returned (handed to the post). An order the post
 * refuses (an address it cannot serve) is an incident for an administrator, not a retry.
 */
export const postResult = defineStep({
  type: JobType.postResult,
  description: 'Send the paper result by post and tell the applicant the tracking number',
  input: z.object({ dossierCode: z.string().min(1) }),
  outputs: ['postalItemCode'],
  async handle({ dossierCode }, { deps }) {
    const dossier = await getDossier(dossierCode);
    const address = dossier.applicant.address;
    if (!address) throw new IncidentError(`dossier ${dossierCode} is to be returned by post but has no mailing address`);
    let itemCode = dossier.postal?.itemCode;
    if (!itemCode) {
      const procedure = findProcedure(dossier.procedureCode);
      try {
        ({ itemCode } = await deps.postal.createShipment({
          orderCode: dossierCode,
          sender: { name: `Bộ phận Một cửa ${findAgency(dossier.agencyCode)?.name ?? dossier.agencyCode}` },
          receiver: { name: dossier.applicant.fullName, address, ...(dossier.applicant.phone ? { phone: dossier.applicant.phone } : {}) },
          content: `Kết quả TTHC ${procedure?.name ?? dossier.procedureCode}: ${procedure?.result.name ?? ''} ${dossier.result?.documentNumber ?? ''}`.trim(),
        }));
      } catch (err) {
        if (err instanceof PostalRefusedError) throw new IncidentError(`postal service refused the order of dossier ${dossierCode} (field ${err.field}): correct it on the dossier, then retry the job in Operate`);
        throw err;
      }
    }
    const sentAt = dossier.postal?.sentAt ?? deps.now();
    await recordStep(dossierCode, JobType.postResult, {
      status: 'returned', note: `Đã gửi kết quả qua bưu chính, số hiệu bưu gửi ${itemCode}`,
      set: { postal: { itemCode, sentAt }, returnedAt: dossier.returnedAt ?? sentAt },
    }, deps.now());
    await notifyApplicant(dossier.applicant, {
      key: `result-posted:${dossierCode}`, dossierCode, subject: `Hồ sơ ${dossierCode}: kết quả đã gửi qua bưu chính`,
      text: `Kết quả hồ sơ ${dossierCode} đã gửi qua bưu chính, số hiệu bưu gửi ${itemCode}. Tra cứu: ${deps.config.PUBLIC_BASE_URL}/tra-cuu/${dossierCode}`,
    }, deps.now());
    return { postalItemCode: itemCode };
  },
});
