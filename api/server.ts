import { createCamunda, createEngine } from '../core/adapters/camunda';
import { createStaffTokenVerifier } from '../core/auth/staff-token';
import { loadConfig } from '../core/config';
import { connectDatabase, disconnectDatabase } from '../core/db';
import { createLogger } from '../core/logger';
import { createFileKeyStore } from '../core/adapters/signer/key-store';
import { createApp } from './app';
import { startPendingProcesses, sweepOrphanScans } from './dossiers/dossiers.service';
import { publishPendingSupplements } from './dossiers/intake-decision.service';
import { publishPendingWithdrawals } from './dossiers/withdrawal.service';
import { publishPendingFeePayments } from './dossiers/payment.service';
import { createPaymentPlatform } from '../core/adapters/payment-platform';
import { publishPendingConsultationReplies } from './dossiers/consultation.service';
import { createNationalPortal } from '../core/adapters/national-portal';
import { createPopulationDb } from '../core/adapters/population-db';

/** Entry point of the API: `npx tsx api/server.ts`. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('api', config.LOG_LEVEL);
  await connectDatabase(config.MONGODB_URI);
  const engine = createEngine(createCamunda(config), config);
  // the officers' keys sign the receipts at intake; without them intake goes on and receipts wait
  const keys = config.SIGNING_CERT_PASSPHRASE ? createFileKeyStore(config.SIGNING_CERT_DIR, config.SIGNING_CERT_PASSPHRASE) : undefined;
  if (!keys) log.warn('SIGNING_CERT_PASSPHRASE is not set: receipts cannot be signed');
  const deps = {
    config, engine, log, now: () => new Date(), ...(keys ? { keys } : {}),
    portal: createNationalPortal(config.PORTAL_BASE_URL, config.PORTAL_TIMEOUT_MS),
    population: createPopulationDb(config.POPULATION_DB_BASE_URL, config.PORTAL_TIMEOUT_MS),
    payments: createPaymentPlatform(config.PAYMENT_BASE_URL, config.PORTAL_TIMEOUT_MS),
  };
  const verifier = createStaffTokenVerifier({ issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE, jwksUrl: config.OIDC_JWKS_URL });
  const app = createApp({ ...deps, verifier });
  // dossiers saved (or supplemented) while the engine was away: start or resume their processes once it is back
  let retrying = false;
  const retry = setInterval(() => {
    if (retrying) return;
    retrying = true;
    startPendingProcesses(deps)
      .then((r) => r.tried > 0 && log.info(r, 'pending process starts retried'))
      // supplements received while the engine was away: resume their processes
      .then(() => publishPendingSupplements(deps))
      .then((n) => n && log.info({ published: n }, 'pending supplement messages published'))
      // withdrawals recorded while the engine was away: interrupt their processes
      .then(() => publishPendingWithdrawals(deps))
      .then((n) => n && log.info({ published: n }, 'pending withdrawal messages published'))
      // payments recorded while the engine was away: let their processes go on
      .then(() => publishPendingFeePayments(deps))
      .then((n) => n && log.info({ published: n }, 'pending fee-paid messages published'))
      // consultation replies recorded while the engine was away: resume their reviews
      .then(() => publishPendingConsultationReplies(deps))
      .then((n) => n && log.info({ published: n }, 'pending consultation replies published'))
      .catch((err: unknown) => log.warn({ err }, 'could not retry pending process starts'))
      .finally(() => { retrying = false; });
  }, config.PROCESS_START_RETRY_MS);
  // scans of intake attempts that crashed before saving their dossier (never an attempt in progress)
  const sweep = setInterval(() => {
    sweepOrphanScans(deps)
      .then((n) => n > 0 && log.info({ deleted: n }, 'orphan scans of failed intakes removed'))
      .catch((err: unknown) => log.warn({ err }, 'could not sweep orphan scans'));
  }, 3600_000);
  const server = app.listen(config.API_PORT, () => log.info({ port: config.API_PORT }, 'dossier API listening'));
  const stop = (signal: string) => {
    log.info({ signal }, 'stopping API');
    clearInterval(retry);
    clearInterval(sweep);
    server.close(() => void disconnectDatabase().then(() => process.exit(0)));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', msg: 'API failed to start', err: String(err) }));
  process.exit(1);
});
