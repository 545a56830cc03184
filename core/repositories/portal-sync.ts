import { PortalSyncModel, type PortalSyncRow } from '../models/portal-sync.model';
import { serialized } from './document-lock';

/**
 * The portal-sync outbox (core/models/portal-sync.model.ts). Every write of a row goes through the row's
 * lock on FerretDB (document-lock.ts), because a lost version bump would be a change the portal never
 * hears of.
 */
const lockOf = (code: string) => `portal-sync:${code}`;

/** The dossier changed: its package is due again (its version one higher). */
export async function markDossierChanged(code: string, now: Date): Promise<void> {
  await serialized(lockOf(code), () => PortalSyncModel.updateOne(
    { dossierCode: code },
    { $inc: { version: 1 }, $set: { state: 'pending', nextAttemptAt: now, attempts: 0 }, $unset: { lastError: 1 } },
    { upsert: true },
  ));
}

export type PortalSyncClaim = { dossierCode: string; version: number; attempts: number };

/**
 * The next row that is due (pending and due, or held by a dispatcher whose lease ran out), claimed under
 * its lock so a change landing at the same moment is not overwritten.
 */
export async function claimDuePortalSync(now: Date, leaseMs: number, skip: string[] = []): Promise<PortalSyncClaim | undefined> {
  const due = { $or: [{ state: 'pending', nextAttemptAt: { $lte: now } }, { state: 'sending', leaseUntil: { $lt: now } }] };
  const candidate = await PortalSyncModel.findOne({ ...due, dossierCode: { $nin: skip } }).sort({ nextAttemptAt: 1 }).lean();
  if (!candidate) return undefined;
  const claimed = await serialized(lockOf(candidate.dossierCode), async () => {
    const row = await PortalSyncModel.findOne({ dossierCode: candidate.dossierCode, ...due }).lean();
    if (!row) return undefined;
    await PortalSyncModel.updateOne({ dossierCode: row.dossierCode }, {
      $set: { state: 'sending', leaseUntil: new Date(now.getTime() + leaseMs), claimedVersion: row.version }, $inc: { attempts: 1 },
    });
    return { dossierCode: row.dossierCode, version: row.version, attempts: row.attempts + 1 };
  });
  // taken by another dispatcher meanwhile: look further
  return claimed ?? claimDuePortalSync(now, leaseMs, [...skip, candidate.dossierCode]);
}

/** Sent: the row rests unless the dossier changed while it was sent (then it is pending again, newer). */
export async function markPortalSynced(claim: PortalSyncClaim, at: Date): Promise<void> {
  await serialized(lockOf(claim.dossierCode), () => PortalSyncModel.updateOne(
    { dossierCode: claim.dossierCode, state: 'sending', version: claim.version },
    { $set: { state: 'sent', sentVersion: claim.version, sentAt: at }, $unset: { leaseUntil: 1, claimedVersion: 1, lastError: 1 } },
  ));
}

export async function markPortalSyncFailed(claim: PortalSyncClaim, error: string, retryAt: Date | undefined): Promise<void> {
  await serialized(lockOf(claim.dossierCode), () => PortalSyncModel.updateOne(
    { dossierCode: claim.dossierCode, state: 'sending', version: claim.version },
    retryAt
      ? { $set: { state: 'pending', nextAttemptAt: retryAt, lastError: error }, $unset: { leaseUntil: 1, claimedVersion: 1 } }
      : { $set: { state: 'failed', lastError: error }, $unset: { leaseUntil: 1, claimedVersion: 1 } },
  ));
}

export async function findPortalSync(code: string): Promise<PortalSyncRow | undefined> {
  return (await PortalSyncModel.findOne({ dossierCode: code }).lean()) ?? undefined;
}
