import { findAgency } from '../core/data/agencies';
import { findProcedure } from '../core/data/procedures';
import type { DossierRecord } from '../core/repositories/dossiers';
import { findFileByKey, putFile, type StoredFile } from '../core/repositories/files';
import { notifyApplicant } from '../core/repositories/notifications';
import { renderNotice, type NoticeData } from '../core/pdf/render-notice';
import { localDateParts, receiptDateTime } from '../core/rules/local-time';
import type { WorkerDeps } from './deps';

/**
 * A notice of the one-stop desk at intake (form 02 supplement request, form 03 refusal): rendered once,
 * signed by the officer who decided at the desk (their own key; a decision made in Tasklist has no
 * verified person and the notice goes out unsigned, for a handwritten signature), stored under `key`,
 * and announced to the applicant on the channels they gave (SMS, Zalo, e-mail) through the outbox under the same key. A re-delivered job finds
 * the stored file and the outbox row and makes neither again.
 */
export interface IntakeNotice {
  kind: NoticeData['kind'];
  key: string;
  reason: string;
  /** the Keycloak subject of the officer who decided, from the decision the API recorded */
  signerSubject?: string;
  supplementUntil?: Date;
  /** apology: the appointment first given, and the new one */
  dueAt?: Date;
  newDueAt?: Date;
}

const reasonOf: Record<NoticeData['kind'], string> = {
  supplement: 'Yêu cầu bổ sung, hoàn thiện hồ sơ', refusal: 'Từ chối tiếp nhận hồ sơ', apology: 'Xin lỗi và hẹn lại ngày trả kết quả', stop: 'Dừng giải quyết hồ sơ',
};

export async function issueIntakeNotice(deps: WorkerDeps, dossier: DossierRecord, notice: IntakeNotice): Promise<{ file: StoredFile; signed: boolean }> {
  const tz = deps.config.TZ_OFFSET;
  let file = await findFileByKey(notice.key);
  if (!file) {
    const now = deps.now();
    const agency = findAgency(dossier.agencyCode);
    const signer = notice.signerSubject ? await deps.keys.person(notice.signerSubject) : undefined;
    const { day, month, year } = localDateParts(now, tz);
    const pdf = await renderNotice({
      kind: notice.kind,
      agencyName: agency?.name ?? dossier.agencyCode,
      dossierCode: dossier.code,
      procedureName: findProcedure(dossier.procedureCode)?.name ?? dossier.procedureCode,
      applicantName: dossier.applicant.fullName,
      receivedAtText: receiptDateTime(dossier.receivedAt, tz),
      reason: notice.reason,
      ...(notice.supplementUntil ? { supplementUntilText: receiptDateTime(notice.supplementUntil, tz) } : {}),
      ...(notice.dueAt ? { dueAtText: receiptDateTime(notice.dueAt, tz) } : {}),
      ...(notice.newDueAt ? { newDueAtText: receiptDateTime(notice.newDueAt, tz) } : {}),
      ...(signer ? { officerName: signer.name } : {}),
      placeDateText: `ngày ${String(day).padStart(2, '0')} tháng ${String(month).padStart(2, '0')} năm ${year}`,
      lookupUrl: `${deps.config.PUBLIC_BASE_URL}/tra-cuu/${encodeURIComponent(dossier.code)}`,
    }, now);
    const bytes = signer
      ? await signer.signer.signPdf(pdf, { signerName: signer.name, reason: reasonOf[notice.kind], signedAt: now, placement: 'bottom-right', lines: [`Mã hồ sơ ${dossier.code}`] })
      : pdf;
    file = await putFile(bytes, `${dossier.code}.${{ supplement: 'phieu-yeu-cau-bo-sung', refusal: 'phieu-tu-choi', apology: 'phieu-xin-loi', stop: 'thong-bao-dung' }[notice.kind]}.pdf`, {
      key: notice.key, dossierCode: dossier.code, kind: `notice-${notice.kind}`, signed: Boolean(signer), ...(notice.signerSubject ? { signerSubject: notice.signerSubject } : {}),
    });
  }
  const what = {
    supplement: `cần bổ sung, hoàn thiện: ${notice.reason}`,
    refusal: `không được tiếp nhận. Lý do: ${notice.reason}`,
    stop: `đã dừng giải quyết. Lý do: ${notice.reason}`,
    apology: `trễ hạn; cơ quan xin lỗi và hẹn lại: ${notice.reason}`,
  }[notice.kind].slice(0, 200);
  await notifyApplicant(dossier.applicant, {
    key: notice.key, dossierCode: dossier.code, subject: `Hồ sơ ${dossier.code}: ${reasonOf[notice.kind].toLowerCase()}`,
    text: `Hồ sơ ${dossier.code} ${what}. Tra cứu: ${deps.config.PUBLIC_BASE_URL}/tra-cuu/${dossier.code}`,
  }, deps.now());
  return { file, signed: file.metadata.signed === true };
}
