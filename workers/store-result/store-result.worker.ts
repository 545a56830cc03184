import { z } from 'zod';
import { issuedDocuments } from '../../core/models/dossier.model';
import { issuanceOf, issuancePaths, issuedDocumentSpec } from '../../core/rules/issuance';
import { validityUntil } from '../../core/rules/validity';
import { findAgency } from '../../core/data/agencies';
import { findProcedure } from '../../core/data/procedures';
import { JobType } from '../../core/process/steps';
import { getDossier, recordStep, type DossierRecord } from '../../core/repositories/dossiers';
import { saveToWarehouse, type WarehouseEntryInput } from '../../core/repositories/warehouse';
import { getVerifiedFile } from '../../core/repositories/files';
import { inspectPdf } from '../../core/pdf/inspect-pdf';
import { defineStep } from '../step';

/**
 * Lưu kết quả vào kho — the issued result is digitized with its code and metadata and stored in the
 * warehouse of the person it is about, for reuse in later procedures (seed 001 §3, result code
 * <ID>.KQ.…): the child's for a birth extract (their personal ID number, assigned at registration),
 * otherwise the applicant's. It is flagged final: the procedure's result, not an intermediate document.
 */
function resultOwner(dossier: DossierRecord): WarehouseEntryInput['owner'] {
  const childId = dossier.birthRecord?.personalIdNumber;
  return childId && dossier.subject?.fullName ? { idType: 'CCCD', idNumber: childId, fullName: dossier.subject.fullName } : dossier.applicant;
}

export const storeResult = defineStep({
  type: JobType.storeResult,
  description: "Store the issued result in the applicant's electronic data warehouse",
  input: z.object({ dossierCode: z.string().min(1), issuedDocument: z.enum(issuedDocuments).optional().nullable() }),
  outputs: ['resultInWarehouse'],
  async handle({ dossierCode, issuedDocument: documentInput }, { deps }) {
    const issuedDocument = documentInput ?? 'result';
    const dossier = await getDossier(dossierCode);
    const procedure = findProcedure(dossier.procedureCode);
    const result = issuanceOf(dossier, issuedDocument).issued;
    if (!procedure || !result?.signature || !result.documentNumber) {
      throw new Error(`dossier ${dossierCode} has no issued ${issuedDocument} to store`);
    }
    const spec = issuedDocumentSpec(procedure, issuedDocument);
    const issuerCode = result.agencyCode ?? dossier.agencyCode;
    // counted here, off the API: a later reuse of the result takes the count from the warehouse entry
    const pages = await inspectPdf(await getVerifiedFile(result.signature.fileId, result.signature.sha256, `result of ${dossierCode} for the warehouse`));
    const { code } = await saveToWarehouse({
      // the result once per dossier; an intermediate document once per issued number (it may be issued again)
      sourceKey: issuedDocument === 'result' ? `${dossierCode}:result` : `${dossierCode}:${issuedDocument}:${result.documentNumber}`,
      ...(pages.ok ? { pageCount: pages.pageCount } : {}),
      dossierCode,
      procedureCode: dossier.procedureCode,
      owner: resultOwner(dossier),
      documentTypeCode: spec.documentTypeCode,
      name: spec.name,
      summary: `${spec.name} của ${dossier.subject?.fullName ?? dossier.applicant.fullName}`,
      kind: 'result',
      // an intermediate document (a department's submission) is kept, flagged: not the procedure's result
      final: spec.final,
      numberSymbol: result.documentNumber,
      issuedAt: result.issuedAt ?? undefined,
      issuer: findAgency(issuerCode)?.name ?? issuerCode,
      fileId: result.signature.fileId,
      sha256: result.signature.sha256,
      // a result with a validity (e.g. a certificate valid 6 months) gets its expiry date: reuse stops offering it then
      ...(spec.final && procedure.result.validity && result.issuedAt
        ? { validity: { duration: procedure.result.validity, until: validityUntil(procedure.result.validity, result.issuedAt) } }
        : {}),
    });
    // the code begins with the owner's full ID number: kept in the database, not in notes or process variables
    await recordStep(dossierCode, issuedDocument === 'result' ? JobType.storeResult : `${JobType.storeResult}:${issuedDocument}:${result.documentNumber}`, {
      note: issuedDocument === 'result' ? 'Lưu kết quả vào kho' : `Lưu ${spec.name} vào kho (văn bản trung gian, không phải kết quả giải quyết)`,
      set: { [`${issuancePaths(issuedDocument).issued}.warehouseCode`]: code },
    }, deps.now());
    return { resultInWarehouse: true };
  },
});
