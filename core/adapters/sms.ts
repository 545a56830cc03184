import { fetchWithin, postJson } from './http';

/**
 * SMS brandname gateway (the operators' "SMS Brandname" APIs: one POST per message, a client request id
 * the gateway deduplicates on, an answer saying accepted or refused). The contract here is the local
 * simulator's (stack/simulators/sms-gateway.ts) until the province's gateway contract is wired in.
 * Phone numbers travel in the body only; nothing here logs them.
 */
export interface SmsGateway {
  /** Sends `text` to `to` under `requestId`; the same id again is the same message, not a second one. */
  send(message: { requestId: string; to: string; text: string }): Promise<{ providerId: string; duplicate: boolean }>;
}

/** The gateway refused the message for good (a malformed number, a text it will not carry): no retry helps. */
export class SmsRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmsRejectedError';
  }
}

export function createSmsGateway(baseUrl: string, options: { brandname: string; timeoutMs: number }): SmsGateway {
  return {
    async send({ requestId, to, text }) {
      const res = await fetchWithin(new URL('/api/sms', baseUrl), postJson({ requestId, brandname: options.brandname, phone: to, message: text }),
        options.timeoutMs, (m) => new Error(m), 'SMS gateway');
      const body = (await res.json().catch(() => ({}))) as { id?: unknown; status?: unknown; error?: unknown };
      if (res.status >= 400 && res.status < 500 && res.status !== 429) {
        // the gateway's own words may repeat the number: no run of digits leaves this function
        const said = typeof body.error === 'string' ? body.error.replace(/\d{4,}/g, '…').slice(0, 200) : '';
        throw new SmsRejectedError(`SMS gateway refused the message: HTTP ${res.status} ${said}`.trim());
      }
      if (!res.ok || typeof body.id !== 'string') throw new Error(`SMS gateway answered HTTP ${res.status}`);
      return { providerId: body.id, duplicate: body.status === 'duplicate' };
    },
  };
}
