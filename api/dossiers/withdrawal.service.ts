import type { StaffMember } from '../../core/auth/staff-token';
import { conflict, notFound } from '../../core/errors';
import { endedStatuses } from '../../core/models/dossier.model';
import { DOSSIER_WITHDRAWN } from '../../core/process/steps';
import { auditStep, findDossier, type DossierRecord, updateDossier } from '../../core/repositories/dossiers';
import type { Withdrawal } from './dossiers.schemas';
import type { DossierServiceDeps } from './dossiers.service';
import { publishPending } from './engine-calls';


/**
 * The applicant withdraws the dossier, at the desk (the officer records it with their login). Allowed at
 * any point before the result is issued: the withdrawal and the clerk's numbering (issue-result claims
 * `issuingSince`) exclude each other in one conditional update each, so a dossier is either withdrawn
 * with no number reserved, or numbered and no longer withdrawable. The message that interrupts the
 * process is an outbox entry: published now, or by publishPendingWithdrawals.
 */
export async function withdrawDossier(
  deps: DossierServiceDeps, code: string, input: Withdrawal, staff: StaffMember, authorize: (agencyCode: string) => void,
): Promise<DossierRecord> {
  const dossier = await findDossier(code);
  if (!dossier) throw notFound('hồ sơ', code);
  authorize(dossier.agencyCode);
  const now = deps.now();
  const res = await updateDossier(
    {
      code, status: { $nin: endedStatuses }, issuingSince: { $exists: false }, withdrawal: { $exists: false },
      // an intermediate document being numbered (claimed, not yet issued) holds the withdrawal back as the result does
      'submission.issuingSince': { $exists: false },
    },
    {
      $set: { withdrawal: { reason: input.reason, requestedAt: now, requestedBy: staff.subject, requestedByName: staff.name, message: 'pending' } },
      $push: { history: { step: 'withdrawal', at: now, actor: staff.name, actorSubject: staff.subject, note: `Người nộp rút hồ sơ: ${input.reason}` } },
    },
  );
  if (res.matchedCount === 0) {
    const current = await findDossier(code);
    // the same request again (a retry after a lost answer): the withdrawal already recorded
    if (current?.withdrawal) return publishAndReturn(deps, current);
    if (current?.submission?.issuingSince) {
      throw conflict('The submission to the deciding agency is being numbered; try the withdrawal again in a moment', 'Tờ trình đang được cấp số; vui lòng rút hồ sơ lại sau ít phút');
    }
    if (current?.issuingSince || current?.status === 'issued' || current?.status === 'ready-for-collection' || current?.status === 'returned') {
      throw conflict('The result is being or has been issued; the dossier can no longer be withdrawn', 'Kết quả đang hoặc đã được ban hành; không thể rút hồ sơ');
    }
    throw conflict('The dossier\'s processing has ended; there is nothing to withdraw', 'Hồ sơ đã kết thúc xử lý; không thể rút hồ sơ');
  }
  const saved = await findDossier(code);
  if (!saved) throw new Error(`dossier ${code} vanished after its withdrawal`);
  await auditStep(code, 'withdrawal', { actor: staff.name, actorSubject: staff.subject, note: `Người nộp rút hồ sơ: ${input.reason}` }, now);
  return publishAndReturn(deps, saved);
}

async function publishAndReturn(deps: DossierServiceDeps, dossier: DossierRecord): Promise<DossierRecord> {
  await publishWithdrawal(deps, dossier).catch((err: unknown) => deps.log.warn({ err, dossierCode: dossier.code }, 'withdrawal message not published yet; retried'));
  return (await findDossier(dossier.code)) ?? dossier;
}

/** Publishes a recorded withdrawal's message, once (the message id is the dossier's). */
export async function publishWithdrawal(deps: DossierServiceDeps, dossier: DossierRecord): Promise<void> {
  if (dossier.withdrawal?.message !== 'pending') return;
  await deps.engine.publishMessageOnce({
    name: DOSSIER_WITHDRAWN,
    correlationKey: dossier.code,
    messageId: `withdrawal:${dossier.code}`,
    // the process may not have opened its subscription yet (a start still pending)
    timeToLiveMs: 7 * 24 * 3600_000,
  });
  await updateDossier({ code: dossier.code, 'withdrawal.message': 'pending' }, { $set: { 'withdrawal.message': 'published' } });
}

/** Withdrawals recorded while the engine was away (the API runs this with the start retries). */
export function publishPendingWithdrawals(deps: DossierServiceDeps): Promise<number> {
  return publishPending(deps, { 'withdrawal.message': 'pending' }, (d) => publishWithdrawal(deps, d), 'withdrawal message');
}
