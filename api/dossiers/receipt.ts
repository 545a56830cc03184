import { vnd, type FeeItem } from '../../core/rules/fees';
import type { KeyStore } from '../../core/adapters/signer/key-store';
import { findAgency } from '../../core/data/agencies';
import { findProcedure, type CopyKind, type ProcedureSpec } from '../../core/data/procedures';
import { AppError, conflict, notFound } from '../../core/errors';
import { renderReceipt } from '../../core/pdf/render-receipt';
import { findDossier, type DossierRecord, updateDossier } from '../../core/repositories/dossiers';
import { findFileByKey, getVerifiedFile, putFile } from '../../core/repositories/files';
import { receiptDateTime } from '../../core/rules/local-time';
import type { DossierServiceDeps } from './dossiers.service';

/**
 * The receipt and appointment slip of a dossier (form 01, core/pdf/render-receipt.ts), made once and
 * signed with the key of the officer who received the dossier — at intake, by that logged-in officer.
 * Stored under `receipt:<code>`; every later reading gets the same signed file.
 */
export type ReceiptDeps = DossierServiceDeps & { keys?: KeyStore };

const copyVi: Record<CopyKind, string> = {
  original: 'bản chính',
  'certified-copy': 'bản sao có chứng thực',
  copy: 'bản sao',
  'original-or-certified-copy': 'bản chính hoặc bản sao có chứng thực',
};

export function feeText(procedure: ProcedureSpec, hasOnDemand: boolean, owed: readonly FeeItem[] = []): string {
  const { amount, per } = procedure.fee;
  const base = amount === 0 ? 'Không thu phí, lệ phí' : `${amount.toLocaleString('vi-VN')} đồng${per === 'standard-page' ? ' / trang tiêu chuẩn' : ''}`;
  // what this dossier owes besides (extra copies of the result), payable before the result is returned
  const extra = owed.filter((i) => i.name !== 'Phí, lệ phí giải quyết thủ tục').map((i) => `${i.name.toLowerCase()}: ${i.quantity} × ${vnd(i.unitAmount)} = ${vnd(i.amount)}`);
  return [base, ...extra, ...(hasOnDemand ? ['phí số hóa theo yêu cầu theo quy định'] : [])].join('; ');
}

export async function issueReceipt(deps: ReceiptDeps, dossier: DossierRecord, officer: { subject: string; name: string }): Promise<{ pdf: Buffer; sha256: string }> {
  const key = `receipt:${dossier.code}`;
  const existing = await findFileByKey(key);
  if (existing) return { pdf: await getVerifiedFile(existing.id, existing.sha256, `receipt of ${dossier.code}`), sha256: existing.sha256 };
  if (officer.subject !== dossier.officerSubject) {
    throw conflict('Only the officer who received the dossier signs its receipt', 'Phiếu tiếp nhận chỉ do cán bộ đã tiếp nhận hồ sơ ký');
  }
  if (!deps.keys) throw new AppError('DEPENDENCY_UNAVAILABLE', 'Signing is not configured for the API', 'Chưa cấu hình ký số cho máy chủ tiếp nhận');
  const procedure = findProcedure(dossier.procedureCode);
  if (!procedure) throw new Error(`procedure ${dossier.procedureCode} left the catalog`);
  const tz = deps.config.TZ_OFFSET;
  const now = deps.now();
  const pdf = await renderReceipt({
    agencyName: findAgency(dossier.agencyCode)?.name ?? dossier.agencyCode,
    dossierCode: dossier.code,
    procedureName: procedure.name,
    applicantName: dossier.applicant.fullName,
    ...(dossier.applicant.phone ? { applicantPhone: dossier.applicant.phone } : {}),
    ...(dossier.channel === 'post' && dossier.applicant.address ? { mailingAddress: dossier.applicant.address } : {}),
    components: dossier.components.map((c) => {
      const spec = procedure.components.find((s) => s.code === c.code);
      return { name: c.name, copy: spec ? copyVi[spec.copy] : 'bản chính', quantity: spec?.quantity ?? 1 };
    }),
    workingDays: procedure.workingDays,
    receivedAtText: receiptDateTime(dossier.receivedAt, tz),
    dueAtText: receiptDateTime(dossier.dueAt, tz),
    feeText: feeText(procedure, dossier.components.some((c) => c.digitization === 'on-demand'), dossier.fee?.items ?? []),
    officerName: officer.name,
    lookupUrl: `${deps.config.PUBLIC_BASE_URL}/tra-cuu/${encodeURIComponent(dossier.code)}`,
  }, now);
  const signer = await deps.keys.person(officer.subject);
  const signed = await signer.signer.signPdf(pdf, { signerName: signer.name, reason: 'Tiếp nhận hồ sơ', signedAt: now, placement: 'bottom-right', lines: [`Mã hồ sơ ${dossier.code}`] });
  const stored = await putFile(signed, `${dossier.code}.phieu-tiep-nhan.pdf`, { key, dossierCode: dossier.code, kind: 'receipt', signerSubject: officer.subject });
  await updateDossier({ code: dossier.code }, { $set: { receipt: { fileId: stored.id, sha256: stored.sha256, signerName: signer.name, issuedAt: now } } });
  return { pdf: stored.created ? signed : await getVerifiedFile(stored.id, stored.sha256, `receipt of ${dossier.code}`), sha256: stored.sha256 };
}

/** GET …/receipt: the stored receipt; made now only for the officer who received the dossier. */
export async function getReceipt(deps: ReceiptDeps, code: string, caller: { subject: string; name: string }, authorize: (agencyCode: string) => void) {
  const dossier = await findDossier(code);
  if (!dossier) throw notFound('hồ sơ', code);
  authorize(dossier.agencyCode);
  return issueReceipt(deps, dossier, caller);
}
