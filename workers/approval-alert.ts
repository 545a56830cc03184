import { findAgency } from '../core/data/agencies';
import { findProcedure } from '../core/data/procedures';
import type { JobType } from '../core/process/steps';
import { auditStep, getDossier, updateDossier } from '../core/repositories/dossiers';
import { enqueueNotification } from '../core/repositories/notifications';
import type { WorkerDeps } from './deps';

/**
 * A deadline signal of the approval step: once per draft version and kind, recorded on the dossier and
 * in the audit log, and texted through the outbox to the agency's leaders (reminder) or head
 * (escalation) when the agency has a phone for them. The step itself goes on.
 */
export async function alertApproval(deps: WorkerDeps, type: JobType, kind: 'reminder' | 'escalation', dossierCode: string, draftVersion: number): Promise<{ approvalAlert: string }> {
  const dossier = await getDossier(dossierCode);
  // the leaders of the agency approving now: in an inter-agency procedure, the department's for its
  // submission, the deciding agency's for the result (render-draft records which)
  const document = dossier.issuing?.document ?? 'result';
  const phones = findAgency(dossier.issuing?.agencyCode ?? dossier.agencyCode)?.alertPhones;
  const to = kind === 'reminder' ? phones?.leaders : phones?.head;
  const at = deps.now();
  const version = document === 'result' ? `${draftVersion}` : `${document}:${draftVersion}`;
  const marker = `stepsDone.${type}:${version}`;
  const first = await updateDossier({ code: dossierCode, [marker]: { $exists: false } }, {
    $set: { [marker]: at },
    $push: { approvalAlerts: { kind, draftVersion, at, sent: Boolean(to) } },
  });
  if (first.matchedCount > 0) {
    await auditStep(dossierCode, `${type}:${version}`, { note: `${kind === 'reminder' ? 'Nhắc lãnh đạo' : 'Báo người đứng đầu'}: dự thảo phiên bản ${draftVersion}.00 chờ phê duyệt quá hạn bước` }, at);
  }
  if (to) {
    const procedure = findProcedure(dossier.procedureCode)?.name ?? dossier.procedureCode;
    await enqueueNotification({
      key: `approval-${kind}:${dossierCode}:${version}`, dossierCode, channel: 'sms', to,
      text: kind === 'reminder'
        ? `Ho so ${dossierCode} (${procedure}) cho lanh dao phe duyet qua han buoc. Han tra ket qua: ${dossier.dueAt.toISOString().slice(0, 10)}`.slice(0, 300)
        : `Bao cao: ho so ${dossierCode} (${procedure}) da nhac nhung chua duoc phe duyet. Han tra ket qua: ${dossier.dueAt.toISOString().slice(0, 10)}`.slice(0, 300),
    }, at);
  }
  return { approvalAlert: kind };
}
