import { randomInt, randomUUID } from 'node:crypto';
import express from 'express';
import multer from 'multer';
import { createPaymentRoutes, type SimPayment } from './payment-platform';

/**
 * Local simulator of the national portal's accounts, for development and tests only (the real portal
 * is reached through core/adapters/national-portal.ts with PORTAL_BASE_URL).
 *  - Look-up: every well-formed ID has an account except IDs ending in "000" (until one is created here);
 *    a few demo IDs are VNeID accounts, the rest were matched in the population database.
 *  - Registration at the desk: the ID-card scan (≤ 5 MB), name, date of birth and phone; the portal
 *    "texts" a 6-digit OTP valid `otpTtlMs` (2 minutes) to the phone — shown at GET /sim/otp-messages, the
 *    applicant's phone — a resend replaces it, five wrong tries end the registration.
 *  - Per-dossier sync: POST /api/sync/dossiers { version, data } keeps each dossier's package of the
 *    highest version (an older one answers `stale`), refuses a package without its key fields (422 with
 *    the field), and shows what it holds at GET /sim/synced/:code (the portal's view of the dossier).
 *  - The payment platform (stack/simulators/payment-platform.ts): payment requests, their status, paying.
 *  - Switches: `failing` answers 503, `latencyMs` delays every answer (env PORTAL_SIM_FAIL, PORTAL_SIM_LATENCY_MS).
 */
export interface PortalSimulatorOptions {
  vneidAccounts?: string[];
  failing?: boolean;
  latencyMs?: number;
  otpTtlMs?: number;
  now?: () => number;
  /** where payment pages are said to be (the payUrl the applicant gets) */
  publicBase?: string;
}

interface Registration {
  id: string;
  idNumber: string;
  phone: string;
  otp: string;
  otpExpiresAt: number;
  wrongTries: number;
  state: 'waiting-otp' | 'confirmed' | 'locked';
  accountId?: string;
}

export interface PortalSimulator {
  app: express.Express;
  /** what the applicant's phone received, latest last */
  otpMessages: { phone: string; text: string; at: number }[];
  /** the per-dossier packages received: dossier code → the highest version and its package, and how many sends came */
  synced: Map<string, { version: number; data: Record<string, unknown>; received: number }>;
  /** the payment platform's requests (stack/simulators/payment-platform.ts, served here) */
  payments: SimPayment[];
  setFailing(failing: boolean): void;
}

/** Fields the portal cannot take a dossier package without. */
const SYNC_REQUIRED = ['MaHoSo', 'MaTTHC', 'MaCoQuan', 'TrangThaiHoSo', 'NgayTiepNhan', 'NgayHenTra', 'SoDinhDanh', 'QuaTrinhXuLy'];

const MAX_WRONG = 5;

