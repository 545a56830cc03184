import nodemailer from 'nodemailer';
import { DeliveryRejectedError, withoutNumbers, type NotificationChannel } from './notification-channel';

/**
 * E-mail to the applicant over SMTP (the province's mail relay; the local simulator by default). The
 * outbox row's key becomes the Message-ID, so a message sent again after a crash is the same message to
 * every mail client (they keep one copy per Message-ID); SMTP itself has no request id. A 5xx answer
 * (no such mailbox, relay refused) is a refusal for good; a 4xx or a dropped connection is retried.
 */
export interface EmailOptions {
  /** smtp://host:port or smtps://user:pass@host:port */
  url: string;
  /** the sender, e.g. "UBND tỉnh Gia Lai <dichvucong@gialai.gov.vn>"; its domain also names the Message-IDs */
  from: string;
  timeoutMs: number;
}

export function createEmailChannel(options: EmailOptions): NotificationChannel {
  const url = new URL(options.url);
  const secure = url.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: url.hostname, port: Number(url.port) || (secure ? 465 : 587), secure,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: options.timeoutMs, greetingTimeout: options.timeoutMs, socketTimeout: options.timeoutMs,
  });
  const domain = /@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? 'localhost';
  return {
    async send({ requestId, to, subject, text }) {
      const messageId = `<${requestId.replace(/[^A-Za-z0-9.:_-]/g, '_')}@${domain}>`;
      try {
        const info = await transport.sendMail({ from: options.from, to, subject, text, messageId });
        if (info.rejected.length > 0) throw new DeliveryRejectedError('mail relay refused the recipient');
        return { providerId: info.messageId, duplicate: false };
      } catch (err) {
        if (err instanceof DeliveryRejectedError) throw err;
        const code = (err as { responseCode?: unknown }).responseCode;
        const said = withoutNumbers(String((err as { response?: unknown }).response ?? (err as Error).message));
        if (typeof code === 'number' && code >= 500) throw new DeliveryRejectedError(`mail relay refused the message: ${code} ${said}`);
        throw new Error(`mail relay did not take the message: ${typeof code === 'number' ? code : ''} ${said}`.trim());
      }
    },
  };
}
