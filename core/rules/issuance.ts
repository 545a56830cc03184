import type { Dossier, Issuance, IssuedDocument, IssuedRecord } from '../models/dossier.model';
import type { DocumentTemplate, ProcedureSpec } from '../data/procedures';

/**
 * Approval and issuance (bpmn/shared/approve-and-issue.bpmn) run for the procedure's result and, in an
 * inter-agency procedure, first for the lead agency's intermediate document: the department's submission
 * (tờ trình) to the committee that decides (seed 003; seed 001 §2.3: "không phải là kết quả giải quyết").
 * The same steps, one record each: the result's at the dossier's top level (draft, draftVersions,
 * approval, leaderSignature, result), the submission's under `submission`. These functions say where.
 */

/** Where one document's pipeline lives on the dossier, as update paths. */
export interface IssuancePaths {
  draft: string;
  draftVersions: string;
  approval: string;
  leaderSignature: string;
  /** the issued document: number, identifier, date, agency, signature, warehouse code */
  issued: string;
  /** set when issue-result claims the document for numbering (a withdrawal is refused from then on until it is issued) */
  issuingSince: string;
}

export function issuancePaths(document: IssuedDocument): IssuancePaths {
  if (document === 'result') {
    return { draft: 'draft', draftVersions: 'draftVersions', approval: 'approval', leaderSignature: 'leaderSignature', issued: 'result', issuingSince: 'issuingSince' };
  }
  return {
    draft: `${document}.draft`, draftVersions: `${document}.draftVersions`, approval: `${document}.approval`,
    leaderSignature: `${document}.leaderSignature`, issued: `${document}.issued`, issuingSince: `${document}.issuingSince`,
  };
}

/** One document's pipeline as it stands on the dossier. */
export function issuanceOf(dossier: Pick<Dossier, 'draft' | 'draftVersions' | 'approval' | 'leaderSignature' | 'result' | 'issuingSince' | 'submission'>, document: IssuedDocument): Issuance & { issued?: IssuedRecord; issuingSince?: Date } {
  if (document === 'result') {
    const { draft, draftVersions, approval, leaderSignature, result, issuingSince } = dossier;
    return { draft, draftVersions, approval, leaderSignature, issued: result, issuingSince };
  }
  return dossier[document] ?? {};
}

/** What the document is in the catalog: its name, register symbol, warehouse type code, and whether it is the procedure's result. */
export interface IssuedDocumentSpec {
  name: string;
  symbol: string;
  documentTypeCode: string;
  /** the procedure's result (final), or an intermediate document kept but not returned as the result */
  final: boolean;
  template?: DocumentTemplate;
}

/**
 * The catalog's entry for the document. An intermediate document has no type code of its own in the
 * catalog: it is filed under the result's type with the suffix ".TT" (tờ trình), so it is found next to
 * the result it led to and never taken for it (the entry is flagged intermediate as well).
 */
export function issuedDocumentSpec(procedure: Pick<ProcedureSpec, 'result' | 'intermediateResults' | 'code'>, document: IssuedDocument): IssuedDocumentSpec {
  if (document === 'result') {
    const { name, symbol, documentTypeCode, template } = procedure.result;
    return { name, symbol, documentTypeCode, final: true, ...(template ? { template } : {}) };
  }
  const intermediate = procedure.intermediateResults?.[0];
  if (!intermediate) throw new Error(`procedure ${procedure.code} has no intermediate document to issue as a ${document}`);
  return {
    name: intermediate.name, symbol: intermediate.symbol, documentTypeCode: `${procedure.result.documentTypeCode}.TT`, final: false,
    ...(intermediate.template ? { template: intermediate.template } : {}),
  };
}
