import { Schema, model, type InferSchemaType } from 'mongoose';
import { notificationChannels } from '../adapters/notification-channel';

/**
 * The notification outbox: one row per message and channel (SMS, e-mail, Zalo). A step that must tell
 * the applicant something inserts its rows under a key of its own in the same breath as it records the
 * step, so a re-delivered job finds the rows and adds none; the dispatcher sends each row, retries with
 * backoff, and hands the channel the row's key and channel as its request id, so a send the dispatcher is
 * not sure about (a crash or timeout after sending) is never delivered twice.
 */
export const notificationStates = ['pending', 'sending', 'sent', 'failed'] as const;

const notificationSchema = new Schema(
  {
    key: { type: String, required: true }, // the message, e.g. supplement:H34.29.2-261122-0001:1; one row per channel
    dossierCode: { type: String, required: true },
    channel: { type: String, enum: notificationChannels, required: true },
    // the recipient: personal data, kept in this collection only, never in logs, variables or errors
    to: { type: String, required: true },
    /** e-mail subject */
    subject: { type: String },
    /** in Vietnamese with diacritics; the SMS adapter drops them */
    text: { type: String, required: true },
    state: { type: String, enum: notificationStates, required: true },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    /** while 'sending': until when the dispatcher that claimed it holds it (then it is claimed again) */
    leaseUntil: { type: Date },
    sentAt: { type: Date },
    providerId: { type: String },
    lastError: { type: String },
  },
  { timestamps: true, collection: 'notifications' },
);

notificationSchema.index({ key: 1, channel: 1 }, { unique: true, name: 'key_channel_unique' });
notificationSchema.index({ state: 1, nextAttemptAt: 1 });
notificationSchema.index({ dossierCode: 1 });

export type NotificationRow = InferSchemaType<typeof notificationSchema>;
export const NotificationModel = model('Notification', notificationSchema);
