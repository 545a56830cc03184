import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createLogger } from '../../core/logger';
import { DossierModel } from '../../core/models/dossier.model';
import { SequenceModel } from '../../core/models/sequence.model';
import { WarehouseDocumentModel } from '../../core/models/warehouse-document.model';
import { createNationalPortal } from '../../core/adapters/national-portal';
import { getFile } from '../../core/repositories/files';
import { getDossier } from '../../core/repositories/dossiers';
import { submitDossier } from '../../api/dossiers/dossiers.service';
import { createPortalSimulator } from '../../stack/simulators/national-portal';
import { loadSigners, type WorkerDeps } from '../../workers/deps';
import { steps } from '../../workers/registry';
import { runStep, type JobLike } from '../../workers/step';
import { useTestDatabase } from '../helpers/db';
import { birthRegistration, birthRegistrationScans, makeTestCertificates, testConfig } from '../helpers/fixtures';
import { pdfsig } from '../helpers/pdfsig';

/**
 * Every worker of the birth registration, in the order of the diagram, on a recorded fake job:
 * real database, real PDF signing with certificates made for this run, the portal simulator over
 * HTTP, and each job delivered twice to prove the steps are idempotent.
 */
useTestDatabase();

interface Outcome { kind: 'complete' | 'error' | 'fail'; payload: Record<string, unknown> }

function fakeJob(type: string, variables: Record<string, unknown>, retries = 3): JobLike & { outcomes: Outcome[] } {
  const outcomes: Outcome[] = [];
  return {
    key: `job-${Math.random().toString(16).slice(2)}`, type, processInstanceKey: 'pi-test', retries, variables, outcomes,
    complete: async (v = {}) => outcomes.push({ kind: 'complete', payload: v }),
    error: async (e) => outcomes.push({ kind: 'error', payload: e }),
    fail: async (f) => outcomes.push({ kind: 'fail', payload: f }),
  };
}

let server: Server;
let deps: WorkerDeps;
let dossierCode: string;

beforeAll(async () => {
  server = createPortalSimulator().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const certs = makeTestCertificates();
  const config = testConfig({ SIGNING_CERT_DIR: certs.dir, SIGNING_CERT_PASSPHRASE: certs.passphrase });
  const log = createLogger('test', 'silent');
  const portalUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  deps = { config, log, portal: createNationalPortal(portalUrl, 2000), signers: loadSigners(config), now: () => new Date() };
  const scans = await birthRegistrationScans();
  // arrange: a dossier as intake leaves it (the engine side of intake is covered by test/process)
  const recordingEngine = { startDossierProcess: async () => ({ alreadyStarted: false }), findProcessInstance: async () => undefined, findInstanceOfDossier: async () => undefined, isUp: async () => true };
  const { dossier } = await submitDossier({ config, engine: recordingEngine, log, now: () => new Date() }, birthRegistration() as never, [
    { fieldname: 'to-khai', originalname: 'to-khai.pdf', mimetype: 'application/pdf', size: scans.toKhai.length, buffer: scans.toKhai },
    { fieldname: 'giay-chung-sinh', originalname: 'gcs.pdf', mimetype: 'application/pdf', size: scans.giayChungSinh.length, buffer: scans.giayChungSinh },
  ], { name: 'Nguyễn Văn An', subject: 'test-officer-subject' });
  dossierCode = dossier.code;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

/** Delivers the job twice (Zeebe may) and returns both outcomes. */
async function deliverTwice(type: keyof typeof steps, extra: Record<string, unknown> = {}): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < 2; i++) {
    const job = fakeJob(type, { dossierCode, ...extra });
    await runStep(steps[type], job, deps);
    outcomes.push(...job.outcomes);
  }
  return outcomes;
}

