import { NotificationModel, type NotificationRow } from '../models/notification.model';

export type Notification = NotificationRow & { _id: unknown };

const isDuplicateKey = (err: unknown) => (err as { code?: unknown })?.code === 11000;

/**
 * Puts a message in the outbox once: the same key again (a re-delivered job, a repeated request)
 * leaves the first row as it is. Returns whether this call created it.
 */
export async function enqueueNotification(
  row: { key: string; dossierCode: string; channel: 'sms'; to: string; text: string },
  now: Date,
): Promise<{ created: boolean }> {
  try {
    await NotificationModel.create({ ...row, state: 'pending', attempts: 0, nextAttemptAt: now });
    return { created: true };
  } catch (err) {
    if (isDuplicateKey(err)) return { created: false };
    throw err;
  }
}

/**
 * Takes the next message that is due: pending and due, or claimed by a dispatcher whose lease ran out
 * (it died mid-send; the gateway's request id keeps the second try from being a second message).
 * One atomic single-document update, so two dispatchers never hold the same row.
 */
export async function claimDueNotification(now: Date, leaseMs: number): Promise<Notification | undefined> {
  const row = await NotificationModel.findOneAndUpdate(
    { $or: [{ state: 'pending', nextAttemptAt: { $lte: now } }, { state: 'sending', leaseUntil: { $lt: now } }] },
    { $set: { state: 'sending', leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
    { sort: { nextAttemptAt: 1 }, new: true },
  ).lean();
  return (row as Notification | null) ?? undefined;
}

export async function markNotificationSent(key: string, providerId: string, at: Date): Promise<void> {
  await NotificationModel.updateOne({ key, state: 'sending' }, { $set: { state: 'sent', sentAt: at, providerId }, $unset: { leaseUntil: 1, lastError: 1 } });
}

/** A failed try: again after `retryAt`, or given up ('failed', for an administrator) when there is none. */
export async function markNotificationFailed(key: string, error: string, retryAt: Date | undefined): Promise<void> {
  await NotificationModel.updateOne(
    { key, state: 'sending' },
    retryAt
      ? { $set: { state: 'pending', nextAttemptAt: retryAt, lastError: error }, $unset: { leaseUntil: 1 } }
      : { $set: { state: 'failed', lastError: error }, $unset: { leaseUntil: 1 } },
  );
}

export async function listNotifications(dossierCode: string): Promise<Notification[]> {
  return (await NotificationModel.find({ dossierCode }).sort({ createdAt: 1 }).lean()) as Notification[];
}
