import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createLogger } from '../../core/logger';
import { DossierModel } from '../../core/models/dossier.model';
import { isS10 } from '../../core/rules/codes';
import { SequenceModel } from '../../core/models/sequence.model';
import { WarehouseDocumentModel } from '../../core/models/warehouse-document.model';
import { createNationalPortal, createPortalDossierSync } from '../../core/adapters/national-portal';
import { getFile } from '../../core/repositories/files';
import { getDossier } from '../../core/repositories/dossiers';
import { submitDossier } from '../../api/dossiers/dossiers.service';
import { createPortalSimulator } from '../../stack/simulators/national-portal';
import { createRemoteSigningSimulator, type RemoteSigningSimulator } from '../../stack/simulators/remote-signing';
import { createKeyStore, createRemoteSigningClient, createNotificationChannels, type WorkerDeps } from '../../workers/deps';
import { useTestTsa } from '../helpers/tsa';
import { durationMs } from '../../core/rules/duration';
import { createPopulationDb } from '../../core/adapters/population-db';
import { createPopulationDbSimulator } from '../../stack/simulators/population-db';
import { createMessagingSimulator } from '../../stack/simulators/messaging';
import { createPostalService } from '../../core/adapters/postal';
import { createPaymentPlatform } from '../../core/adapters/payment-platform';
import { listNotifications } from '../../core/repositories/notifications';
import { steps } from '../../workers/registry';
import { runStep, type JobLike } from '../../workers/step';
import { useTestDatabase } from '../helpers/db';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { birthRegistration, birthRegistrationScans, makeTestCertificates, realmPerson, testConfig, uploadedFile } from '../helpers/fixtures';
import { pdfsig, signatureTimestamps, signerCertificates } from '../helpers/pdfsig';

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
    key: `job-${Math.random().toString(16).slice(2)}`, type, processInstanceKey: 'pi-test', elementInstanceKey: `ei-${type}`, retries, variables, outcomes,
    complete: async (v = {}) => outcomes.push({ kind: 'complete', payload: v }),
    error: async (e) => outcomes.push({ kind: 'error', payload: e }),
    fail: async (f) => outcomes.push({ kind: 'fail', payload: f }),
  };
}

let server: Server;
let signingServer: Server;
let smsServer: Server;
let populationServer: Server;
const sms = createMessagingSimulator({ zaloAccessToken: 'zalo-token-for-worker-tests', zaloTemplateIds: ['300001'] });
let signing: RemoteSigningSimulator;
let signingUrl: string;
let deps: WorkerDeps;
let dossierCode: string;
let certDir: string;
const certs = makeTestCertificates();
const tsa = useTestTsa(certs);
const officer = realmPerson('dakla.motcua');
const leader = realmPerson('dakla.lanhdao');
/** the certificate a person was issued at setup, DER */
const certificateOf = (file: string) => new X509Certificate(readFileSync(path.join(certDir, `${file}.pem`))).raw;

