import { randomUUID } from 'node:crypto';
import express from 'express';

/**
 * Local simulator of an SMS brandname gateway, for development and tests only (the real gateway is
 * reached through core/adapters/sms.ts with SMS_GATEWAY_BASE_URL). It accepts a message once per
 * request id (a repeat answers `duplicate` with the first id), refuses numbers that are not Vietnamese
 * mobile numbers, and shows what it "delivered" at GET /sim/messages (the applicant's phone).
 * `failing: true` answers 503 to every send.
 */
export interface SmsSimulatorOptions {
  failing?: boolean;
}

export interface SentSms {
  id: string;
  requestId: string;
  brandname: string;
  phone: string;
  message: string;
  at: string;
}

export interface SmsSimulator {
  app: express.Express;
  messages: SentSms[];
  setFailing(failing: boolean): void;
}

const MOBILE = /^0[35789]\d{8}$/;

export function createSmsSimulator(options: SmsSimulatorOptions = {}): SmsSimulator {
  let failing = options.failing ?? false;
  const messages: SentSms[] = [];
  const app = express();
  app.use(express.json({ limit: '64kb' }));
  app.get('/health', (_req, res) => {
    res.json({ status: 'UP' });
  });
  app.post('/api/sms', (req, res) => {
    if (failing) {
      res.status(503).json({ error: 'simulated outage' });
      return;
    }
    const { requestId, brandname, phone, message } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof requestId !== 'string' || !requestId || typeof message !== 'string' || !message || typeof brandname !== 'string') {
      res.status(400).json({ error: 'requestId, brandname, phone and message are required' });
      return;
    }
    if (typeof phone !== 'string' || !MOBILE.test(phone)) {
      res.status(422).json({ error: 'not a Vietnamese mobile number' });
      return;
    }
    const earlier = messages.find((m) => m.requestId === requestId);
    if (earlier) {
      res.json({ status: 'duplicate', id: earlier.id });
      return;
    }
    const sent = { id: randomUUID(), requestId, brandname, phone, message, at: new Date().toISOString() };
    messages.push(sent);
    res.json({ status: 'accepted', id: sent.id });
  });
  // the applicant's phone, for people trying the system and for tests
  app.get('/sim/messages', (req, res) => {
    const phone = typeof req.query.phone === 'string' ? req.query.phone : undefined;
    res.json(messages.filter((m) => !phone || m.phone === phone));
  });
  return { app, messages, setFailing: (f) => { failing = f; } };
}
