import { fetchWithin, postJson } from './http';

/**
 * The national portal's online payment platform (Nền tảng thanh toán trực tuyến, PayGov): a payment
 * request per dossier — the dossier code is the order id, so a second request for it answers the first —
 * and its status. The platform calls back when the applicant has paid; the callback only names the
 * payment, and the API asks the platform for its status before it believes it (no shared secret to
 * leak, no forged "paid"). The HTTP contract is the local simulator's (stack/simulators/payment-platform.ts)
 * until the province's contract is wired in.
 */
export interface PaymentRequest {
  orderId: string;
  amount: number;
  description: string;
  callbackUrl: string;
}

export interface PaymentStatus {
  paymentId: string;
  orderId: string;
  amount: number;
  status: 'pending' | 'paid';
  paidAt?: Date;
  transactionNo?: string;
}

export interface PaymentPlatform {
  requestPayment(request: PaymentRequest): Promise<{ paymentId: string; payUrl: string }>;
  getPayment(paymentId: string): Promise<PaymentStatus | undefined>;
}

export function createPaymentPlatform(baseUrl: string, timeoutMs: number): PaymentPlatform {
  const fail = (m: string) => new Error(m);
  return {
    async requestPayment(r) {
      const res = await fetchWithin(new URL('/api/payments', baseUrl), postJson(r), timeoutMs, fail, 'payment platform');
      const body = (await res.json().catch(() => ({}))) as { paymentId?: unknown; payUrl?: unknown; error?: unknown };
      if ((res.status !== 200 && res.status !== 201) || typeof body.paymentId !== 'string' || typeof body.payUrl !== 'string') {
        throw new Error(`payment platform answered HTTP ${res.status} to a payment request`);
      }
      return { paymentId: body.paymentId, payUrl: body.payUrl };
    },
    async getPayment(paymentId) {
      const res = await fetchWithin(new URL(`/api/payments/${encodeURIComponent(paymentId)}`, baseUrl), { method: 'GET' }, timeoutMs, fail, 'payment platform');
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`payment platform answered HTTP ${res.status} to a status query`);
      const b = (await res.json()) as Record<string, unknown>;
      return {
        paymentId: String(b.paymentId), orderId: String(b.orderId), amount: Number(b.amount), status: b.status === 'paid' ? 'paid' : 'pending',
        ...(typeof b.paidAt === 'string' ? { paidAt: new Date(b.paidAt) } : {}), ...(typeof b.transactionNo === 'string' ? { transactionNo: b.transactionNo } : {}),
      };
    },
  };
}
