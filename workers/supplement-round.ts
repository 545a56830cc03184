import type { JobType, RequestSupplementOutput } from '../core/process/steps';
import { auditStep, getDossier, updateDossier } from '../core/repositories/dossiers';
import { durationMs } from '../core/rules/duration';
import type { WorkerDeps } from './deps';
import { issueIntakeNotice } from './intake-notice';
import { verifiedDecider, type DecisionPhase, type IntakeDecision } from './intake-decision';

/**
 * A supplement request (Decree 61/2018 art. 19 (1b); TT 03/2025 form 02): the notice lists what to
 * bring, signed by the person who decided with their own login, the applicant is told by SMS, and the
 * dossier waits. Each request is a round (1, 2, …), found again by this activation's key on re-delivery;
 * the round names the message that resumes the process. At intake the due date counts anew from the
 * supplement; during review the clock only stands still (api/dossiers/intake-decision.service.ts).
 */
export async function requestSupplementRound(deps: WorkerDeps, phase: DecisionPhase, dossierCode: string, note: string, decision: IntakeDecision | null | undefined, elementInstanceKey: string, type: JobType): Promise<RequestSupplementOutput> {
  let dossier = await getDossier(dossierCode);
  let round = dossier.supplements?.find((r) => r.activationKey === elementInstanceKey);
  const wait = deps.config.INTAKE_SUPPLEMENT_WAIT;
  if (!round) {
    const number = (dossier.supplements?.length ?? 0) + 1;
    const requestedAt = deps.now();
    const decider = verifiedDecider(dossier, decision, 'supplement', phase);
    const signerSubject = decider?.by;
    const notice = await issueIntakeNotice(deps, dossier, {
      kind: 'supplement', key: `supplement-request:${dossierCode}:${elementInstanceKey}`, reason: note,
      supplementUntil: new Date(requestedAt.getTime() + durationMs(wait)), ...(signerSubject ? { signerSubject } : {}),
    });
    // one round per activation: the marker makes a concurrent second delivery a no-op
    const marker = `stepsDone.${type}:${elementInstanceKey}`;
    await updateDossier({ code: dossierCode, [marker]: { $exists: false } }, {
      $set: { [marker]: requestedAt, status: 'awaiting-supplement' },
      $push: {
        supplements: { round: number, phase, activationKey: elementInstanceKey, ...(decider ? { decisionTaskKey: decider.taskKey } : {}), note, requestedAt, ...(signerSubject ? { requestedBy: signerSubject } : {}),
          noticeFileId: notice.file.id, noticeSha256: notice.file.sha256, noticeSigned: notice.signed, state: 'requested' },
        history: { step: type, at: requestedAt, ...(decider ? { actor: decider.name, actorSubject: decider.by } : {}), note: `Yêu cầu bổ sung lần ${number}${phase === 'review' ? ' (tạm dừng thời hạn giải quyết)' : ''}: ${note}` },
      },
    });
    dossier = await getDossier(dossierCode);
    round = dossier.supplements?.find((r) => r.activationKey === elementInstanceKey);
    if (!round) throw new Error(`supplement round of activation ${elementInstanceKey} was not recorded`);
  }
  const requester = round.requestedBy && decision?.by === round.requestedBy ? decision : undefined;
  await auditStep(dossierCode, `${type}:${round.round}`, {
    ...(requester ? { actor: requester.name, actorSubject: requester.by } : {}), status: 'awaiting-supplement', note: `Yêu cầu bổ sung lần ${round.round}`,
  }, round.requestedAt);
  return { supplementRound: round.round, supplementWait: wait };
}

