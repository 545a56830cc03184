import { randomUUID } from 'node:crypto';
import express from 'express';

/**
 * Local simulator of Zalo Notification Service (ZNS), for development and tests only (the real service is
 * reached through core/adapters/zalo.ts with ZALO_ZNS_BASE_URL). POST /message/template answers as ZNS
 * does: HTTP 200 with `error` 0 and `data.msg_id`, or a negative `error` code and a message — -124 for a
 * wrong access token, -108 for a phone not in 84… form, -118 for a number without a Zalo account (those
 * listed in `withoutZalo`), -131 for an unknown template. A repeated `tracking_id` answers the first
 * message id with `duplicate: true` (the real service's tracking id only labels a message; the dispatcher
 * relies on its lease and this check, see core/adapters/notification-channel.ts). The applicant's Zalo is
 * shown at GET /sim/zalo.
 */
export interface ZaloMessage {
  msgId: string;
  trackingId: string;
  phone: string;
  templateId: string;
  data: Record<string, string>;
  at: string;
}

export interface ZaloSimulatorOptions {
  /** the OA access token the requests must carry */
  accessToken: string;
  templateIds: string[];
  /** phones (0… form) that have no Zalo account */
  withoutZalo?: string[];
}

export function createZaloRoutes(options: ZaloSimulatorOptions): { router: express.Router; messages: ZaloMessage[] } {
  const messages: ZaloMessage[] = [];
  const withoutZalo = new Set((options.withoutZalo ?? []).map((p) => `84${p.slice(1)}`));
  const router = express.Router();
  router.post('/message/template', express.json({ limit: '64kb' }), (req, res) => {
    const answer = (error: number, message: string) => res.json({ error, message });
    if (req.get('access_token') !== options.accessToken) return answer(-124, 'Access token is invalid');
    const { phone, template_id: templateId, template_data: data, tracking_id: trackingId } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof phone !== 'string' || !/^84[35789]\d{8}$/.test(phone)) return answer(-108, 'Phone number is invalid');
    if (typeof templateId !== 'string' || !options.templateIds.includes(templateId)) return answer(-131, 'Template is invalid');
    if (typeof data !== 'object' || data === null || Object.values(data).some((v) => typeof v !== 'string')) return answer(-111, 'Template data is invalid');
    if (typeof trackingId !== 'string' || !trackingId) return answer(-112, 'tracking_id is required');
    if (withoutZalo.has(phone)) return answer(-118, 'Zalo account is not existed');
    const earlier = messages.find((m) => m.trackingId === trackingId);
    if (earlier) return res.json({ error: 0, message: 'Success', data: { msg_id: earlier.msgId, sent_time: earlier.at, duplicate: true } });
    const sent: ZaloMessage = { msgId: randomUUID().replace(/-/g, ''), trackingId, phone, templateId, data: data as Record<string, string>, at: String(Date.now()) };
    messages.push(sent);
    return res.json({ error: 0, message: 'Success', data: { msg_id: sent.msgId, sent_time: sent.at, quota: { dailyQuota: '500', remainingQuota: String(500 - messages.length) } } });
  });
  return { router, messages };
}
