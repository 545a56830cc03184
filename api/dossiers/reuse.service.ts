import { Types } from 'mongoose';
import type { StaffMember } from '../../core/auth/staff-token';
import { findProcedure, type ComponentSpec, type ProcedureSpec } from '../../core/data/procedures';
import { notFound, ruleViolated, type Violation } from '../../core/errors';
import { AuditEntryModel } from '../../core/models/audit-entry.model';
import { WarehouseDocumentModel, type WarehouseDocument } from '../../core/models/warehouse-document.model';
import { appendAudit } from '../../core/repositories/audit';
import { getVerifiedFile } from '../../core/repositories/files';
import { currentAuditSource } from '../../core/audit-source';
import { identityViolations, maskWarehouseCode, type IdType } from '../../core/rules/identity';
import { localIsoDate } from '../../core/rules/local-time';
import { stillValid } from '../../core/rules/validity';
import type { DossierServiceDeps } from './dossiers.service';

/**
 * Reuse of what the applicant's electronic data warehouse already holds (DOMAIN §4.3): documents of the
 * applicant, of a type a component of the procedure asks for, still valid today, are offered; the officer
 * opens one (recorded) and only then may the dossier take it instead of a scan. A still-valid earlier
 * result in the warehouse must not be scanned again. Offers are named by an opaque id, never by the
 * warehouse code, which starts with the owner's full ID number.
 */
export type WarehouseRecord = WarehouseDocument & { _id: Types.ObjectId };

const viewEvent = (documentId: string, subject: string) => `warehouse-view:${documentId}:${subject}`;

async function validDocumentsOf(ownerIdNumber: string, types: string[], todayIso: string): Promise<WarehouseRecord[]> {
  const docs = (await WarehouseDocumentModel.find({ ownerIdNumber, documentTypeCode: { $in: types } }).lean()) as unknown as WarehouseRecord[];
  return docs.filter((d) => stillValid(d.validity, todayIso));
}

export async function reuseOffers(deps: DossierServiceDeps, query: { procedureCode: string; idType: IdType; idNumber: string }) {
  const procedure = findProcedure(query.procedureCode);
  const violations: Violation[] = [
    ...(procedure ? [] : [{ field: 'procedureCode', rule: 'known-procedure', message: `Không có thủ tục mã ${query.procedureCode}` }]),
    ...identityViolations(query.idType, query.idNumber, { field: 'idNumber', now: deps.now() }),
  ];
  if (violations.length > 0 || !procedure) throw ruleViolated(violations);
  const docs = await validDocumentsOf(query.idNumber, procedure.components.map((c) => c.documentTypeCode), localIsoDate(deps.now(), deps.config.TZ_OFFSET));
  return {
    procedureCode: procedure.code,
    components: procedure.components.map((c) => ({
      code: c.code,
      name: c.name,
      offers: docs.filter((d) => d.documentTypeCode === c.documentTypeCode).map((d) => ({
        id: String(d._id), name: d.name, kind: d.kind, code: maskWarehouseCode(d.code, d.ownerIdNumber),
        issuedAt: d.issuedAt, validUntil: d.validity?.until, file: `/api/warehouse/${String(d._id)}/file`,
      })),
    })),
  };
}

/** The officer opens a warehouse document of the applicant (whose ID they give); the opening is audited. */
export async function viewWarehouseDocument(deps: DossierServiceDeps, staff: StaffMember, id: string, ownerIdNumber: string): Promise<Buffer> {
  const doc = Types.ObjectId.isValid(id) ? ((await WarehouseDocumentModel.findById(id).lean()) as unknown as WarehouseRecord | null) : null;
  // someone else's document answers like a missing one
  if (!doc || doc.ownerIdNumber !== ownerIdNumber) throw notFound('giấy tờ trong kho', id);
  const pdf = await getVerifiedFile(doc.fileId, doc.sha256, `warehouse document ${id}`);
  await appendAudit({
    eventId: viewEvent(id, staff.subject), dossierCode: `warehouse:${id}`, action: 'warehouse.viewed',
    actor: { kind: 'staff', subject: staff.subject, name: staff.name }, source: currentAuditSource(), details: { documentTypeCode: doc.documentTypeCode }, at: deps.now(),
  });
  return pdf;
}

export interface ReusedComponent {
  spec: ComponentSpec;
  doc: WarehouseRecord;
}

/**
 * The reuse a submission asks for, checked: a component of the procedure, not also uploaded, a document
 * of the applicant, of the component's type, still valid, opened by this officer. And no upload of a
 * component whose still-valid earlier result the warehouse already holds.
 */
export async function checkReuse(
  deps: DossierServiceDeps,
  procedure: ProcedureSpec,
  owner: { idNumber: string },
  reuse: Record<string, { documentId: string }>,
  uploadedCodes: Set<string>,
  officerSubject: string,
): Promise<{ violations: Violation[]; reused: ReusedComponent[] }> {
  const todayIso = localIsoDate(deps.now(), deps.config.TZ_OFFSET);
  const violations: Violation[] = [];
  const reused: ReusedComponent[] = [];
  for (const [code, { documentId }] of Object.entries(reuse)) {
    const field = `reuse.${code}`;
    const spec = procedure.components.find((c) => c.code === code);
    if (!spec) { violations.push({ field, rule: 'known-component', message: `Thành phần ${code} không thuộc thủ tục ${procedure.name}` }); continue; }
    if (uploadedCodes.has(code)) { violations.push({ field, rule: 'reuse-or-scan', message: `Thành phần ${spec.name}: dùng lại giấy tờ trong kho hoặc nộp bản quét, không cả hai` }); continue; }
    const doc = Types.ObjectId.isValid(documentId) ? ((await WarehouseDocumentModel.findById(documentId).lean()) as unknown as WarehouseRecord | null) : null;
    if (!doc || doc.ownerIdNumber !== owner.idNumber) { violations.push({ field, rule: 'reuse-owner', message: 'Giấy tờ không có trong kho dữ liệu của người nộp' }); continue; }
    if (doc.documentTypeCode !== spec.documentTypeCode) { violations.push({ field, rule: 'reuse-type', message: `Giấy tờ trong kho là loại ${doc.documentTypeCode}, thành phần cần loại ${spec.documentTypeCode}` }); continue; }
    if (!stillValid(doc.validity, todayIso)) { violations.push({ field, rule: 'reuse-expired', message: 'Giấy tờ trong kho đã hết hiệu lực; cần nộp bản mới' }); continue; }
    if (!(await AuditEntryModel.exists({ eventId: viewEvent(documentId, officerSubject) }))) {
      violations.push({ field, rule: 'reuse-not-viewed', message: 'Cán bộ phải mở và đối chiếu giấy tờ trong kho trước khi dùng lại' });
      continue;
    }
    reused.push({ spec, doc });
  }
  // a still-valid earlier result already in the warehouse is not scanned, signed or attached again
  const earlierResults = procedure.components.filter((c) => c.classification === 'earlier-result' && uploadedCodes.has(c.code));
  if (earlierResults.length > 0) {
    const held = await validDocumentsOf(owner.idNumber, earlierResults.map((c) => c.documentTypeCode), todayIso);
    for (const c of earlierResults) {
      if (held.some((d) => d.documentTypeCode === c.documentTypeCode)) {
        violations.push({ field: `files.${c.code}`, rule: 'earlier-result-in-warehouse', message: `${c.name} còn hiệu lực đã có trong kho dữ liệu của người nộp: dùng lại, không quét lại` });
      }
    }
  }
  return { violations, reused };
}
