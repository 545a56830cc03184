import { Router } from 'express';
import { badRequest } from '../../core/errors';
import type { DossierServiceDeps } from '../dossiers/dossiers.service';
import { recordOnlinePayment } from '../dossiers/payment.service';

/**
 * POST /api/payments/callbacks — the payment platform says a payment changed. No staff token (the caller
 * is the platform) and nothing in the body is believed but the payment's id: the platform is asked for
 * the payment's status before anything is recorded.
 */
export function paymentCallbacksRouter(deps: DossierServiceDeps): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const paymentId = (req.body as { paymentId?: unknown } | undefined)?.paymentId;
    if (typeof paymentId !== 'string' || !/^[A-Za-z0-9-]{8,64}$/.test(paymentId)) {
      throw badRequest([{ field: 'paymentId', rule: 'format', message: 'Mã khoản thanh toán không hợp lệ' }]);
    }
    res.json(await recordOnlinePayment(deps, paymentId));
  });
  return router;
}
