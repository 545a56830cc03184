import { z } from 'zod';
import { findAgency, provinceOf } from '../../core/data/agencies';
import { findProcedure } from '../../core/data/procedures';
import { JobType } from '../../core/process/steps';
import { renderDraftDocument } from '../../core/pdf/templates';
import { issuedDocuments } from '../../core/models/dossier.model';
import { issuanceOf, issuancePaths, issuedDocumentSpec } from '../../core/rules/issuance';
import { findFileByKey, putFile } from '../../core/repositories/files';
import { getDossier, recordStep, type DossierRecord, updateDossier } from '../../core/repositories/dossiers';
import { IncidentError } from '../../core/errors';
import type { WorkerDeps } from '../deps';
import { defineStep } from '../step';
import holidays from '../../core/data/holidays.json';
import { approvalStepWorkingDays } from '../../core/rules/step-deadlines';
import { dueDate } from '../../core/rules/working-days';
import { isoDuration } from '../../core/rules/duration';

/**
 * Dự thảo kết quả — the result as the leader will read and sign it, from the procedure's template,
 * without number and date (the clerk gives them at issuance). A new version each time the review comes
 * back here; a re-delivered job finds the version it already stored (key per element activation).
 * Every version is kept in `draftVersions` (who prepared it, when, its SHA-256), viewable by the leader.
 */
export const renderDraft = defineStep({
  type: JobType.renderDraft,
  description: 'Render the draft result the leader reviews and signs',
  // the reviewer's name from the review form: who prepared this version
  input: z.object({
    dossierCode: z.string().min(1),
    reviewerName: z.string().optional().nullable(),
    // which document (the call activity's input; the result unless an inter-agency step drafts a submission)
    issuedDocument: z.enum(issuedDocuments).optional().nullable(),
    // whose leader approves it and whose register numbers it: the dossier's agency unless the diagram says
    issuingAgencyCode: z.string().min(1).optional().nullable(),
  }),
  outputs: ['draftVersion', 'draftSha256', 'approvalRemindAfter', 'approvalEscalateAfter'],
  timeoutMs: 60_000,
  async handle({ dossierCode, reviewerName, issuedDocument: documentInput, issuingAgencyCode }, { deps, elementInstanceKey }) {
    const issuedDocument = documentInput ?? 'result';
    let dossier = await getDossier(dossierCode);
    const procedure = findProcedure(dossier.procedureCode);
    if (!procedure) throw new Error(`procedure ${dossier.procedureCode} is not in the catalog`);
    const agencyCode = issuingAgencyCode ?? dossier.agencyCode;
    if (!findAgency(agencyCode)) throw new IncidentError(`issuing agency ${agencyCode} of dossier ${dossierCode} is not a known agency`);
    const paths = issuancePaths(issuedDocument);
    const spec = issuedDocumentSpec(procedure, issuedDocument);
    const key = `draft:${dossierCode}:${elementInstanceKey}`;
    let stored = await findFileByKey(key);
    if (!stored) {
      if (dossier.birthRecord && !dossier.birthRecord.personalIdNumber) dossier = await assignPersonalId(deps, dossier);
      const renderedAt = deps.now();
      const pdf = await renderDraftDocument({ dossier, procedure, document: issuedDocument, issuingAgencyCode: agencyCode, renderedAt });
      const version = (issuanceOf(dossier, issuedDocument).draft?.version ?? 0) + 1;
      const fileName = issuedDocument === 'result' ? `${dossierCode}.draft.pdf` : `${dossierCode}.${issuedDocument}-draft.pdf`;
      stored = await putFile(pdf, fileName, { key, dossierCode, kind: 'draft', document: issuedDocument, version, renderedAt });
    }
    const meta = stored.metadata as { version: number; renderedAt: string | Date };
    const draft = { version: meta.version, fileId: stored.id, sha256: stored.sha256, renderedAt: new Date(meta.renderedAt) };
    // every version stays viewable with who prepared it, when and its hash (pushed once per version)
    const step = issuedDocument === 'result' ? `${JobType.renderDraft}:${draft.version}` : `${JobType.renderDraft}:${issuedDocument}:${draft.version}`;
    await recordStep(dossierCode, step, {
      note: issuedDocument === 'result' ? `Dự thảo phiên bản ${draft.version}.00` : `Dự thảo ${spec.name}, phiên bản ${draft.version}.00`,
      set: { [paths.draft]: draft, issuing: { document: issuedDocument, agencyCode } },
      push: { [paths.draftVersions]: { ...draft, ...(reviewerName ? { preparedBy: reviewerName } : {}) } },
    }, deps.now());
    // the leader's step deadline counts from this submission: reminder, then escalation after as long
    // again — in working days, handed to the approval's timers as durations from now (the approval task
    // starts right after this step), so they run on the engine's clock
    const stepDays = approvalStepWorkingDays(procedure);
    const submittedAt = new Date(meta.renderedAt);
    const after = (days: number) => isoDuration(dueDate(submittedAt, days, holidays, deps.config.TZ_OFFSET).getTime() - deps.now().getTime());
    return { draftVersion: draft.version, draftSha256: draft.sha256, approvalRemindAfter: after(stepDays), approvalEscalateAfter: after(stepDays * 2) };
  },
});

/**
 * The child's personal ID number, assigned by the population database when the birth is registered
 * (once: the request id is the dossier's, and the first number kept stays). Stored on the dossier only.
 */
async function assignPersonalId(deps: WorkerDeps, dossier: DossierRecord): Promise<DossierRecord> {
  const provinceCode = provinceOf(dossier.agencyCode)?.idProvinceCode;
  if (!provinceCode || !dossier.subject?.fullName || !dossier.subject.dateOfBirth || !dossier.birthRecord) {
    throw new IncidentError(`dossier ${dossier.code}: no province code, child's name, date of birth or entry to register the birth with`);
  }
  const { personalIdNumber } = await deps.population.registerBirth({
    requestId: `birth-registration:${dossier.code}`, fullName: dossier.subject.fullName, dateOfBirth: dossier.subject.dateOfBirth,
    sex: dossier.birthRecord.sex, provinceCode,
  });
  await updateDossier({ code: dossier.code, 'birthRecord.personalIdNumber': { $exists: false } }, { $set: { 'birthRecord.personalIdNumber': personalIdNumber } });
  return getDossier(dossier.code);
}
