import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import { createCamunda, createEngine } from '../../core/adapters/camunda';
import { createNationalPortal } from '../../core/adapters/national-portal';
import { createLogger } from '../../core/logger';
import { deployAll } from '../../stack/deploy';
import { createPortalSimulator } from '../../stack/simulators/national-portal';
import { loadSigners } from '../../workers/deps';
import { startWorkers, type WorkerHost } from '../../workers/host';
import { makeTestCertificates, testConfig } from './fixtures';
import { intakeClockOnOwnDay } from './intake-clock';
import { staffVerifier } from './staff';

/**
 * Everything a dossier needs on the real engine, for one test file: certificates made for this
 * run, the API in-process (receiving on a day of its own, see intake-clock), every diagram and form
 * deployed (Tasklist holding the forms before any task), the real workers and the portal simulator.
 * Call at the top of a file, after useTestDatabase().
 */
export function useDossierWorld(name: string) {
  // every line the API and the workers log in this file, at every level, kept for the tests to read
  const logLines: string[] = [];
  const log = createLogger(name, 'trace', { write: (line: string) => { logLines.push(line); } });
  const certs = makeTestCertificates();
  const config = testConfig({ SIGNING_CERT_DIR: certs.dir, SIGNING_CERT_PASSPHRASE: certs.passphrase });
  const c8 = createCamunda(config);
  const engine = createEngine(c8, config);
  const now = intakeClockOnOwnDay();
  const app = createApp({ config, engine, log, now, verifier: staffVerifier() });
  let portal: Server | undefined;
  let host: WorkerHost | undefined;

  beforeAll(async () => {
    const server = createPortalSimulator().listen(0, '127.0.0.1');
    portal = server;
    await new Promise((r) => server.once('listening', r));
    const portalUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await deployAll(c8, { tasklistFormsIn: process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200' });
    host = startWorkers(c8, { config, log, portal: createNationalPortal(portalUrl, 2000), signers: loadSigners(config), now: () => new Date() }, log);
  });

  afterAll(async () => {
    await host?.stop();
    if (portal) await new Promise((r) => portal!.close(r));
  });

  return { log, logLines, config, c8, engine, now, app };
}