export function createPortalSimulatorWithState(options: PortalSimulatorOptions = {}): PortalSimulator {
  const vneid = new Set(['001203004567', '079088001234', 'B1234567', ...(options.vneidAccounts ?? [])]);
  const created = new Map<string, string>(); // idNumber → accountId, made here by a registration
  const registrations = new Map<string, Registration>();
  const otpMessages: PortalSimulator['otpMessages'] = [];
  const now = options.now ?? Date.now;
  const ttl = options.otpTtlMs ?? 120_000;
  let failing = options.failing ?? false;
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 5 * 1024 * 1024, files: 1 } });
  const app = express();
  app.get('/health', (_req, res) => {
    res.json({ status: 'UP' });
  });
  app.use('/api', (_req, res, next) => {
    if (failing) {
      res.status(503).json({ error: 'simulated outage' });
      return;
    }
    setTimeout(next, options.latencyMs ?? 0);
  });
  const synced: PortalSimulator['synced'] = new Map();
  const payment = createPaymentRoutes(options.publicBase);
  app.use(payment.router);
  app.post('/api/sync/dossiers', express.json({ limit: '1mb' }), (req, res) => {
    const { version, data } = (req.body ?? {}) as { version?: unknown; data?: Record<string, unknown> };
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      res.status(400).json({ field: 'version', error: 'version is a positive integer' });
      return;
    }
    const missing = SYNC_REQUIRED.find((f) => data?.[f] === undefined || data[f] === '');
    if (!data || missing) {
      res.status(422).json({ field: missing ?? 'data', error: `${missing ?? 'data'} is required` });
      return;
    }
    const code = String(data.MaHoSo);
    const held = synced.get(code);
    if (held && held.version >= version) {
      held.received++;
      res.json({ status: held.version === version ? 'accepted' : 'stale' });
      return;
    }
    synced.set(code, { version, data, received: (held?.received ?? 0) + 1 });
    res.json({ status: 'accepted' });
  });
  app.get('/sim/synced/:code', (req, res) => {
    const held = synced.get(req.params.code);
    if (!held) {
      res.status(404).json({ error: 'not synced' });
      return;
    }
    res.json(held);
  });
  app.use(express.json({ limit: '16kb' }));

  app.post('/api/accounts/lookup', (req, res) => {
    const { idType, idNumber } = (req.body ?? {}) as { idType?: unknown; idNumber?: unknown };
    if (typeof idType !== 'string' || typeof idNumber !== 'string') {
      res.status(400).json({ error: 'idType and idNumber are required' });
      return;
    }
    const made = created.get(idNumber);
    if (made) {
      res.json({ accountId: made, verifiedBy: 'population-db' });
      return;
    }
    if (idNumber.endsWith('000')) {
      res.status(404).json({ error: 'no account' });
      return;
    }
    res.json({ accountId: `DVCQG-${idNumber}`, verifiedBy: vneid.has(idNumber) ? 'vneid' : 'population-db' });
  });

  const sendOtp = (r: Registration) => {
    r.otp = String(randomInt(0, 1_000_000)).padStart(6, '0');
    r.otpExpiresAt = now() + ttl;
    otpMessages.push({ phone: r.phone, text: `Ma OTP tao tai khoan Cong DVCQG cua ban la ${r.otp}, hieu luc ${Math.round(ttl / 1000)} giay.`, at: now() });
  };

  app.post('/api/accounts/registrations', (req, res, next) => {
    upload.single('idCardScan')(req, res, (err?: unknown) => {
      if (err) {
        res.status(422).json({ field: 'idCardScan', error: err instanceof multer.MulterError ? err.code : 'unreadable upload' });
        return;
      }
      next();
    });
  }, (req, res) => {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(String((req.body as { data?: unknown }).data ?? '')) as Record<string, unknown>;
    } catch {
      res.status(400).json({ field: 'data', error: 'data must be JSON' });
      return;
    }
    const { idNumber, phone, fullName, dateOfBirth } = data;
    if (!req.file) {
      res.status(422).json({ field: 'idCardScan', error: 'the ID card scan is required' });
      return;
    }
    if (typeof idNumber !== 'string' || typeof phone !== 'string' || !/^0[35789]\d{8}$/.test(phone) || typeof fullName !== 'string' || typeof dateOfBirth !== 'string') {
      res.status(422).json({ field: 'data', error: 'idNumber, fullName, dateOfBirth and a mobile phone are required' });
      return;
    }
    if (created.has(idNumber) || !idNumber.endsWith('000')) {
      res.status(409).json({ field: 'idNumber', error: 'an account exists for this ID' });
      return;
    }
    const r: Registration = { id: randomUUID(), idNumber, phone, otp: '', otpExpiresAt: 0, wrongTries: 0, state: 'waiting-otp' };
    sendOtp(r);
    registrations.set(r.id, r);
    res.status(201).json({ registrationId: r.id, otpExpiresAt: new Date(r.otpExpiresAt).toISOString() });
  });

  app.post('/api/accounts/registrations/:id/otp', (req, res) => {
    const r = registrations.get(req.params.id);
    if (!r) {
      res.status(404).json({ error: 'unknown registration' });
      return;
    }
    if (r.state !== 'waiting-otp') {
      res.status(409).json({ error: r.state === 'locked' ? 'otp-attempts' : 'already confirmed' });
      return;
    }
    sendOtp(r);
    res.json({ otpExpiresAt: new Date(r.otpExpiresAt).toISOString() });
  });

  app.post('/api/accounts/registrations/:id/confirm', (req, res) => {
    const r = registrations.get(req.params.id);
    const otp = (req.body as { otp?: unknown } | undefined)?.otp;
    if (!r) {
      res.status(404).json({ error: 'unknown registration' });
      return;
    }
    if (r.state === 'confirmed' && r.accountId) {
      res.json({ accountId: r.accountId });
      return;
    }
    if (r.state === 'locked') {
      res.status(422).json({ error: 'otp-attempts' });
      return;
    }
    if (now() > r.otpExpiresAt) {
      res.status(422).json({ error: 'otp-expired' });
      return;
    }
    if (otp !== r.otp) {
      r.wrongTries++;
      if (r.wrongTries >= MAX_WRONG) {
        r.state = 'locked';
        res.status(422).json({ error: 'otp-attempts' });
        return;
      }
      res.status(422).json({ error: 'otp-wrong', attemptsLeft: MAX_WRONG - r.wrongTries });
      return;
    }
    r.state = 'confirmed';
    r.accountId = `DVCQG-${r.idNumber}`;
    created.set(r.idNumber, r.accountId);
    res.json({ accountId: r.accountId });
  });

  // the applicant's phone, for people trying the system and for tests
  app.get('/sim/otp-messages', (req, res) => {
    const phone = typeof req.query.phone === 'string' ? req.query.phone : undefined;
    res.json(otpMessages.filter((m) => !phone || m.phone === phone));
  });
  return { app, otpMessages, synced, payments: payment.payments, setFailing: (f) => { failing = f; } };
}

/** The simulator as an express app (the look-up tests and the stack use it so). */
export function createPortalSimulator(options: PortalSimulatorOptions = {}): express.Express {
  return createPortalSimulatorWithState(options).app;
}

if (require.main === module) {
  const port = Number(process.env.PORTAL_SIM_PORT ?? 8710);
  const app = createPortalSimulator({
    vneidAccounts: (process.env.PORTAL_SIM_ACCOUNTS ?? '').split(',').filter(Boolean),
    failing: process.env.PORTAL_SIM_FAIL === '1',
    latencyMs: Number(process.env.PORTAL_SIM_LATENCY_MS ?? 0),
  });
  app.listen(port, '127.0.0.1', () => {
    console.log(JSON.stringify({ level: 'info', msg: 'national portal simulator listening', port }));
  });
}
