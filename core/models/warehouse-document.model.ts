import { Schema, model, type Types } from 'mongoose';
import { idTypes, type IdType } from '../rules/identity';

export interface WarehouseDocument {
  code: string;
  ownerIdNumber: string;
  ownerIdType: IdType;
  ownerName: string;
  documentTypeCode: string;
  name: string;
  summary: string;
  kind: 'component' | 'result';
  /**
   * results: true for a procedure's result, false for an intermediate document (a consulted agency's
   * reply, a department's submission) that is kept but is "not a procedure result"
   */
  final?: boolean;
  numberSymbol?: string;
  issuedAt?: Date;
  issuer?: string;
  validity?: { duration?: string; until?: Date; scope?: string };
  fileId: Types.ObjectId;
  sha256: string;
  /** pages of the file, counted when it was stored: reuse needs no second parse of the PDF */
  pageCount?: number;
  source: { key: string; dossierCode: string; procedureCode: string };
}

/**
 * An entry of the applicant's electronic data warehouse (Kho quản lý dữ liệu điện tử của tổ chức,
 * cá nhân). Minimum metadata per seed 003 / Decree 107/2021: type code, owner ID, name, summary,
 * validity period and scope; plus where it came from so a repeated job finds it instead of adding
 * a duplicate.
 */
const warehouseDocumentSchema = new Schema<WarehouseDocument>(
  {
    code: { type: String, required: true }, // <owner ID>.<document type code>.<sequence>
    ownerIdNumber: { type: String, required: true },
    ownerIdType: { type: String, enum: idTypes, required: true },
    ownerName: { type: String, required: true },
    documentTypeCode: { type: String, required: true },
    name: { type: String, required: true },
    summary: { type: String, required: true }, // trích yếu
    kind: { type: String, enum: ['component', 'result'], required: true },
    final: { type: Boolean },
    numberSymbol: { type: String }, // số, ký hiệu (filled by officer / clerk)
    issuedAt: { type: Date },
    issuer: { type: String },
    validity: {
      duration: { type: String }, // 1d, 3m, 5y, 10y; absent = no expiry
      until: { type: Date },
      scope: { type: String },
    },
    fileId: { type: Schema.Types.ObjectId, required: true },
    sha256: { type: String, required: true },
    pageCount: { type: Number },
    source: {
      key: { type: String, required: true }, // <dossier code>:<component code | result>
      dossierCode: { type: String, required: true },
      procedureCode: { type: String, required: true },
    },
  },
  { timestamps: true, collection: 'warehouse_documents' },
);

// serves: look-up by code (reuse in later dossiers, the national portal's MaGiayToKetQua)
warehouseDocumentSchema.index({ code: 1 }, { unique: true });
// serves: idempotent save — one entry per dossier component / result
warehouseDocumentSchema.index({ 'source.key': 1 }, { unique: true });
// serves: "documents of this owner" (reuse at intake, later issue)
warehouseDocumentSchema.index({ ownerIdNumber: 1, documentTypeCode: 1 });

export const WarehouseDocumentModel = model('WarehouseDocument', warehouseDocumentSchema);