describe('birth registration steps, each delivered twice', () => {
  it('when the account is checked, then the route variable says the applicant has one', async () => {
    const outcomes = await deliverTwice('check-portal-account');
    expect(outcomes).toEqual([
      { kind: 'complete', payload: { hasPortalAccount: true, portalAccountText: 'Đã có tài khoản Cổng DVCQG' } },
      { kind: 'complete', payload: { hasPortalAccount: true, portalAccountText: 'Đã có tài khoản Cổng DVCQG' } },
    ]);
    expect((await getDossier(dossierCode)).portalAccount).toMatchObject({ exists: true, accountId: 'DVCQG-001203004567' });
  });

  it('when components are digitized, then each has its page count and time', async () => {
    const outcomes = await deliverTwice('digitize-components');
    expect(outcomes.map((o) => o.kind)).toEqual(['complete', 'complete']);
    const d = await getDossier(dossierCode);
    expect(d.components.map((c) => [c.code, c.pageCount, Boolean(c.digitizedAt)])).toEqual([
      ['to-khai', 1, true],
      ['giay-chung-sinh', 2, true],
    ]);
  });

  it('when scans are signed, then only the mandatory one carries a personal signature that pdfsig verifies', async () => {
    await deliverTwice('sign-scan');
    const d = await getDossier(dossierCode);
    const [toKhai, gcs] = d.components;
    expect(toKhai?.signature).toBeUndefined(); // the declaration is scan-only
    expect(gcs?.signature?.signerName).toBe('Nguyễn Văn An');
    const report = await pdfsig(await getFile(gcs!.signature!.fileId));
    expect(report.signatures).toEqual([{ signerName: 'Nguyễn Văn An', valid: true }]);
    const db = (await import('mongoose')).default.connection.db!;
    expect(await db.collection('files.files').countDocuments({ 'metadata.kind': 'signed-scan' })).toBe(1);
  });

  it('when saved to the warehouse twice, then there is one entry per component under <owner>.<type>.<seq>', async () => {
    const outcomes = await deliverTwice('save-to-warehouse');
    const expected = ['001203004567.TK.HT.KS.000001', '001203004567.GT.YT.GCS.000001'];
    expect(outcomes.map((o) => o.payload)).toEqual([{ componentsInWarehouse: 2 }, { componentsInWarehouse: 2 }]);
    expect((await getDossier(dossierCode)).components.map((c) => c.warehouseCode)).toEqual(expected);
    const entries = await WarehouseDocumentModel.find({}).lean();
    expect(entries.map((e) => e.code).sort()).toEqual([...expected].sort());
    const gcs = entries.find((e) => e.documentTypeCode === 'GT.YT.GCS');
    expect(gcs).toMatchObject({ ownerIdNumber: '001203004567', name: 'Bản chính Giấy chứng sinh', kind: 'component' });
    expect(gcs?.sha256).toBe((await getDossier(dossierCode)).components[1]?.signature?.sha256);
    expect((await getDossier(dossierCode)).status).toBe('digitized');
  });

  it('when the result is issued twice, then it has one number and carries the leader and organization signatures', async () => {
    const outcomes = await deliverTwice('issue-result', { leaderName: 'Trần Thị Bình' });
    expect(outcomes.map((o) => o.kind)).toEqual(['complete', 'complete']);
    expect(outcomes[0]?.payload).toEqual(outcomes[1]?.payload);
    expect(outcomes[0]?.payload.resultDocumentNumber).toBe('01/TLKS');
    expect(await SequenceModel.countDocuments({ sourceKey: `docnum:${dossierCode}` })).toBe(1);
    const d = await getDossier(dossierCode);
    expect(d.status).toBe('issued');
    const report = await pdfsig(await getFile(d.result!.signature!.fileId));
    expect(report.signatures).toEqual([
      { signerName: 'Trần Thị Bình', valid: true },
      { signerName: 'UBND xã Đắk La', valid: true },
    ]);
  });

  it('when the result is stored and returned, then the warehouse holds it as KQ and the dossier is returned', async () => {
    expect((await deliverTwice('store-result')).map((o) => o.payload)).toEqual([{ resultInWarehouse: true }, { resultInWarehouse: true }]);
    expect((await getDossier(dossierCode)).result?.warehouseCode).toBe('001203004567.KQ.HT.KS.000001');
    const outcomes = await deliverTwice('return-result');
    expect(outcomes[0]?.payload).toEqual(outcomes[1]?.payload);
    const d = await getDossier(dossierCode);
    expect(d.status).toBe('returned');
    expect(await WarehouseDocumentModel.countDocuments({ kind: 'result' })).toBe(1);
    expect(d.history.map((h) => h.step)).toEqual([
      'intake', 'check-portal-account', 'digitize-components', 'sign-scan', 'save-to-warehouse', 'issue-result', 'store-result', 'return-result',
    ]);
  });
});

describe('failure paths', () => {
  it('when the portal is down, then the job fails with one retry less and a backoff', async () => {
    const down = { ...deps, portal: createNationalPortal('http://127.0.0.1:9', 500) };
    const job = fakeJob('check-portal-account', { dossierCode }, 3);
    await runStep(steps['check-portal-account'], job, down);
    expect(job.outcomes).toHaveLength(1);
    expect(job.outcomes[0]).toMatchObject({ kind: 'fail', payload: { retries: 2, retryBackOff: 5_000 } });
    expect(String(job.outcomes[0]?.payload.errorMessage)).toMatch(/national portal unreachable/);
  });

  it('when variables are missing, then the job fails with no retries (an incident for an administrator)', async () => {
    const job = fakeJob('sign-scan', {}, 3);
    await runStep(steps['sign-scan'], job, deps);
    expect(job.outcomes).toEqual([{ kind: 'fail', payload: expect.objectContaining({ retries: 0 }) }]);
  });

  it('when the dossier does not exist, then the job fails and retries (it may be a late read)', async () => {
    const job = fakeJob('return-result', { dossierCode: 'H34.29.2-261123-9999' }, 3);
    await runStep(steps['return-result'], job, deps);
    expect(job.outcomes[0]).toMatchObject({ kind: 'fail', payload: { retries: 2 } });
    expect(await DossierModel.countDocuments({ code: 'H34.29.2-261123-9999' })).toBe(0);
  });
});
