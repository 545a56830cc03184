import { fetchWithin, postJson } from './http';
import { DeliveryRejectedError, withoutNumbers, type NotificationChannel } from './notification-channel';

/**
 * Zalo Notification Service (ZNS): a template message from the province's Official Account to a phone
 * number that has Zalo (POST <base>/message/template with the OA's `access_token` header; body `phone`
 * in 84… form, `template_id`, `template_data`, `tracking_id`; answer `{ error: 0, data: { msg_id } }`).
 * ZNS only carries templates Zalo approved beforehand: this one has the dossier code and the message text
 * as parameters. `tracking_id` is the outbox key: the simulator deduplicates on it, as the dispatcher
 * assumes every channel may. Refusals for good: phone invalid (-108), no Zalo account on it (-118), the
 * person refused ZNS from this OA (-139); other errors (a token that ran out, quota, outage) are retried.
 * The OA token comes from a secret that the province's token rotation keeps current.
 */
export interface ZaloOptions {
  baseUrl: string;
  accessToken: () => string;
  templateId: string;
  timeoutMs: number;
}

const REFUSED_FOR_GOOD = new Set([-108, -118, -139]);
/** ZNS template parameters are short: a code up to 30 characters, a text up to 400 in all */
const CONTENT_MAX = 300;

/** 0905000101 → 84905000101, the form ZNS takes */
export function znsPhone(phone: string): string {
  const digits = phone.replace(/^\+/, '');
  return digits.startsWith('0') ? `84${digits.slice(1)}` : digits;
}

export function createZaloChannel(options: ZaloOptions): NotificationChannel {
  return {
    async send({ requestId, dossierCode, to, text }) {
      const init = postJson({
        phone: znsPhone(to), template_id: options.templateId,
        template_data: { dossier_code: dossierCode.slice(0, 30), content: text.length > CONTENT_MAX ? `${text.slice(0, CONTENT_MAX - 1)}…` : text },
        tracking_id: requestId,
      });
      init.headers = { ...(init.headers as Record<string, string>), access_token: options.accessToken() };
      const res = await fetchWithin(new URL('message/template', options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`), init,
        options.timeoutMs, (m) => new Error(m), 'Zalo ZNS');
      if (!res.ok) throw new Error(`Zalo ZNS answered HTTP ${res.status}`);
      const body = (await res.json().catch(() => ({}))) as { error?: unknown; message?: unknown; data?: { msg_id?: unknown; duplicate?: unknown } };
      const code = typeof body.error === 'number' ? body.error : NaN;
      const said = typeof body.message === 'string' ? withoutNumbers(body.message) : '';
      if (code === 0 && typeof body.data?.msg_id === 'string') return { providerId: body.data.msg_id, duplicate: body.data.duplicate === true };
      if (REFUSED_FOR_GOOD.has(code)) throw new DeliveryRejectedError(`Zalo ZNS refused the message: ${code} ${said}`.trim());
      throw new Error(`Zalo ZNS did not take the message: ${Number.isNaN(code) ? 'no error code' : code} ${said}`.trim());
    },
  };
}
