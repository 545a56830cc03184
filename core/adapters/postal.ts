import { fetchWithin, postJson } from './http';

/**
 * The public postal service that carries administrative results (dịch vụ bưu chính công ích, Decision
 * 45/2016/QĐ-TTg): an order per shipment, the customer's order code as its key — the same code again
 * answers the shipment already made, so a re-delivered job books one shipment — and an S10 tracking
 * number (ItemCode) the applicant follows. The HTTP contract is the local simulator's
 * (stack/simulators/postal.ts) until the province's contract with the post is wired in. Receiver details
 * travel in the body only; nothing here logs them.
 */
export interface Shipment {
  /** the dossier code: one shipment per dossier's result */
  orderCode: string;
  sender: { name: string };
  receiver: { name: string; address: string; phone?: string };
  /** what is inside, as printed on the label, e.g. "Kết quả TTHC: Trích lục khai sinh 05/TLKS" */
  content: string;
}

export interface PostalService {
  createShipment(shipment: Shipment): Promise<{ itemCode: string; alreadyBooked: boolean }>;
}

export class PostalRefusedError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'PostalRefusedError';
  }
}

export function createPostalService(baseUrl: string, timeoutMs: number): PostalService {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    async createShipment(s) {
      const res = await fetchWithin(new URL('orders', base), postJson({
        OrderCode: s.orderCode, SenderName: s.sender.name,
        ReceiverName: s.receiver.name, ReceiverAddress: s.receiver.address, ...(s.receiver.phone ? { ReceiverPhone: s.receiver.phone } : {}),
        PackageContent: s.content, ServiceName: 'BCCI',
      }), timeoutMs, (m) => new Error(m), 'postal service');
      const body = (await res.json().catch(() => ({}))) as { ItemCode?: unknown; Field?: unknown; Message?: unknown };
      if (res.status === 400 || res.status === 422) throw new PostalRefusedError(String(body.Field ?? 'order'), `postal service refused the order: ${String(body.Message ?? res.status)}`);
      if ((res.status !== 200 && res.status !== 201) || typeof body.ItemCode !== 'string') throw new Error(`postal service answered HTTP ${res.status}`);
      return { itemCode: body.ItemCode, alreadyBooked: res.status === 200 };
    },
  };
}
