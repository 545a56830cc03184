import type { StaffMember } from '../../core/auth/staff-token';
import { conflict, notFound, ruleViolated } from '../../core/errors';
import { FormId, type HandOverResultOutput } from '../../core/process/steps';
import { findDossier, recordStep, updateDossier, type DossierRecord } from '../../core/repositories/dossiers';
import { maskId } from '../../core/rules/identity';
import type { Handover } from './dossiers.schemas';
import type { DossierServiceDeps } from './dossiers.service';
import { engineCall, openTaskOf } from './engine-calls';

/**
 * The paper result handed over at the desk (seed 003 step 6), by the logged-in one-stop officer. The
 * receiver shows an ID document: the applicant's or their authorizer's number, or else the letter of
 * authorization they brought. The hand-over is kept on the dossier first — the receiver, the ID masked,
 * the officer — then the engine's hand-over-result task is completed with the receiver's name only (no ID
 * number enters the process); record-handover closes the dossier as returned.
 */
export async function handOverResult(
  deps: DossierServiceDeps, code: string, input: Handover, staff: StaffMember, authorize: (agencyCode: string) => void,
): Promise<DossierRecord> {
  const dossier = await findDossier(code);
  if (!dossier) throw notFound('hồ sơ', code);
  authorize(dossier.agencyCode);
  const known = [dossier.applicant.idNumber, dossier.authorizer?.idNumber].filter(Boolean);
  if (!known.includes(input.receiverIdNumber) && !input.authorization) {
    throw ruleViolated([{
      field: 'authorization', rule: 'authorization-required',
      message: 'Người nhận không phải người nộp hoặc người ủy quyền: cần ghi văn bản ủy quyền nhận kết quả',
    }]);
  }
  const task = await openTaskOf(deps, dossier, FormId.handOverResult, 'trao kết quả', 'the hand-over of the result');
  const now = deps.now();
  // on the dossier first: a retry after a lost answer finds it and completes the task with the same receiver
  await updateDossier({ code, handover: { $exists: false } }, {
    $set: {
      handover: {
        receiverName: input.receiverName, receiverIdMasked: maskId(input.receiverIdNumber), ...(input.authorization ? { authorization: input.authorization } : {}),
        by: staff.subject, byName: staff.name, at: now, recordedBy: 'desk',
      },
    },
  });
  const recorded = (await findDossier(code))?.handover;
  const variables: HandOverResultOutput = { receiverName: recorded?.receiverName ?? input.receiverName };
  const outcome = await engineCall(() => deps.engine.completeUserTaskAs(task.key, staff.username ?? staff.subject, { ...variables }));
  if (outcome === 'gone') throw conflict('The result was handed over meanwhile', 'Kết quả vừa được trao bởi người khác');
  await recordStep(code, `${FormId.handOverResult}:${task.key}`, { actor: staff.name, actorSubject: staff.subject, note: `Trao kết quả cho ${variables.receiverName}` }, now);
  return (await findDossier(code)) ?? dossier;
}
