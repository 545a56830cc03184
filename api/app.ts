import express from 'express';
import type { StaffTokenVerifier } from '../core/auth/staff-token';
import { withAuditSource } from '../core/audit-source';
import { databaseIsUp } from '../core/db';
import { requireStaff } from './auth';
import type { DossierServiceDeps } from './dossiers/dossiers.service';
import { dossiersRouter } from './dossiers/dossiers.routes';
import { errorHandler } from './error-handler';
import { signingCallbacksRouter } from './signing/signing.routes';
import { publicLookupRouter } from './public/lookup.routes';
import { reuseRouter } from './reuse/reuse.routes';
import { catalogRouter } from './catalog/catalog.routes';
import { deskRouter } from './desk/desk.routes';
import { paymentCallbacksRouter } from './payments/payments.routes';

export type AppDeps = DossierServiceDeps & { verifier: StaffTokenVerifier };

/** The API as a value, so tests run it with supertest against the real database and engine. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // every change a request makes is audited with the caller's address (behind a proxy: set 'trust proxy')
  app.use((req, _res, next) => withAuditSource({ ip: req.ip ?? req.socket.remoteAddress ?? 'unknown', userAgent: (req.get('user-agent') ?? '').slice(0, 200) }, next));
  // before the JSON parser: the callback's HMAC covers its raw body
  app.use('/api/signing/callbacks', signingCallbacksRouter({ engine: deps.engine, log: deps.log, clientSecret: deps.config.REMOTE_SIGNING_CLIENT_SECRET }));
  app.use(express.json({ limit: '1mb' }));

  app.get('/api/health', async (_req, res) => {
    const [database, engine] = await Promise.all([databaseIsUp(), deps.engine.isUp()]);
    res.status(database && engine ? 200 : 503).json({
      status: database && engine ? 'UP' : 'DOWN',
      database: database ? 'UP' : 'DOWN',
      engine: engine ? 'UP' : 'DOWN',
    });
  });
  // the one-stop desk page: static files and the vendor libraries it loads; it logs in itself (Keycloak)
  app.use('/desk', deskRouter(deps.config));
  // public, no login: what the QR code of a receipt opens (no personal data)
  app.use(publicLookupRouter(deps.config.TZ_OFFSET));
  // the payment platform's callbacks (no staff token: the platform is asked for the status itself)
  app.use('/api/payments/callbacks', paymentCallbacksRouter(deps));
  app.use('/api/dossiers', requireStaff(deps.verifier), dossiersRouter(deps));
  app.use('/api', requireStaff(deps.verifier), catalogRouter(), reuseRouter(deps));
  app.use((req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.path}`, messageVi: 'Không có địa chỉ này', violations: [] } });
  });
  app.use(errorHandler(deps.log, deps.config.UPLOAD_MAX_BYTES));
  return app;
}
