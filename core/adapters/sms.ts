import { smsText } from '../rules/text';
import { fetchWithin, postJson } from './http';
import { DeliveryRejectedError, withoutNumbers, type NotificationChannel } from './notification-channel';

/**
 * SMS brandname gateway (the operators' "SMS Brandname" APIs: one POST per message, a client request id
 * the gateway deduplicates on, an answer saying accepted or refused). The contract here is the local
 * simulator's (stack/simulators/sms-gateway.ts) until the province's gateway contract is wired in.
 * Texts go without diacritics (GSM 7-bit: 160 characters a part instead of 70, and every handset shows
 * them). Phone numbers travel in the body only; nothing here logs them.
 */
export function createSmsGateway(baseUrl: string, options: { brandname: string; timeoutMs: number }): NotificationChannel {
  return {
    async send({ requestId, to, text }) {
      const res = await fetchWithin(new URL('/api/sms', baseUrl), postJson({ requestId, brandname: options.brandname, phone: to, message: smsText(text) }),
        options.timeoutMs, (m) => new Error(m), 'SMS gateway');
      const body = (await res.json().catch(() => ({}))) as { id?: unknown; status?: unknown; error?: unknown };
      if (res.status >= 400 && res.status < 500 && res.status !== 429) {
        // the gateway's own words may repeat the number: no run of digits leaves this function
        const said = typeof body.error === 'string' ? withoutNumbers(body.error) : '';
        throw new DeliveryRejectedError(`SMS gateway refused the message: HTTP ${res.status} ${said}`.trim());
      }
      if (!res.ok || typeof body.id !== 'string') throw new Error(`SMS gateway answered HTTP ${res.status}`);
      return { providerId: body.id, duplicate: body.status === 'duplicate' };
    },
  };
}
