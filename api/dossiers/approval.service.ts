import type { StaffMember } from '../../core/auth/staff-token';
import { conflict, notFound } from '../../core/errors';
import { engineCall, openTaskOf } from './engine-calls';
import { FormId } from '../../core/process/steps';
import { getVerifiedFile } from '../../core/repositories/files';
import { findDossier, recordStep } from '../../core/repositories/dossiers';
import { issuanceOf, issuancePaths } from '../../core/rules/issuance';
import type { Approval } from './dossiers.schemas';
import type { DossierServiceDeps } from './dossiers.service';

/**
 * The leader's approval, done by the logged-in leader on the draft they opened: the route gives the
 * verified person and the draft's SHA-256 as they received it (GET …/draft). Approving completes the
 * engine's approval task with the person and the draft, and the process then asks the remote signing
 * service for THAT leader's signature (workers/request-leader-signature); returning sends the dossier
 * back to review with the leader's comments. The decision is kept on the dossier, not only in variables.
 */
export async function approveDossier(
  deps: DossierServiceDeps,
  code: string,
  input: Approval,
  staff: StaffMember,
  authorize: (agencyCode: string) => void,
): Promise<{ decision: 'approved' | 'returned'; draftVersion: number }> {
  const dossier = await findDossier(code);
  if (!dossier) throw notFound('hồ sơ', code);
  // the document in approval now, approved by a leader of the agency that issues it (render-draft records both)
  const document = dossier.issuing?.document ?? 'result';
  authorize(dossier.issuing?.agencyCode ?? dossier.agencyCode);
  const { draft } = issuanceOf(dossier, document);
  if (!draft) throw conflict('The dossier has no draft result to approve yet', 'Hồ sơ chưa có dự thảo kết quả để phê duyệt');
  if (input.decision === 'approve' && input.draftSha256 !== draft.sha256) {
    throw conflict(
      `The draft you approve (${input.draftSha256}) is not the current draft version ${draft.version}.00; open it again`,
      `Bản dự thảo được phê duyệt không phải phiên bản hiện hành ${draft.version}.00; vui lòng mở lại dự thảo`,
    );
  }
  const task = await openTaskOf(deps, dossier, FormId.approveResult, 'chờ lãnh đạo phê duyệt', 'the leader\'s approval');

  const decision = input.decision === 'approve' ? 'approved' : 'returned';
  const approval = { decision, by: staff.subject, name: staff.name, ...(input.opinion ? { opinion: input.opinion } : {}), draftSha256: draft.sha256, taskKey: task.key };
  const outcome = await engineCall(() => deps.engine.completeUserTaskAs(task.key, staff.username ?? staff.subject, {
    resultApproved: decision === 'approved',
    approvalOpinion: input.opinion ?? '',
    // only an approval carries who must sign; the workers check it (workers/leader-signature.ts)
    approval: decision === 'approved' ? { decision, by: staff.subject, name: staff.name, draftSha256: draft.sha256, taskKey: task.key } : null,
  }));
  if (outcome === 'gone') throw conflict('The approval task was completed meanwhile', 'Bước phê duyệt vừa được hoàn thành bởi người khác');
  const now = deps.now();
  await recordStep(code, `${FormId.approveResult}:${task.key}`, {
    actor: staff.name,
    actorSubject: staff.subject,
    note: decision === 'approved' ? `Phê duyệt dự thảo phiên bản ${draft.version}.00` : `Trả lại thẩm định: ${input.opinion ?? ''}`,
    set: { [issuancePaths(document).approval]: { ...approval, at: now } },
  }, now);
  return { decision, draftVersion: draft.version };
}

/** A draft as a file (the current one, or an earlier `version`), for the people who prepare, approve and issue it. */
export async function getDraft(code: string, authorize: (agencyCode: string) => void, version?: number): Promise<{ pdf: Buffer; version: number; sha256: string }> {
  const dossier = await findDossier(code);
  if (!dossier) throw notFound('hồ sơ', code);
  authorize(dossier.issuing?.agencyCode ?? dossier.agencyCode);
  const current = issuanceOf(dossier, dossier.issuing?.document ?? 'result');
  const draft = version === undefined ? current.draft : current.draftVersions?.find((d) => d.version === version);
  if (!draft) throw notFound('dự thảo kết quả của hồ sơ', version === undefined ? code : `${code} phiên bản ${version}.00`);
  return { pdf: await getVerifiedFile(draft.fileId, draft.sha256, `draft ${draft.version} of ${code}`), version: draft.version, sha256: draft.sha256 };
}

/** The history of a dossier's drafts: version, who prepared it, when, and its SHA-256. */
export async function listDrafts(code: string, authorize: (agencyCode: string) => void) {
  const dossier = await findDossier(code);
  if (!dossier) throw notFound('hồ sơ', code);
  authorize(dossier.issuing?.agencyCode ?? dossier.agencyCode);
  const current = issuanceOf(dossier, dossier.issuing?.document ?? 'result');
  return (current.draftVersions ?? []).map((d) => ({ version: `${d.version}.00`, renderedAt: d.renderedAt, preparedBy: d.preparedBy ?? null, sha256: d.sha256, current: d.version === current.draft?.version }));
}
