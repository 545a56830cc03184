import type { NotificationChannelName } from '../adapters/notification-channel';
import { NotificationModel, type NotificationRow } from '../models/notification.model';

export type Notification = NotificationRow & { _id: unknown };

const isDuplicateKey = (err: unknown) => (err as { code?: unknown })?.code === 11000;

/**
 * Puts a message in the outbox once per channel: the same key and channel again (a re-delivered job, a
 * repeated request) leaves the first row as it is. Returns whether this call created it.
 */
export async function enqueueNotification(
  row: { key: string; dossierCode: string; channel: NotificationChannelName; to: string; subject?: string; text: string },
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

/** How the applicant asked to be told, recorded at intake: SMS to their phone, e-mail, Zalo (ZNS) to the same phone. */
export interface ApplicantContact {
  phone?: string;
  email?: string;
  /** the applicant agreed to Zalo notifications on that phone */
  zalo?: boolean;
}

/**
 * Tells the applicant on every channel they gave: SMS when there is a phone (the baseline every
 * handset receives), Zalo when they also asked for it, e-mail when they gave an address. One outbox
 * row per channel under the message's key. Returns the channels the message goes out on.
 */
export async function notifyApplicant(
  contact: ApplicantContact,
  message: { key: string; dossierCode: string; subject: string; text: string },
  now: Date,
): Promise<NotificationChannelName[]> {
  const rows: { channel: NotificationChannelName; to: string }[] = [];
  if (contact.phone) rows.push({ channel: 'sms', to: contact.phone });
  if (contact.phone && contact.zalo) rows.push({ channel: 'zalo', to: contact.phone });
  if (contact.email) rows.push({ channel: 'email', to: contact.email });
  for (const row of rows) await enqueueNotification({ ...message, ...row }, now);
  return rows.map((r) => r.channel);
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

type RowId = { key: string; channel: NotificationChannelName };

export async function markNotificationSent({ key, channel }: RowId, providerId: string, at: Date): Promise<void> {
  await NotificationModel.updateOne({ key, channel, state: 'sending' }, { $set: { state: 'sent', sentAt: at, providerId }, $unset: { leaseUntil: 1, lastError: 1 } });
}

/** A failed try: again after `retryAt`, or given up ('failed', for an administrator) when there is none. */
export async function markNotificationFailed({ key, channel }: RowId, error: string, retryAt: Date | undefined): Promise<void> {
  await NotificationModel.updateOne(
    { key, channel, state: 'sending' },
    retryAt
      ? { $set: { state: 'pending', nextAttemptAt: retryAt, lastError: error }, $unset: { leaseUntil: 1 } }
      : { $set: { state: 'failed', lastError: error }, $unset: { leaseUntil: 1 } },
  );
}

export async function listNotifications(dossierCode: string): Promise<Notification[]> {
  return (await NotificationModel.find({ dossierCode }).sort({ createdAt: 1 }).lean()) as Notification[];
}
