import { z } from 'zod';
import holidays from '../../core/data/holidays.json';
import { findProcedure } from '../../core/data/procedures';
import { endedStatuses } from '../../core/models/dossier.model';
import { JobType, stepNameVi } from '../../core/process/steps';
import { getDossier, recordStep } from '../../core/repositories/dossiers';
import { receiptDateTime } from '../../core/rules/local-time';
import { dueDate } from '../../core/rules/working-days';
import { issueIntakeNotice } from '../intake-notice';
import { defineStep } from '../step';

/**
 * Xin lỗi và hẹn lại ngày trả kết quả — half a day (LATE_NOTICE_LEAD_HALF_DAYS) before the due date the
 * dossier is still at a staff step (a late-notice timer on that step fired): before the due date passes,
 * the applicant gets the apology letter (TT 03/2025 form 04; Decree 61/2018 Art. 19 (4)) with a new
 * appointment — the procedure's own duration again, counted from the due date — by SMS as well. Once per
 * dossier. No person did this step, so the letter is issued for a handwritten signature. The legal due
 * date stays (the dossier counts as late); the new appointment is `appointmentAt`.
 */
export const issueApology = defineStep({
  type: JobType.issueApology,
  description: 'Issue the apology letter with a new appointment (form 04) to a dossier that is going to be late',
  input: z.object({ dossierCode: z.string().min(1), lateAtStep: z.string().min(1) }),
  outputs: ['apologyIssued'],
  async handle({ dossierCode, lateAtStep }, { deps }) {
    const dossier = await getDossier(dossierCode);
    // ended or numbered dossiers get none: there is nothing late left to apologize for
    if (dossier.apology || endedStatuses.includes(dossier.status)) return { apologyIssued: Boolean(dossier.apology) };
    const procedure = findProcedure(dossier.procedureCode);
    if (!procedure) throw new Error(`procedure ${dossier.procedureCode} is not in the catalog`);
    const tz = deps.config.TZ_OFFSET;
    const newDueAt = dueDate(dossier.dueAt, Math.max(1, procedure.workingDays), holidays, tz);
    const step = stepNameVi[lateAtStep] ?? lateAtStep;
    const reason = `Hồ sơ đang ở bước "${step}", chưa giải quyết xong trước hạn trả kết quả ${receiptDateTime(dossier.dueAt, tz)}.`;
    const notice = await issueIntakeNotice(deps, dossier, { kind: 'apology', key: `apology:${dossierCode}`, reason, dueAt: dossier.dueAt, newDueAt });
    const at = deps.now();
    await recordStep(dossierCode, JobType.issueApology, {
      note: `Xin lỗi, hẹn lại ngày trả kết quả: ${receiptDateTime(newDueAt, tz)}`,
      set: { apology: { lateAt: lateAtStep, reason, newDueAt, at, fileId: notice.file.id, sha256: notice.file.sha256, signed: notice.signed }, appointmentAt: newDueAt },
    }, at);
    return { apologyIssued: true };
  },
});
