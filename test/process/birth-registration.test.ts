import request from 'supertest';
import { createApp } from '../../api/app';
import { createCamunda, createEngine } from '../../core/adapters/camunda';
import { createNationalPortal } from '../../core/adapters/national-portal';
import { createLogger } from '../../core/logger';
import { WarehouseDocumentModel } from '../../core/models/warehouse-document.model';
import { getDossier } from '../../core/repositories/dossiers';
import { getFile } from '../../core/repositories/files';
import { listResources } from '../../stack/deploy';
import { createPortalSimulator } from '../../stack/simulators/national-portal';
import { loadSigners } from '../../workers/deps';
import { startWorkers, type WorkerHost } from '../../workers/host';
import { useTestDatabase } from '../helpers/db';
import { birthRegistration, birthRegistrationScans, makeTestCertificates, testConfig } from '../helpers/fixtures';
import { pdfsig } from '../helpers/pdfsig';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

/**
 * End to end on the real engine: the diagrams and forms deployed to the local Camunda 8
 * Orchestration Cluster, the real workers, the API, the portal simulator; user tasks completed
 * through the Camunda REST API with the variables their forms produce.
 *
 * Runs when stack/test-all.sh found the engine up (CAMUNDA_ENGINE=up); otherwise it is reported as
 * skipped with the reason test-all.sh printed — never silently passed.
 */
const engineUp = process.env.CAMUNDA_ENGINE === 'up';
const describeWithEngine = engineUp ? describe : describe.skip;

useTestDatabase();

describeWithEngine('birth registration on the Camunda engine', () => {
  jest.setTimeout(180_000);
  let portal: Server;
  let host: WorkerHost;
  const log = createLogger('process-test', 'silent');
  const certs = makeTestCertificates();
  const config = testConfig({ SIGNING_CERT_DIR: certs.dir, SIGNING_CERT_PASSPHRASE: certs.passphrase });
  const c8 = createCamunda(config);
  const rest = c8.getCamundaRestClient();
  const app = createApp({ config, engine: createEngine(c8, config.ZEEBE_REST_ADDRESS), log, now: () => new Date() });

  beforeAll(async () => {
    portal = createPortalSimulator().listen(0, '127.0.0.1');
    await new Promise((r) => portal.once('listening', r));
    const portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
    const { diagrams, forms } = listResources();
    await rest.deployResourcesFromFiles([...diagrams, ...forms]);
    host = startWorkers(c8, { config, log, portal: createNationalPortal(portalUrl, 2000), signers: loadSigners(config), now: () => new Date() }, log);
  });

  afterAll(async () => {
    await host?.stop();
    await new Promise((r) => portal.close(r));
  });

  async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  async function completeTask(processInstanceKey: string, elementId: string, variables: Record<string, unknown>) {
    const task = await eventually(`user task ${elementId}`, async () => {
      const res = await rest.searchUserTasks({ filter: { processInstanceKey, elementId, state: 'CREATED' } });
      return res.items[0];
    });
    await rest.completeUserTask({ userTaskKey: task.userTaskKey, variables });
  }

  async function countInstances(): Promise<number> {
    const res = await rest.searchProcessInstances({ filter: { processDefinitionId: 'birth-registration' }, page: { from: 0, limit: 1 } });
    return res.page.totalItems;
  }

  it('when a dossier is submitted and every task is completed, then it is returned with verified signatures', async () => {
    const scans = await birthRegistrationScans();
    const submitted = await request(app)
      .post('/api/dossiers')
      .field('data', JSON.stringify(birthRegistration()))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf')
      .attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
    expect(submitted.status).toBe(201);
    const { code, processInstanceKey } = submitted.body as { code: string; processInstanceKey: string };

    await completeTask(processInstanceKey, 'check-components', { componentsAccepted: true, componentsNote: 'Đủ thành phần' });
    await completeTask(processInstanceKey, 'review-dossier', { reviewPassed: true, reviewOpinion: 'Đạt', reviewerName: 'Lê Thị Hộ Tịch' });
    await completeTask(processInstanceKey, 'approve-result', { resultApproved: true, approvalOpinion: 'Đồng ý', leaderName: 'Trần Thị Bình' });

    await eventually('process instance COMPLETED', async () => {
      const res = await rest.searchProcessInstances({ filter: { processInstanceKey }, page: { from: 0, limit: 1 } });
      return res.items[0]?.state === 'COMPLETED' ? true : undefined;
    }, 120_000);

    const dossier = await getDossier(code);
    const scan = dossier.components.find((c) => c.code === 'giay-chung-sinh');
    expect((await pdfsig(await getFile(scan!.signature!.fileId))).signatures).toEqual([{ signerName: 'Nguyễn Văn An', valid: true }]);
    expect((await pdfsig(await getFile(dossier.result!.signature!.fileId))).signatures.every((s) => s.valid)).toBe(true);
    const codes = (await WarehouseDocumentModel.find({ 'source.dossierCode': code }).lean()).map((d) => d.code).sort();
    expect(codes).toEqual(['001203004567.GT.YT.GCS.000001', '001203004567.KQ.HT.KS.000001', '001203004567.TK.HT.KS.000001']);

    const view = await request(app).get(`/api/dossiers/${code}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'returned', engine: { available: true, state: 'COMPLETED' } });
  });

  it('when a non-PDF is disguised as .pdf, then 415 and no process instance is started', async () => {
    const before = await countInstances();
    const scans = await birthRegistrationScans();
    const res = await request(app)
      .post('/api/dossiers')
      .field('data', JSON.stringify(birthRegistration()))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf')
      .attach('giay-chung-sinh', Buffer.from('GIF89a not a pdf'), 'giay-chung-sinh.pdf');
    expect(res.status).toBe(415);
    await new Promise((r) => setTimeout(r, 2000)); // the secondary storage lags the engine by its flush interval
    expect(await countInstances()).toBe(before);
  });
});

if (!engineUp) {
  // eslint-disable-next-line no-console
  console.warn(`test/process skipped: the Camunda engine is not running (${process.env.CAMUNDA_ENGINE_REASON ?? 'CAMUNDA_ENGINE is not "up"'})`);
}