beforeAll(async () => {
  server = createPortalSimulator().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  certDir = certs.dir;
  const clientSecret = 'worker-test-client-secret';
  signing = createRemoteSigningSimulator({ keyDir: certs.dir, passphrase: certs.passphrase, clientSecret });
  signingServer = signing.app.listen(0, '127.0.0.1');
  await new Promise((r) => signingServer.once('listening', r));
  signingUrl = `http://127.0.0.1:${(signingServer.address() as AddressInfo).port}`;
  const config = testConfig({ SIGNING_CERT_DIR: certs.dir, SIGNING_CERT_PASSPHRASE: certs.passphrase, REMOTE_SIGNING_CLIENT_SECRET: clientSecret, REMOTE_SIGNING_BASE_URL: signingUrl });
  const log = createLogger('test', 'silent');
  const portalUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  populationServer = createPopulationDbSimulator().listen(0, '127.0.0.1');
  await new Promise((r) => populationServer.once('listening', r));
  const populationUrl = `http://127.0.0.1:${(populationServer.address() as AddressInfo).port}`;
  smsServer = sms.app.listen(0, '127.0.0.1');
  await new Promise((r) => smsServer.once('listening', r));
  const smsUrl = `http://127.0.0.1:${(smsServer.address() as AddressInfo).port}`;
  deps = { config, log, portal: createNationalPortal(portalUrl, 2000), portalSync: createPortalDossierSync(portalUrl, 2000), keys: createKeyStore(config), remoteSigning: createRemoteSigningClient(config), channels: createNotificationChannels(config, { smsUrl }), postal: createPostalService(`${smsUrl}/postal`, 2000), payments: createPaymentPlatform(portalUrl, 2000), tsa: tsa.authority,
    population: createPopulationDb(populationUrl, 2000), messages: { publishMessageOnce: async () => ({ duplicate: false }) }, now: () => new Date() };
  const scans = await birthRegistrationScans();
  // arrange: a dossier as intake leaves it (the engine side of intake is covered by test/process)
  const recordingEngine = {
    startDossierProcess: async () => ({ alreadyStarted: false }), findProcessInstance: async () => undefined, findInstanceOfDossier: async () => undefined, isUp: async () => true,
    findOpenUserTask: async () => undefined, completeUserTaskAs: async () => 'gone' as const, publishMessageOnce: async () => ({ duplicate: false }),
  };
  const { dossier } = await submitDossier({ config, engine: recordingEngine, log, now: () => new Date() }, birthRegistration() as never, [
    uploadedFile('to-khai', 'to-khai.pdf', scans.toKhai),
    uploadedFile('giay-chung-sinh', 'gcs.pdf', scans.giayChungSinh),
  ], { name: officer.name, subject: officer.id });
  dossierCode = dossier.code;
});

afterAll(async () => {
  signing.close();
  await new Promise((r) => server.close(r));
  await new Promise((r) => signingServer.close(r));
  await new Promise((r) => smsServer.close(r));
  await new Promise((r) => populationServer.close(r));
});

