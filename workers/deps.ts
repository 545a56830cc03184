import type { Config } from '../core/config';
import { requireSecret } from '../core/config';
import type { Logger } from '../core/logger';
import { createNationalPortal, type NationalPortal } from '../core/adapters/national-portal';
import { createRemoteSigning, type RemoteSigning } from '../core/adapters/remote-signing';
import { createFileKeyStore, type KeyStore } from '../core/adapters/signer/key-store';
import { createSmsGateway, type SmsGateway } from '../core/adapters/sms';
import { createPopulationDb, type PopulationDb } from '../core/adapters/population-db';
import { createTimestampAuthority, type TimestampAuthority } from '../core/adapters/timestamp-authority';

export interface WorkerDeps {
  config: Config;
  log: Logger;
  portal: NationalPortal;
  /** keys held here: the digitizers' (central signing of scans) and the agencies' seals */
  keys: KeyStore;
  /** the leaders' keys stay at the remote signing service; they confirm each signature themselves */
  remoteSigning: RemoteSigning;
  /** the applicant's notifications leave through the outbox (workers/outbox) to this gateway */
  sms: SmsGateway;
  /** assigns a newborn's personal ID number when a birth is registered */
  population: PopulationDb;
  /** timestamps every signature on a result (PAdES B-T) */
  tsa: TimestampAuthority;
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

export function createSmsClient(config: Config, baseUrl = config.SMS_GATEWAY_BASE_URL): SmsGateway {
  return createSmsGateway(baseUrl, { brandname: config.SMS_BRANDNAME, timeoutMs: 10_000 });
}

export function createWorkerDeps(config: Config, log: Logger): WorkerDeps {
  return {
    config,
    log,
    portal: createNationalPortal(config.PORTAL_BASE_URL, config.PORTAL_TIMEOUT_MS),
    keys: createKeyStore(config),
    remoteSigning: createRemoteSigningClient(config),
    sms: createSmsClient(config),
    tsa: createTimestampAuthority(config.TSA_URL, { timeoutMs: 10_000 }),
    population: createPopulationDb(config.POPULATION_DB_BASE_URL, 10_000),
    now: () => new Date(),
  };
}
