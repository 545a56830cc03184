import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { callbackSignature, type RemoteSigningStatus } from '../../core/adapters/remote-signing';
import { openP12, rsaSignDigest, type P12Contents } from '../../core/adapters/signer/digest-signer';
import { loadConfig, requireSecret } from '../../core/config';

/**
 * Local simulator of a remote signing service (VNPT SmartCA shape, DOMAIN §10), for development and tests.
 * The service side: it holds each person's key (SIGNING_CERT_DIR/people/<user-id>.p12, as the CA's HSM
 * would), answers get_certificate, takes a hash to sign and keeps the transaction pending until the person
 * acts on their phone. The phone side (`/app/…`): the person lists what waits for them and confirms with
 * their PIN, or rejects; unanswered requests expire (SmartCA: 5 minutes). Every end state is announced to
 * the request's callback URL, signed with the client's secret, and retried a few times.
 */
export interface RemoteSigningSimulatorOptions {
  keyDir: string;
  passphrase: string;
  /** the one client (this application) and its secret */
  clientId?: string;
  clientSecret: string;
  /** PIN the phone app asks for; per user in a real service */
  pin?: string;
  ttlMs?: number;
  now?: () => Date;
  /** callback retries: waits between attempts */
  callbackBackoffMs?: number[];
}

interface Transaction {
  tranId: string;
  transactionId: string;
  userId: string;
  description: string;
  digest: Buffer;
  callbackUrl?: string;
  status: RemoteSigningStatus;
  createdAt: Date;
  expiresAt: Date;
  signature?: Buffer;
  callbacks: { status: number | string; at: Date }[];
}

export interface RemoteSigningSimulator {
  app: express.Express;
  /** what the simulator holds, for tests that check what was (not) signed */
  transactions(): readonly Transaction[];
  /** stop expiry timers and callback retries */
  close(): void;
}

