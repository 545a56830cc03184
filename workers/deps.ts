import type { Config } from '../core/config';
import { readSecret, requireSecret } from '../core/config';
import type { Logger } from '../core/logger';
import { createNationalPortal, createPortalDossierSync, type NationalPortal, type PortalDossierSync } from '../core/adapters/national-portal';
import { createRemoteSigning, type RemoteSigning } from '../core/adapters/remote-signing';
import { createFileKeyStore, type KeyStore } from '../core/adapters/signer/key-store';
import { createEmailChannel } from '../core/adapters/email';
import type { NotificationChannels } from '../core/adapters/notification-channel';
import { createSmsGateway } from '../core/adapters/sms';
import { createZaloChannel } from '../core/adapters/zalo';
import { createPostalService, type PostalService } from '../core/adapters/postal';
import { createPaymentPlatform, type PaymentPlatform } from '../core/adapters/payment-platform';
import { createPopulationDb, type PopulationDb } from '../core/adapters/population-db';
import { createTimestampAuthority, type TimestampAuthority } from '../core/adapters/timestamp-authority';

import type { Camunda8 } from '@camunda8/sdk';
import { createEngine, type Engine } from '../core/adapters/camunda';

export interface WorkerDeps {
  config: Config;
  log: Logger;
  portal: NationalPortal;
  /** the per-dossier sync to the same portal (workers/outbox/sync-portal.ts) */
  portalSync: PortalDossierSync;
  /** keys held here: the digitizers' (central signing of scans) and the agencies' seals */
  keys: KeyStore;
  /** the leaders' keys stay at the remote signing service; they confirm each signature themselves */
  remoteSigning: RemoteSigning;
  /** the notifications leave through the outbox (workers/outbox) on these channels */
  channels: NotificationChannels;
  /** carries paper results the applicant asked to get by post */
  postal: PostalService;
  /** the national payment platform the fees are requested on */
  payments: PaymentPlatform;
  /** assigns a newborn's personal ID number when a birth is registered */
  population: PopulationDb;
  /** timestamps every signature on a result (PAdES B-T) */
  tsa: TimestampAuthority;
  /** messages to other process instances: an agency's hand-over to another in an inter-agency procedure */
  messages: Pick<Engine, 'publishMessageOnce'>;
  now: () => Date;
}

export function createKeyStore(config: Config): KeyStore {
  return createFileKeyStore(config.SIGNING_CERT_DIR, requireSecret(config, 'SIGNING_CERT_PASSPHRASE'));
}

export function createRemoteSigningClient(config: Config, baseUrl = config.REMOTE_SIGNING_BASE_URL): RemoteSigning {
  return createRemoteSigning({
    baseUrl,
    clientId: config.REMOTE_SIGNING_CLIENT_ID,
    clientSecret: requireSecret(config, 'REMOTE_SIGNING_CLIENT_SECRET'),
  });
}

/** SMS, e-mail and Zalo as configured; `at` moves them elsewhere (tests start their own simulators). */
export function createNotificationChannels(config: Config, at: { smsUrl?: string; smtpUrl?: string; zaloUrl?: string } = {}): NotificationChannels {
  return {
    sms: createSmsGateway(at.smsUrl ?? config.SMS_GATEWAY_BASE_URL, { brandname: config.SMS_BRANDNAME, timeoutMs: 10_000 }),
    email: createEmailChannel({ url: at.smtpUrl ?? config.SMTP_URL, from: config.MAIL_FROM, timeoutMs: 10_000 }),
    zalo: createZaloChannel({
      baseUrl: at.zaloUrl ?? config.ZALO_ZNS_BASE_URL,
      templateId: config.ZALO_TEMPLATE_ID,
      // read at each send: the token rotation rewrites the file
      accessToken: () => {
        const file = config.ZALO_OA_ACCESS_TOKEN_FILE;
        const token = file ? readSecret({ ZALO_OA_ACCESS_TOKEN_FILE: file }, 'ZALO_OA_ACCESS_TOKEN') : config.ZALO_OA_ACCESS_TOKEN;
        if (!token) throw new Error('ZALO_OA_ACCESS_TOKEN is not set: give it in the environment or as a file in ZALO_OA_ACCESS_TOKEN_FILE');
        return token;
      },
      timeoutMs: 10_000,
    }),
  };
}

export function createWorkerDeps(config: Config, log: Logger, c8: Camunda8): WorkerDeps {
  return {
    config,
    log,
    messages: createEngine(c8, config),
    portal: createNationalPortal(config.PORTAL_BASE_URL, config.PORTAL_TIMEOUT_MS),
    portalSync: createPortalDossierSync(config.PORTAL_BASE_URL, config.PORTAL_TIMEOUT_MS),
    keys: createKeyStore(config),
    remoteSigning: createRemoteSigningClient(config),
    channels: createNotificationChannels(config),
    postal: createPostalService(config.POSTAL_BASE_URL, 10_000),
    payments: createPaymentPlatform(config.PAYMENT_BASE_URL, 10_000),
    tsa: createTimestampAuthority(config.TSA_URL, { timeoutMs: 10_000 }),
    population: createPopulationDb(config.POPULATION_DB_BASE_URL, 10_000),
    now: () => new Date(),
  };
}
