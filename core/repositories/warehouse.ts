import { WarehouseDocumentModel, type WarehouseDocument } from '../models/warehouse-document.model';
import { formatWarehouseCode } from '../rules/codes';
import type { IdType } from '../rules/identity';
import { allocateSequence } from './sequences';

/** What a step knows about the document; the code, owner fields and source are derived here. */
export type WarehouseEntryInput = Pick<
  WarehouseDocument,
  'documentTypeCode' | 'name' | 'summary' | 'kind' | 'final' | 'numberSymbol' | 'issuedAt' | 'issuer' | 'fileId' | 'sha256' | 'pageCount'
> & {
  sourceKey: string; // <dossier code>:<component code | result>
  validity?: { duration?: string; until?: Date; scope?: string };
  dossierCode: string;
  procedureCode: string;
  owner: { idType: IdType; idNumber: string; fullName: string };
};

/**
 * Lưu vào kho dữ liệu điện tử (mandatory, seed 004: it is what the national portal counts).
 * One entry per source: a repeated call returns the entry already saved, with the same code.
 */
export async function saveToWarehouse(input: WarehouseEntryInput): Promise<{ code: string }> {
  const existing = await WarehouseDocumentModel.findOne({ 'source.key': input.sourceKey }, { code: 1 }).lean();
  if (existing) return { code: existing.code };
  const { value } = await allocateSequence(
    `warehouse:${input.owner.idNumber}:${input.documentTypeCode}`,
    `warehouse:${input.sourceKey}`,
    new Date(),
  );
  const code = formatWarehouseCode(input.owner.idNumber, input.documentTypeCode, value);
  const doc: WarehouseDocument = {
    code,
    ownerIdNumber: input.owner.idNumber,
    ownerIdType: input.owner.idType,
    ownerName: input.owner.fullName,
    documentTypeCode: input.documentTypeCode,
    name: input.name,
    summary: input.summary,
    kind: input.kind,
    ...(input.final === undefined ? {} : { final: input.final }),
    numberSymbol: input.numberSymbol,
    issuedAt: input.issuedAt,
    issuer: input.issuer,
    validity: input.validity ?? {},
    fileId: input.fileId,
    sha256: input.sha256,
    ...(input.pageCount ? { pageCount: input.pageCount } : {}),
    source: { key: input.sourceKey, dossierCode: input.dossierCode, procedureCode: input.procedureCode },
  };
  try {
    await WarehouseDocumentModel.create(doc);
  } catch (err) {
    // a concurrent delivery of the same job saved it first: that entry is the answer
    if ((err as { code?: number }).code !== 11000) throw err;
    const winner = await WarehouseDocumentModel.findOne({ 'source.key': input.sourceKey }, { code: 1 }).lean();
    if (!winner) throw err;
    return { code: winner.code };
  }
  return { code };
}

export async function findWarehouseDocument(code: string) {
  return (await WarehouseDocumentModel.findOne({ code }).lean()) ?? undefined;
}
