/**
 * What the notification outbox (core/models/notification.model.ts) sends through: one adapter per
 * channel the applicant can be reached on — SMS brandname (core/adapters/sms.ts), e-mail over SMTP
 * (core/adapters/email.ts) and Zalo ZNS (core/adapters/zalo.ts). Each takes the outbox row's key as its
 * request id, so a send the dispatcher is unsure about (a crash or a timeout after sending) can be
 * recognized as the same message, and each tells a refusal for good from a failure worth retrying.
 */
export const notificationChannels = ['sms', 'email', 'zalo'] as const;
export type NotificationChannelName = (typeof notificationChannels)[number];

export interface OutgoingMessage {
  /** the outbox row's key plus its channel: the same id again is the same message */
  requestId: string;
  dossierCode: string;
  /** phone number (sms, zalo) or e-mail address: personal data, never logged */
  to: string;
  /** e-mail subject; other channels ignore it */
  subject: string;
  /** what the applicant reads, in Vietnamese with diacritics; each channel adapts it to what it carries */
  text: string;
}

export interface NotificationChannel {
  send(message: OutgoingMessage): Promise<{ providerId: string; duplicate: boolean }>;
}

export type NotificationChannels = Record<NotificationChannelName, NotificationChannel>;

/** The channel refused the message for good (a malformed address, no such account, a text it will not carry): no retry helps. */
export class DeliveryRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryRejectedError';
  }
}

/** Digits runs that may be a phone or ID number are cut from anything a provider says before it is kept or logged. */
export function withoutNumbers(said: string): string {
  return said.replace(/\d{4,}/g, '…').slice(0, 200);
}