export function createRemoteSigningSimulator(options: RemoteSigningSimulatorOptions): RemoteSigningSimulator {
  const clientId = options.clientId ?? 'dossier-digitization';
  const pin = options.pin ?? '123456';
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? (() => new Date());
  const backoff = options.callbackBackoffMs ?? [1000, 5000, 20_000];
  const byTranId = new Map<string, Transaction>();
  const byTransactionId = new Map<string, Transaction>();
  const timers = new Set<NodeJS.Timeout>();
  const keys = new Map<string, P12Contents>();

  const keyOf = (userId: string): P12Contents | undefined => {
    if (!/^[0-9a-f-]{36}$/.test(userId)) return undefined; // a Keycloak id, never a path
    const cached = keys.get(userId);
    if (cached) return cached;
    const file = path.join(options.keyDir, 'people', `${userId}.p12`);
    if (!existsSync(file)) return undefined;
    const opened = openP12(readFileSync(file), options.passphrase);
    keys.set(userId, opened);
    return opened;
  };

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    t.unref();
    timers.add(t);
  };

  const announce = (tx: Transaction, attempt = 0): void => {
    if (!tx.callbackUrl) return;
    const body = Buffer.from(JSON.stringify({ tran_id: tx.tranId, transaction_id: tx.transactionId, status: tx.status }));
    fetch(tx.callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': callbackSignature(body, options.clientSecret) },
      body,
      signal: AbortSignal.timeout(5000),
    })
      .then((res) => {
        tx.callbacks.push({ status: res.status, at: now() });
        if (res.status >= 500 && attempt < backoff.length) later(backoff[attempt] ?? 1000, () => announce(tx, attempt + 1));
      })
      .catch((err: Error) => {
        tx.callbacks.push({ status: err.message, at: now() });
        if (attempt < backoff.length) later(backoff[attempt] ?? 1000, () => announce(tx, attempt + 1));
      });
  };

  const settle = (tx: Transaction, status: RemoteSigningStatus) => {
    tx.status = status;
    announce(tx);
  };

  /** expiry is checked on every read as well as by timer, so a controlled clock works too */
  const current = (tx: Transaction): Transaction => {
    if (tx.status === 'pending' && now() >= tx.expiresAt) settle(tx, 'expired');
    return tx;
  };

  const view = (tx: Transaction) => ({
    tran_id: tx.tranId,
    transaction_id: tx.transactionId,
    status: tx.status,
    expired_at: tx.expiresAt.toISOString(),
    ...(tx.signature ? { signatures: [{ doc_id: tx.transactionId, signature_value: tx.signature.toString('base64') }] } : {}),
  });

  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.get('/health', (_req, res) => {
    res.json({ status: 'UP' });
  });

  // --- the service API (this application is the client) ------------------------------------------
  const service = express.Router();
  service.use((req, res, next) => {
    const { sp_id: id, sp_password: secret } = (req.body ?? {}) as { sp_id?: unknown; sp_password?: unknown };
    if (id !== clientId || secret !== options.clientSecret) {
      res.status(401).json({ code: 401, message: 'unknown service provider or wrong password' });
      return;
    }
    next();
  });
  service.post('/credentials/get_certificate', (req, res) => {
    const key = keyOf(String(req.body.user_id ?? ''));
    if (!key) {
      res.status(404).json({ code: 404, message: 'no certificate for this user' });
      return;
    }
    const [cert, ...chain] = key.certificates;
    res.json({ code: 0, content: { user_certificates: [{ cert_id: randomUUID(), cert_data: cert!.toString('base64'), chain_data: chain.map((c) => c.toString('base64')) }] } });
  });
  service.post('/signatures/sign', (req, res) => {
    const body = req.body as { user_id?: unknown; transaction_id?: unknown; transaction_desc?: unknown; callback_url?: unknown; sign_files?: { data_to_be_signed?: unknown }[] };
    const userId = String(body.user_id ?? '');
    const transactionId = typeof body.transaction_id === 'string' ? body.transaction_id : '';
    const hash = body.sign_files?.[0]?.data_to_be_signed;
    if (!transactionId || typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash) || body.sign_files?.length !== 1) {
      res.status(400).json({ code: 400, message: 'transaction_id and one SHA-256 data_to_be_signed (hex) are required' });
      return;
    }
    if (!keyOf(userId)) {
      res.status(404).json({ code: 404, message: 'no certificate for this user' });
      return;
    }
    const existing = byTransactionId.get(transactionId);
    if (existing) {
      // a repeated request (the client retried) is the same transaction, never a second one
      if (existing.userId !== userId || existing.digest.toString('hex') !== hash) {
        res.status(409).json({ code: 409, message: 'transaction_id already used for another request' });
        return;
      }
      res.json({ code: 0, content: view(current(existing)) });
      return;
    }
    const createdAt = now();
    const tx: Transaction = {
      tranId: randomUUID(),
      transactionId,
      userId,
      description: typeof body.transaction_desc === 'string' ? body.transaction_desc.slice(0, 500) : '',
      digest: Buffer.from(hash, 'hex'),
      ...(typeof body.callback_url === 'string' ? { callbackUrl: body.callback_url } : {}),
      status: 'pending',
      createdAt,
      expiresAt: new Date(createdAt.getTime() + ttlMs),
      callbacks: [],
    };
    byTranId.set(tx.tranId, tx);
    byTransactionId.set(transactionId, tx);
    later(ttlMs, () => current(tx));
    res.json({ code: 0, content: view(tx) });
  });
  service.post('/signatures/sign/:tranId/status', (req, res) => {
    const tx = byTranId.get(req.params.tranId);
    if (!tx) {
      res.status(404).json({ code: 404, message: 'unknown transaction' });
      return;
    }
    res.json({ code: 0, content: view(current(tx)) });
  });
  app.use('/v1', service);

  // --- the phone app (the person) ------------------------------------------------------------------
  app.get('/app/users/:userId/transactions', (req, res) => {
    const waiting = [...byTranId.values()].map(current).filter((tx) => tx.userId === req.params.userId && tx.status === 'pending');
    res.json(waiting.map((tx) => ({ tran_id: tx.tranId, transaction_desc: tx.description, created_at: tx.createdAt.toISOString(), expired_at: tx.expiresAt.toISOString() })));
  });
  const decide = (decision: 'confirmed' | 'rejected') => (req: express.Request, res: express.Response) => {
    const tx = byTranId.get(String(req.params.tranId));
    const { user_id: userId, pin: given } = (req.body ?? {}) as { user_id?: unknown; pin?: unknown };
    if (!tx) {
      res.status(404).json({ code: 404, message: 'unknown transaction' });
      return;
    }
    if (userId !== tx.userId || given !== pin) {
      res.status(403).json({ code: 403, message: 'only the person asked to sign can answer, with their PIN' });
      return;
    }
    if (current(tx).status !== 'pending') {
      res.status(409).json({ code: 409, message: `transaction is ${tx.status}` });
      return;
    }
    if (decision === 'confirmed') tx.signature = rsaSignDigest(keyOf(tx.userId)!.key, tx.digest);
    settle(tx, decision);
    res.json({ code: 0, content: view(tx) });
  };
  app.post('/app/transactions/:tranId/confirm', decide('confirmed'));
  app.post('/app/transactions/:tranId/reject', decide('rejected'));

  return {
    app,
    transactions: () => [...byTranId.values()],
    close: () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

if (require.main === module) {
  const config = loadConfig();
  const port = Number(process.env.REMOTE_SIGNING_SIM_PORT ?? 8720);
  const sim = createRemoteSigningSimulator({
    keyDir: config.SIGNING_CERT_DIR,
    passphrase: requireSecret(config, 'SIGNING_CERT_PASSPHRASE'),
    clientSecret: requireSecret(config, 'REMOTE_SIGNING_CLIENT_SECRET'),
    ...(process.env.REMOTE_SIGNING_SIM_PIN ? { pin: process.env.REMOTE_SIGNING_SIM_PIN } : {}),
  });
  sim.app.listen(port, '127.0.0.1', () => {
    console.log(JSON.stringify({ level: 'info', msg: 'remote signing simulator listening', port }));
  });
}
