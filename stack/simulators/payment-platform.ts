import { randomUUID } from 'node:crypto';
import express from 'express';

/**
 * Local simulator of the national portal's payment platform (development and tests only; served by the
 * portal simulator). POST /api/payments makes a payment request (the same orderId again answers the first,
 * 200), GET /api/payments/:id tells its status, and POST /sim/payments/:id/pay is the applicant paying on
 * the platform's page: the payment becomes paid and the platform calls the request's callbackUrl with
 * { paymentId } (retried a few times). Requests are listed at GET /sim/payments.
 */
export interface SimPayment {
  paymentId: string;
  orderId: string;
  amount: number;
  description: string;
  callbackUrl: string;
  status: 'pending' | 'paid';
  paidAt?: string;
  transactionNo?: string;
}

export function createPaymentRoutes(publicBase = 'http://127.0.0.1:8710'): { router: express.Router; payments: SimPayment[] } {
  const payments: SimPayment[] = [];
  const router = express.Router();
  router.post('/api/payments', express.json({ limit: '16kb' }), (req, res) => {
    const { orderId, amount, description, callbackUrl } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof orderId !== 'string' || !orderId || typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0
      || typeof description !== 'string' || typeof callbackUrl !== 'string') {
      res.status(422).json({ error: 'orderId, a positive whole amount in VND, description and callbackUrl are required' });
      return;
    }
    const earlier = payments.find((p) => p.orderId === orderId);
    const payment = earlier ?? { paymentId: randomUUID(), orderId, amount, description, callbackUrl, status: 'pending' as const };
    if (!earlier) payments.push(payment);
    res.status(earlier ? 200 : 201).json({ paymentId: payment.paymentId, payUrl: `${publicBase}/thanh-toan/${payment.paymentId}` });
  });
  router.get('/api/payments/:id', (req, res) => {
    const p = payments.find((x) => x.paymentId === req.params.id);
    if (!p) {
      res.status(404).json({ error: 'no such payment' });
      return;
    }
    res.json(p);
  });
  router.post('/sim/payments/:id/pay', async (req, res) => {
    const p = payments.find((x) => x.paymentId === req.params.id);
    if (!p) {
      res.status(404).json({ error: 'no such payment' });
      return;
    }
    if (p.status !== 'paid') Object.assign(p, { status: 'paid', paidAt: new Date().toISOString(), transactionNo: `PG${Date.now()}` });
    let answered = 0;
    for (let attempt = 0; attempt < 5 && !answered; attempt++) {
      answered = await fetch(p.callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentId: p.paymentId }), signal: AbortSignal.timeout(5000) })
        .then((r) => (r.ok ? r.status : 0)).catch(() => 0);
      if (!answered) await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
    }
    res.json({ status: p.status, callback: answered || 'failed' });
  });
  router.get('/sim/payments', (req, res) => {
    const orderId = typeof req.query.orderId === 'string' ? req.query.orderId : undefined;
    res.json(payments.filter((p) => !orderId || p.orderId === orderId));
  });
  return { router, payments };
}
