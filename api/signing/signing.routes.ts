import express, { Router } from 'express';
import { callbackIsAuthentic, REMOTE_SIGNING_STATUSES } from '../../core/adapters/remote-signing';
import type { Engine } from '../../core/adapters/camunda';
import { AppError, badRequest, unauthenticated, unavailable } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { LEADER_SIGNATURE_RESOLVED } from '../../core/process/steps';

/**
 * POST /api/signing/callbacks — the remote signing service announces that a person confirmed, rejected
 * or let expire a signing request. Authenticated by the HMAC of the raw body with this application's
 * secret at the service (no staff token: the caller is the service). The answer becomes the message the
 * waiting process catches (correlation key = the service's transaction id); the signature itself is
 * fetched from the service by the next step, never taken from this body.
 */
export function signingCallbacksRouter(deps: { engine: Engine; log: Logger; clientSecret: string | undefined }): Router {
  const router = Router();
  router.post('/', express.raw({ type: '*/*', limit: '16kb' }), async (req, res) => {
    if (!deps.clientSecret) {
      throw new AppError('DEPENDENCY_UNAVAILABLE', 'Remote signing callbacks are not configured (REMOTE_SIGNING_CLIENT_SECRET)', 'Chưa cấu hình dịch vụ ký số từ xa');
    }
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!callbackIsAuthentic(raw, req.get('x-signature'), deps.clientSecret)) {
      throw unauthenticated('Callback signature (X-Signature) missing or wrong', 'Chữ ký của thông báo từ dịch vụ ký số không hợp lệ');
    }
    let body: { tran_id?: unknown; status?: unknown };
    try {
      body = JSON.parse(raw.toString('utf8')) as typeof body;
    } catch {
      throw badRequest([{ field: 'body', rule: 'json', message: 'Nội dung phải là JSON hợp lệ' }]);
    }
    const tranId = typeof body.tran_id === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(body.tran_id) ? body.tran_id : undefined;
    const status = REMOTE_SIGNING_STATUSES.find((s) => s !== 'pending' && s === body.status);
    if (!tranId || !status) {
      throw badRequest([
        ...(!tranId ? [{ field: 'tran_id', rule: 'format', message: 'Mã giao dịch ký không hợp lệ' }] : []),
        ...(!status ? [{ field: 'status', rule: 'enum', message: 'Trạng thái phải là confirmed, rejected hoặc expired' }] : []),
      ]);
    }
    try {
      // buffered for an hour: the answer may arrive before the process reaches its wait
      const { duplicate } = await deps.engine.publishMessageOnce({
        name: LEADER_SIGNATURE_RESOLVED, correlationKey: tranId, messageId: `${tranId}:${status}`, timeToLiveMs: 3_600_000,
      });
      deps.log.info({ tranId, status, duplicate }, 'remote signing answer received');
    } catch (err) {
      // 503: the service retries the callback; the process also asks by itself when its wait runs out
      throw unavailable('Camunda', err);
    }
    res.status(204).end();
  });
  return router;
}
