import express from 'express';
import { formatS10 } from '../../core/rules/codes';

/**
 * Local simulator of the public postal service's order API (development and tests only; the real one is
 * reached through core/adapters/postal.ts with POSTAL_BASE_URL). POST /orders books a shipment and answers
 * 201 with an S10 ItemCode; the same OrderCode again answers 200 with the same ItemCode; a missing
 * receiver address is 422 naming the field. Bookings are listed at GET /sim/shipments.
 */
export interface PostalOrder {
  orderCode: string;
  itemCode: string;
  senderName: string;
  receiverName: string;
  receiverAddress: string;
  content: string;
  at: string;
}

export function createPostalRoutes(): { router: express.Router; orders: PostalOrder[] } {
  const orders: PostalOrder[] = [];
  let serial = 10_000_000 + Math.floor(Math.random() * 80_000_000);
  const router = express.Router();
  router.post('/orders', express.json({ limit: '64kb' }), (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    for (const field of ['OrderCode', 'SenderName', 'ReceiverName', 'ReceiverAddress', 'PackageContent']) {
      if (typeof b[field] !== 'string' || !(b[field] as string).trim()) {
        res.status(422).json({ Field: field, Message: `${field} is required` });
        return;
      }
    }
    const earlier = orders.find((o) => o.orderCode === b.OrderCode);
    if (earlier) {
      res.status(200).json({ OrderCode: earlier.orderCode, ItemCode: earlier.itemCode, Status: 'booked' });
      return;
    }
    const order: PostalOrder = {
      orderCode: String(b.OrderCode), itemCode: formatS10('RR', serial++), senderName: String(b.SenderName),
      receiverName: String(b.ReceiverName), receiverAddress: String(b.ReceiverAddress), content: String(b.PackageContent), at: new Date().toISOString(),
    };
    orders.push(order);
    res.status(201).json({ OrderCode: order.orderCode, ItemCode: order.itemCode, Status: 'booked' });
  });
  return { router, orders };
}
