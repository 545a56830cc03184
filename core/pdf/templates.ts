import { findAgency, provinceOf } from '../data/agencies';
import type { DocumentTemplate, ProcedureSpec } from '../data/procedures';
import { IncidentError } from '../errors';
import type { Dossier, IssuedDocument } from '../models/dossier.model';
import { issuedDocumentSpec } from '../rules/issuance';
import { renderLandUseDecision, renderLandUseSubmission } from './render-land-use';
import { documentBlanks, issueBlanks, renderBirthExtract, vnDate, type IssueBlank } from './render-result';

/**
 * The catalog names a template for each document a procedure issues (core/data/procedures.ts); here each
 * template gets what it prints from the dossier, and says which blanks the clerk fills at issuance. A
 * document whose data the dossier does not hold yet (the specialist did not record it at review) cannot
 * be drafted: an incident, not a document with holes.
 */
export interface DraftInput {
  dossier: Pick<Dossier, 'code' | 'agencyCode' | 'applicant' | 'subject' | 'receivedAt' | 'birthRecord' | 'landUse' | 'reviewDecisions' | 'submission'>;
  procedure: ProcedureSpec;
  document: IssuedDocument;
  /** the agency whose leader signs and whose register numbers the document */
  issuingAgencyCode: string;
  renderedAt: Date;
}

export function templateOf(procedure: ProcedureSpec, document: IssuedDocument): DocumentTemplate {
  const { template, name } = issuedDocumentSpec(procedure, document);
  if (!template) throw new IncidentError(`procedure ${procedure.code} has no template for its ${document} "${name}"; add one in core/pdf/templates.ts and name it in the catalog`);
  return template;
}

export async function renderDraftDocument(input: DraftInput): Promise<Buffer> {
  const { dossier, procedure, document, renderedAt } = input;
  const { symbol } = issuedDocumentSpec(procedure, document);
  const template = templateOf(procedure, document);
  switch (template) {
    case 'birth-extract':
      return renderBirthExtract({
        ...(dossier.birthRecord ? { record: dossier.birthRecord } : {}),
        symbol,
        issuedAt: renderedAt,
        agencyName: findAgency(input.issuingAgencyCode)?.name ?? input.issuingAgencyCode,
        childName: dossier.subject?.fullName ?? '',
        childDateOfBirth: dossier.subject?.dateOfBirth ?? '',
        applicantName: dossier.applicant.fullName,
        dossierCode: dossier.code,
      });
    case 'land-use-submission':
    case 'land-use-decision': {
      const record = dossier.landUse;
      if (!record) throw new IncidentError(`dossier ${dossier.code}: the parcel and purposes were not recorded at review; nothing to draft from`);
      const provinceName = provinceOf(dossier.agencyCode)?.shortName;
      if (!provinceName) throw new IncidentError(`agency ${dossier.agencyCode} has no province with a short name to print`);
      const department = findAgency(dossier.agencyCode);
      const departmentName = department?.shortName ?? department?.name ?? dossier.agencyCode;
      const organization = { organizationName: dossier.applicant.fullName, organizationTaxCode: dossier.applicant.idNumber };
      if (template === 'land-use-submission') {
        const accepted = [...(dossier.reviewDecisions ?? [])].reverse().find((d) => d.decision === 'accept');
        return renderLandUseSubmission({
          symbol, issuedAt: renderedAt, provinceName, departmentName, ...organization, dossierCode: dossier.code, record,
          receivedOn: dateText(dossier.receivedAt),
          reviewOpinion: accepted?.note ?? 'Hồ sơ đầy đủ, hợp lệ; việc chuyển mục đích sử dụng đất phù hợp kế hoạch sử dụng đất đã được phê duyệt.',
        });
      }
      const submitted = dossier.submission?.issued;
      return renderLandUseDecision({
        symbol, issuedAt: renderedAt, provinceName, submittingAgencyName: departmentName, ...organization, dossierCode: dossier.code,
        record: { ...record, ...(submitted?.documentNumber && submitted.issuedAt ? { submission: { number: submitted.documentNumber, date: dateText(submitted.issuedAt) } } : {}) },
      });
    }
  }
}

/** The blanks the clerk fills when the document is issued: the head's number and date, and a birth extract's register entry. */
export function issueBlanksOf(template: DocumentTemplate, number: number, issuedAt: Date): IssueBlank[] {
  return template === 'birth-extract' ? issueBlanks(number, issuedAt) : documentBlanks(number, issuedAt);
}

/** "20/11/2026", in Vietnam's calendar */
function dateText(at: Date): string {
  const { d, m, y } = vnDate(at);
  return `${d}/${m}/${y}`;
}
