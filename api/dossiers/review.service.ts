import type { StaffMember } from '../../core/auth/staff-token';
import { findProcedure } from '../../core/data/procedures';
import { findAgency } from '../../core/data/agencies';
import { conflict, notFound, ruleViolated } from '../../core/errors';
import { FormId, type ReviewDossierOutput } from '../../core/process/steps';
import { findDossier, recordStep, updateDossier } from '../../core/repositories/dossiers';
import type { ReviewDecision } from './dossiers.schemas';
import type { DossierServiceDeps } from './dossiers.service';
import { engineCall, openTaskOf } from './engine-calls';

const decisionVi = { accept: 'Đạt yêu cầu, lập dự thảo', supplement: 'Yêu cầu bổ sung, hoàn thiện (tạm dừng thời hạn)', refuse: 'Từ chối giải quyết', consult: 'Xin ý kiến cơ quan liên quan' } as const;

/**
 * The specialist's review, made on the desk page with their own login: the engine's review-dossier task
 * is completed in their name with `reviewDecider` naming them (the notice of a supplement request or
 * refusal is signed with their key), and the decision — with, on acceptance of a birth registration, the
 * civil-status entry the extract prints — is kept on the dossier first, not only in process variables.
 */
export async function reviewDossier(
  deps: DossierServiceDeps, code: string, input: ReviewDecision, staff: StaffMember, authorize: (agencyCode: string) => void,
): Promise<{ decision: ReviewDecision['decision'] }> {
  const dossier = await findDossier(code);
  if (!dossier) throw notFound('hồ sơ', code);
  authorize(dossier.agencyCode);
  const record = input.decision === 'accept' ? input.record : undefined;
  const landUse = input.decision === 'accept' ? input.landUse : undefined;
  // what the result's template prints must be recorded before it can be drafted (core/pdf/templates.ts)
  const template = findProcedure(dossier.procedureCode)?.result.template;
  if (input.decision === 'accept' && template === 'birth-extract' && !record) {
    throw ruleViolated([{ field: 'record', rule: 'required', message: 'Cần ghi thông tin đăng ký khai sinh (giới tính, nơi sinh, dân tộc, quốc tịch, cha mẹ) để lập trích lục' }]);
  }
  if (input.decision === 'accept' && template === 'land-use-decision' && !landUse) {
    throw ruleViolated([{ field: 'landUse', rule: 'required', message: 'Cần ghi thửa đất (số thửa, tờ bản đồ, diện tích, địa chỉ), mục đích hiện tại, mục đích xin chuyển và thời hạn để lập tờ trình' }]);
  }
  if (input.decision === 'accept' && ((record && template !== 'birth-extract') || (landUse && template !== 'land-use-decision'))) {
    throw ruleViolated([{ field: record ? 'record' : 'landUse', rule: 'not-for-procedure', message: 'Thông tin này không thuộc thủ tục của hồ sơ' }]);
  }
  if (input.decision === 'consult' && (input.agencyCode === dossier.agencyCode || !findAgency(input.agencyCode))) {
    throw ruleViolated([{ field: 'agencyCode', rule: 'other-agency', message: 'Cơ quan được xin ý kiến phải là một cơ quan khác có trong danh mục' }]);
  }
  const task = await openTaskOf(deps, dossier, FormId.reviewDossier, 'thẩm định hồ sơ', 'the review');
  const opinion = input.opinion ?? '';
  const reviewDecider = { decision: input.decision, by: staff.subject, name: staff.name, taskKey: task.key };
  const now = deps.now();
  // on the dossier first: the workers sign a notice only for a decision the API recorded here
  await updateDossier({ code }, {
    $push: { reviewDecisions: { ...reviewDecider, ...(opinion ? { note: opinion } : {}), at: now } },
    // the entry keeps a personal ID number the population database already assigned (a second review)
    ...(record ? { $set: { birthRecord: { ...record, ...(dossier.birthRecord?.personalIdNumber ? { personalIdNumber: dossier.birthRecord.personalIdNumber } : {}) } } } : {}),
    ...(landUse ? { $set: { landUse } } : {}),
  });
  const variables: ReviewDossierOutput & { reviewDecider: typeof reviewDecider; consultedAgencyCode?: string } = {
    reviewDecision: input.decision, reviewOpinion: opinion, reviewerName: staff.name, reviewDecider,
    ...(input.decision === 'consult' ? { consultedAgencyCode: input.agencyCode } : {}),
  };
  const outcome = await engineCall(() => deps.engine.completeUserTaskAs(task.key, staff.username ?? staff.subject, { ...variables }));
  if (outcome === 'gone') throw conflict('The review was completed meanwhile', 'Bước thẩm định vừa được hoàn thành bởi người khác');
  await recordStep(code, `${FormId.reviewDossier}:${task.key}`, {
    actor: staff.name, actorSubject: staff.subject, note: `${decisionVi[input.decision]}${opinion ? `: ${opinion}` : ''}`,
  }, now);
  return { decision: input.decision };
}
