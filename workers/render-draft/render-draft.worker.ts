import { z } from 'zod';
import { findAgency } from '../../core/data/agencies';
import { findProcedure } from '../../core/data/procedures';
import { JobType } from '../../core/process/steps';
import { renderBirthExtract } from '../../core/pdf/render-result';
import { findFileByKey, putFile } from '../../core/repositories/files';
import { getDossier, recordStep } from '../../core/repositories/dossiers';
import { defineStep } from '../step';

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
  input: z.object({ dossierCode: z.string().min(1), reviewerName: z.string().optional().nullable() }),
  timeoutMs: 60_000,
  async handle({ dossierCode, reviewerName }, { deps, elementInstanceKey }) {
    const dossier = await getDossier(dossierCode);
    const procedure = findProcedure(dossier.procedureCode);
    if (!procedure) throw new Error(`procedure ${dossier.procedureCode} is not in the catalog`);
    const key = `draft:${dossierCode}:${elementInstanceKey}`;
    let stored = await findFileByKey(key);
    if (!stored) {
      const renderedAt = deps.now();
      const pdf = await renderBirthExtract({
        symbol: procedure.result.symbol,
        issuedAt: renderedAt,
        agencyName: findAgency(dossier.agencyCode)?.name ?? dossier.agencyCode,
        childName: dossier.subject?.fullName ?? '',
        childDateOfBirth: dossier.subject?.dateOfBirth ?? '',
        applicantName: dossier.applicant.fullName,
        dossierCode,
      });
      const version = (dossier.draft?.version ?? 0) + 1;
      stored = await putFile(pdf, `${dossierCode}.draft.pdf`, { key, dossierCode, kind: 'draft', version, renderedAt });
    }
    const meta = stored.metadata as { version: number; renderedAt: string | Date };
    const draft = { version: meta.version, fileId: stored.id, sha256: stored.sha256, renderedAt: new Date(meta.renderedAt) };
    // every version stays viewable with who prepared it, when and its hash (pushed once per version)
    await recordStep(dossierCode, `${JobType.renderDraft}:${draft.version}`, {
      note: `Dự thảo phiên bản ${draft.version}.00`, set: { draft },
      push: { draftVersions: { ...draft, ...(reviewerName ? { preparedBy: reviewerName } : {}) } },
    }, deps.now());
    return { draftVersion: draft.version, draftSha256: draft.sha256 };
  },
});
