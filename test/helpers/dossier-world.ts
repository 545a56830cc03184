import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { createCamunda, createEngine } from '../../core/adapters/camunda';
import { createNationalPortal, createPortalDossierSync } from '../../core/adapters/national-portal';
import { createPostalService } from '../../core/adapters/postal';
import { createPaymentPlatform } from '../../core/adapters/payment-platform';
import { createLogger } from '../../core/logger';
import { deployAll } from '../../stack/deploy';
import { createPortalSimulatorWithState, type PortalSimulatorOptions } from '../../stack/simulators/national-portal';
import { createPopulationDb } from '../../core/adapters/population-db';
import { createPopulationDbSimulator } from '../../stack/simulators/population-db';
import { createMessagingSimulator } from '../../stack/simulators/messaging';
import { createTsaSimulator } from '../../stack/simulators/timestamp-authority';
import { createTimestampAuthority } from '../../core/adapters/timestamp-authority';
import { createRemoteSigningSimulator, type RemoteSigningSimulator } from '../../stack/simulators/remote-signing';
import { createKeyStore, createNotificationChannels, createRemoteSigningClient } from '../../workers/deps';
import { startWorkers, type WorkerHost } from '../../workers/host';
import { makeTestCertificates, testConfig } from './fixtures';
import { intakeClockOnOwnDay } from './intake-clock';
import { staffVerifier } from './staff';

const listening = async (server: Server): Promise<string> => {
  await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/**
 * Everything a dossier needs on the real engine, for one test file: certificates made for this run
 * (a CA, each signing person of the realm under their Keycloak id, each agency), the API in-process and
 * listening (receiving on a day of its own, see intake-clock; the signing service calls it back), every
 * diagram and form deployed (Tasklist holding the forms before any task), the real workers, and the
 * simulators of the national systems: portal (accounts, OTP), population database, remote signing, the
 * applicant's SMS, Zalo and mailbox (the outbox's notifications arrive there), and the timestamp authority. Call at the top of a file, after useTestDatabase().
 */
export function useDossierWorld(name: string, options: {
  signingTtlMs?: number; config?: Record<string, string>; portal?: PortalSimulatorOptions;
  /** one clock for the API and the workers (default: the API on a day of its own, the workers on real time) */
  clock?: () => Date;
} = {}) {
  // every line the API and the workers log in this file, at every level, kept for the tests to read
  const logLines: string[] = [];
  const log = createLogger(name, 'trace', { write: (line: string) => { logLines.push(line); } });
  const certs = makeTestCertificates();
  const clientSecret = randomBytes(24).toString('hex');
  const zaloToken = randomBytes(16).toString('hex');
  const config = testConfig({ SIGNING_CERT_DIR: certs.dir, SIGNING_CERT_PASSPHRASE: certs.passphrase, REMOTE_SIGNING_CLIENT_SECRET: clientSecret, ZALO_OA_ACCESS_TOKEN: zaloToken, ...options.config });
  const c8 = createCamunda(config);
  const engine = createEngine(c8, config);
  const now = options.clock ?? intakeClockOnOwnDay();
  const portalSim = createPortalSimulatorWithState(options.portal);
  const messaging = createMessagingSimulator({ zaloAccessToken: zaloToken, zaloTemplateIds: [config.ZALO_TEMPLATE_ID] });
  const sms = messaging.sms;
  const tsa = createTsaSimulator({ p12: readFileSync(path.join(certs.dir, 'tsa.p12')), passphrase: certs.passphrase });
  // the API reaches the portal and the population database at addresses known once they listen
  const portal = { url: '' };
  const population = { url: '' };
  const app = createApp({
    config, engine, log, now, verifier: staffVerifier(), keys: createKeyStore(config),
    portal: {
      findAccount: (...a) => createNationalPortal(portal.url, 2000).findAccount(...a),
      startRegistration: (r) => createNationalPortal(portal.url, 2000).startRegistration(r),
      resendOtp: (id) => createNationalPortal(portal.url, 2000).resendOtp(id),
      confirmRegistration: (id, otp) => createNationalPortal(portal.url, 2000).confirmRegistration(id, otp),
    },
    population: { verify: (q) => createPopulationDb(population.url, 2000).verify(q) },
    payments: { getPayment: (id) => createPaymentPlatform(portal.url, 2000).getPayment(id) },
  });
  const signing: RemoteSigningSimulator = createRemoteSigningSimulator({
    keyDir: certs.dir, passphrase: certs.passphrase, clientId: config.REMOTE_SIGNING_CLIENT_ID, clientSecret,
    ...(options.signingTtlMs ? { ttlMs: options.signingTtlMs } : {}), callbackBackoffMs: [500, 2000],
  });
  const servers: Server[] = [];
  let host: WorkerHost | undefined;

  beforeAll(async () => {
    const start = (handler: Express) => {
      const server = handler.listen(0, '127.0.0.1');
      servers.push(server);
      return listening(server);
    };
    const [portalUrl, signingUrl, apiUrl, populationUrl, messagingUrl, tsaUrl, smtpPort] = await Promise.all([
      start(portalSim.app), start(signing.app), start(app), start(createPopulationDbSimulator()), start(messaging.app), start(tsa.app), messaging.mail.listen(0),
    ]);
    config.TSA_URL = `${tsaUrl}/tsa`;
    portal.url = portalUrl;
    population.url = populationUrl;
    config.REMOTE_SIGNING_BASE_URL = signingUrl;
    config.REMOTE_SIGNING_CALLBACK_URL = `${apiUrl}/api/signing/callbacks`;
    config.PAYMENT_CALLBACK_URL = `${apiUrl}/api/payments/callbacks`;
    await deployAll(c8, { tasklistFormsIn: process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200' });
    host = startWorkers(c8, {
      config, log, portal: createNationalPortal(portalUrl, 2000), portalSync: createPortalDossierSync(portalUrl, 2000), keys: createKeyStore(config), remoteSigning: createRemoteSigningClient(config),
      channels: createNotificationChannels(config, { smsUrl: messagingUrl, zaloUrl: `${messagingUrl}/zns`, smtpUrl: `smtp://127.0.0.1:${smtpPort}` }),
      postal: createPostalService(`${messagingUrl}/postal`, 2000), payments: createPaymentPlatform(portalUrl, 2000), tsa: createTimestampAuthority(config.TSA_URL, { timeoutMs: 5000 }),
      population: createPopulationDb(populationUrl, 2000), messages: createEngine(c8, config), now: options.clock ?? (() => new Date()),
    }, log);
  });

  afterAll(async () => {
    await host?.stop();
    signing.close();
    await Promise.all([...servers.map((s) => new Promise((r) => s.close(r))), messaging.mail.close()]);
  });

  return { log, logLines, config, c8, engine, now, app, signing, certs, portalSim, sms, messaging };
}