/** The leader answers on their phone (the simulator's app API). */
async function leaderAnswers(tranId: string, answer: 'confirm' | 'reject', userId = leader.id, pin = '123456'): Promise<number> {
  const res = await fetch(`${signingUrl}/app/transactions/${tranId}/${answer}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: userId, pin }),
  });
  return res.status;
}

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

let approval: Record<string, unknown>;
let tranId: string;

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

  it('when scans are signed, then only the mandatory one carries the receiving officer\'s own signature, which pdfsig verifies', async () => {
    await deliverTwice('sign-scan');
    const d = await getDossier(dossierCode);
    const [toKhai, gcs] = d.components;
    expect(toKhai?.signature).toBeUndefined(); // the declaration is scan-only
    expect(gcs?.signature).toMatchObject({ signerName: officer.name, signerSubject: officer.id, role: 'digitizer' });
    const signed = await getFile(gcs!.signature!.fileId);
    const report = await pdfsig(signed);
    expect(report.signatures).toEqual([{ signerName: officer.name, valid: true }]);
    // the key used is the one issued to that officer's Keycloak id, not a shared one
    const [cert] = await signerCertificates(signed);
    expect(cert?.equals(certificateOf(`people/${officer.id}`))).toBe(true);
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
    // the page count travels with the entry: a later reuse needs no second parse of the PDF
    expect(gcs).toMatchObject({ ownerIdNumber: '001203004567', name: 'Bản chính Giấy chứng sinh', kind: 'component', pageCount: 2 });
    expect(gcs?.sha256).toBe((await getDossier(dossierCode)).components[1]?.signature?.sha256);
    expect((await getDossier(dossierCode)).status).toBe('digitized');
  });

  it('when the draft is rendered twice, then there is one version 1.00 the leader can read', async () => {
    const outcomes = await deliverTwice('render-draft');
    const deadlines = { approvalRemindAfter: expect.stringMatching(/^P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$/), approvalEscalateAfter: expect.stringMatching(/^P/) };
    expect(outcomes.map((o) => o.payload)).toEqual([
      { draftVersion: 1, draftSha256: expect.stringMatching(/^[0-9a-f]{64}$/), ...deadlines },
      { draftVersion: 1, draftSha256: outcomes[0]?.payload.draftSha256, ...deadlines },
    ]);
    // the escalation comes as long after the reminder as the reminder after the submission
    expect(durationMs(String(outcomes[0]?.payload.approvalEscalateAfter))).toBeGreaterThan(durationMs(String(outcomes[0]?.payload.approvalRemindAfter)));
    const d = await getDossier(dossierCode);
    expect(d.draft).toMatchObject({ version: 1, sha256: outcomes[0]?.payload.draftSha256 });
    // one entry in the version history however often the job came
    expect(d.draftVersions?.map((v) => [v.version, v.sha256])).toEqual([[1, outcomes[0]?.payload.draftSha256]]);
    expect((await pdfsig(await getFile(d.draft!.fileId))).signatures).toEqual([]);
  });

  it('when a signature is requested twice for the approving leader, then one request waits for that leader and nothing is signed', async () => {
    const d = await getDossier(dossierCode);
    approval = { decision: 'approved', by: leader.id, name: leader.name, draftSha256: d.draft!.sha256, taskKey: 'task-approve-1' };
    const outcomes = await deliverTwice('request-leader-signature', { approval });
    expect(outcomes.map((o) => o.kind)).toEqual(['complete', 'complete']);
    expect(outcomes[0]?.payload).toEqual(outcomes[1]?.payload);
    tranId = String(outcomes[0]?.payload.leaderSignatureRequestId);
    expect(outcomes[0]?.payload.leaderSignatureWait).toBe('PT6M');
    const waiting = signing.transactions().filter((t) => t.userId === leader.id);
    expect(waiting.map((t) => [t.tranId, t.status])).toEqual([[tranId, 'pending']]);
    const after = await getDossier(dossierCode);
    expect(after.leaderSignature).toMatchObject({ state: 'requested', requestId: tranId, signerSubject: leader.id, signerName: leader.name });
    const db = (await import('mongoose')).default.connection.db!;
    expect(await db.collection('files.files').countDocuments({ 'metadata.kind': 'leader-signed' })).toBe(0);
  });

  it('when someone else or a wrong PIN answers the request, then the service refuses and the request still waits', async () => {
    expect(await leaderAnswers(tranId, 'confirm', officer.id)).toBe(403);
    expect(await leaderAnswers(tranId, 'confirm', leader.id, '000000')).toBe(403);
    expect(signing.transactions().find((t) => t.tranId === tranId)?.status).toBe('pending');
  });

  it('when the leader confirms on the phone, then applying twice puts the leader\'s own signature into the draft once', async () => {
    expect(await leaderAnswers(tranId, 'confirm')).toBe(200);
    const outcomes = await deliverTwice('apply-leader-signature', { approval, leaderSignatureRequestId: tranId });
    expect(outcomes.map((o) => o.payload)).toEqual([{ leaderSignatureStatus: 'signed' }, { leaderSignatureStatus: 'signed' }]);
    const d = await getDossier(dossierCode);
    expect(d.leaderSignature).toMatchObject({ state: 'signed', signerSubject: leader.id });
    const signed = await getFile(d.leaderSignature!.fileId!);
    expect((await pdfsig(signed)).signatures).toEqual([{ signerName: leader.name, valid: true }]);
    const [cert] = await signerCertificates(signed);
    expect(cert?.equals(certificateOf(`people/${leader.id}`))).toBe(true);
  });

  it('when the result is issued twice, then it has one number and carries the leader\'s then the organization\'s signature', async () => {
    const outcomes = await deliverTwice('issue-result');
    expect(outcomes.map((o) => o.kind)).toEqual(['complete', 'complete']);
    expect(outcomes[0]?.payload).toEqual(outcomes[1]?.payload);
    expect(outcomes[0]?.payload.resultDocumentNumber).toBe('01/TLKS');
    expect(await SequenceModel.countDocuments({ sourceKey: `docnum:${dossierCode}` })).toBe(1);
    const d = await getDossier(dossierCode);
    expect(d.status).toBe('issued');
    const result = await getFile(d.result!.signature!.fileId);
    const report = await pdfsig(result);
    expect(report.signatures).toEqual([
      { signerName: leader.name, valid: true },
      { signerName: 'UBND xã Đắk La', valid: true },
    ]);
    const signers = await signerCertificates(result);
    expect(signers[0]?.equals(certificateOf(`people/${leader.id}`))).toBe(true);
    expect(signers[1]?.equals(certificateOf('agencies/H34.29.2'))).toBe(true);
    // PAdES B-T: both signatures carry a timestamp that openssl verifies against the run's CA
    const stamps = await signatureTimestamps(result, path.join(certDir, 'ca.pem'));
    expect(stamps.map((s) => s?.verified)).toEqual([true, true]);
  });

  it('when the result is stored and returned, then the warehouse holds it as KQ and the dossier is returned', async () => {
    expect((await deliverTwice('store-result')).map((o) => o.payload)).toEqual([{ resultInWarehouse: true }, { resultInWarehouse: true }]);
    expect((await getDossier(dossierCode)).result?.warehouseCode).toBe('001203004567.KQ.HT.KS.000001');
    const outcomes = await deliverTwice('return-result');
    expect(outcomes[0]?.payload).toEqual(outcomes[1]?.payload);
    expect(outcomes[0]?.payload).toEqual({ resultDelivery: 'desk' });
    const d = await getDossier(dossierCode);
    expect(d.status).toBe('ready-for-collection');
    expect(await WarehouseDocumentModel.countDocuments({ kind: 'result' })).toBe(1);
    expect((await WarehouseDocumentModel.findOne({ kind: 'result' }).lean())?.pageCount).toBe(1);
    // the applicant is told once, through the outbox, with the result's number
    const told = await listNotifications(dossierCode);
    expect(told.map((n) => [n.key, n.to])).toEqual([[`result-returned:${dossierCode}`, '0912345678']]);
    expect(told[0]!.text).toContain(d.result!.documentNumber!);
    expect(d.history.map((h) => h.step)).toEqual([
      'intake', 'check-portal-account', 'digitize-components', 'sign-scan', 'save-to-warehouse', 'render-draft:1',
      'request-leader-signature:task-approve-1', 'apply-leader-signature:task-approve-1', 'issue-result', 'store-result', 'return-result',
    ]);
  });

  it('when the paper result is handed over in Tasklist, then the dossier is returned with the receiver the form names, once', async () => {
    await deliverTwice('record-handover', { receiverName: 'Võ Văn Tám' });
    const d = await getDossier(dossierCode);
    expect(d.status).toBe('returned');
    expect(d.handover).toMatchObject({ receiverName: 'Võ Văn Tám', recordedBy: 'tasklist' });
    expect(d.returnedAt).toEqual(d.handover!.at);
    expect(d.history.filter((h) => h.step === 'record-handover')).toHaveLength(1);
  });

  it('when the paper result goes by post and the job is delivered twice, then one shipment is booked and the applicant gets its tracking number once', async () => {
    await DossierModel.updateOne({ code: dossierCode }, { $set: { resultDelivery: 'post', 'applicant.address': 'Thôn 2, xã Đắk La, tỉnh Kon Tum' }, $unset: { handover: 1, returnedAt: 1, 'stepsDone.record-handover': 1 } });
    const outcomes = await deliverTwice('post-result');
    const itemCode = (outcomes[0]?.payload as { postalItemCode: string }).postalItemCode;
    expect(outcomes[1]?.payload).toEqual({ postalItemCode: itemCode });
    expect(isS10(itemCode)).toBe(true);
    expect(sms.shipments.filter((o) => o.orderCode === dossierCode)).toEqual([
      expect.objectContaining({ itemCode, receiverAddress: 'Thôn 2, xã Đắk La, tỉnh Kon Tum', receiverName: expect.any(String) }),
    ]);
    const d = await getDossier(dossierCode);
    expect(d).toMatchObject({ status: 'returned', postal: { itemCode } });
    const told = (await listNotifications(dossierCode)).filter((n) => n.key === `result-posted:${dossierCode}`);
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain(itemCode);
    // a worker that died after booking: the post answers the same shipment for the same dossier code
    await DossierModel.updateOne({ code: dossierCode }, { $unset: { postal: 1 } });
    await deliverTwice('post-result');
    expect(sms.shipments.filter((o) => o.orderCode === dossierCode)).toHaveLength(1);
    expect((await getDossier(dossierCode)).postal?.itemCode).toBe(itemCode);
  });
});

describe('failure paths', () => {
  it('when stored bytes no longer match what was handed over, then the next hand-over stops the dossier with an incident', async () => {
    const gcs = (await getDossier(dossierCode)).components.find((c) => c.code === 'giay-chung-sinh')!;
    const changed = { retries: 0, errorMessage: expect.stringMatching(/stored bytes changed since they were handed over/) };
    // the scan, when digitizing
    await DossierModel.updateOne({ code: dossierCode }, { $set: { 'components.1.sha256': '0'.repeat(64), 'components.1.digitizedAt': null } });
    const digitize = fakeJob('digitize-components', { dossierCode }, 3);
    await runStep(steps['digitize-components'], digitize, deps);
    expect(digitize.outcomes).toEqual([{ kind: 'fail', payload: expect.objectContaining(changed) }]);
    // the signed copy, when archiving
    await DossierModel.updateOne({ code: dossierCode }, { $set: { 'components.1.sha256': gcs.sha256, 'components.1.digitizedAt': gcs.digitizedAt, 'components.1.signature.sha256': '0'.repeat(64) } });
    const archive = fakeJob('save-to-warehouse', { dossierCode }, 3);
    await runStep(steps['save-to-warehouse'], archive, deps);
    expect(archive.outcomes).toEqual([{ kind: 'fail', payload: expect.objectContaining(changed) }]);
    await DossierModel.updateOne({ code: dossierCode }, { $set: { 'components.1.signature.sha256': gcs.signature!.sha256 } });
  });

  it('when the approval has no logged-in leader (completed in Tasklist), then no signature is requested: a BPMN error returns it to approval', async () => {
    const before = signing.transactions().length;
    const job = fakeJob('request-leader-signature', { dossierCode, approval: null });
    await runStep(steps['request-leader-signature'], job, deps);
    expect(job.outcomes).toEqual([{ kind: 'error', payload: expect.objectContaining({ errorCode: 'APPROVER_NOT_AUTHENTICATED' }) }]);
    expect(signing.transactions()).toHaveLength(before);
  });

  it('when the leader rejects the signing request, then nothing is signed and the process goes back to approval', async () => {
    const d = await getDossier(dossierCode);
    const second = { ...approval, draftSha256: d.draft!.sha256, taskKey: 'task-approve-2' };
    const requested = fakeJob('request-leader-signature', { dossierCode, approval: second });
    await runStep(steps['request-leader-signature'], requested, deps);
    const id = String(requested.outcomes[0]?.payload.leaderSignatureRequestId);
    expect(await leaderAnswers(id, 'reject')).toBe(200);
    expect(await leaderAnswers(id, 'confirm')).toBe(409); // decided once
    const job = fakeJob('apply-leader-signature', { dossierCode, approval: second, leaderSignatureRequestId: id });
    await runStep(steps['apply-leader-signature'], job, deps);
    expect(job.outcomes).toEqual([{ kind: 'complete', payload: { leaderSignatureStatus: 'rejected', approval: null } }]);
    const db = (await import('mongoose')).default.connection.db!;
    expect(await db.collection('files.files').countDocuments({ 'metadata.kind': 'leader-signed', 'metadata.key': { $regex: 'task-approve-2' } })).toBe(0);
  });

  it('when the officer who received a dossier has no certificate, then nobody else signs for them: an incident at once, naming no personal data', async () => {
    await DossierModel.updateOne({ code: dossierCode }, { $set: { officerSubject: '00000000-0000-4000-8000-000000000000', 'components.1.signature': null } });
    const job = fakeJob('sign-scan', { dossierCode }, 3);
    await runStep(steps['sign-scan'], job, deps);
    expect(job.outcomes).toEqual([{ kind: 'fail', payload: expect.objectContaining({ retries: 0 }) }]);
    expect(String(job.outcomes[0]?.payload.errorMessage)).toMatch(/no signing certificate for person 00000000-0000-4000-8000-000000000000/);
    expect(String(job.outcomes[0]?.payload.errorMessage)).not.toMatch(/001203004567/);
  });

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
