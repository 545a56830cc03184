import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { createLogger } from '../../core/logger';
import { DossierModel } from '../../core/models/dossier.model';
import { SequenceModel } from '../../core/models/sequence.model';
import { WarehouseDocumentModel } from '../../core/models/warehouse-document.model';
import { createNationalPortal, createPortalDossierSync } from '../../core/adapters/national-portal';
import { createPopulationDb } from '../../core/adapters/population-db';
import { createPostalService } from '../../core/adapters/postal';
import { createPaymentPlatform } from '../../core/adapters/payment-platform';
import { getFile } from '../../core/repositories/files';
import { listNotifications } from '../../core/repositories/notifications';
import { getDossier, updateDossier } from '../../core/repositories/dossiers';
import { renderTestScan } from '../../core/pdf/render-result';
import { submitDossier } from '../../api/dossiers/dossiers.service';
import { createPortalSimulator } from '../../stack/simulators/national-portal';
import { createRemoteSigningSimulator, type RemoteSigningSimulator } from '../../stack/simulators/remote-signing';
import { createMessagingSimulator } from '../../stack/simulators/messaging';
import { createKeyStore, createRemoteSigningClient, createNotificationChannels, type WorkerDeps } from '../../workers/deps';
import { steps } from '../../workers/registry';
import { runStep, type JobLike } from '../../workers/step';
import { useTestDatabase } from '../helpers/db';
import { useTestTsa } from '../helpers/tsa';
import { makeTestCertificates, realmPerson, testConfig, uploadedFile } from '../helpers/fixtures';
import { pdfsig, signatureTimestamps, signerCertificates } from '../helpers/pdfsig';
import { pdftotext } from '../pdf/poppler';

/**
 * The inter-agency land-use purpose change (seed 003) through the shared approval and issuance steps,
 * twice: first the department's submission (tờ trình) — drafted from the parcel its specialist recorded,
 * signed by the department's leader, numbered in the department's register, kept in the organization's
 * warehouse flagged "not a procedure result" — then the Provincial People's Committee's decision, which
 * cites the submission, signed by the committee's leader and numbered in the committee's register.
 * Each job is delivered twice; real database, real signatures with certificates made for this run.
 */
useTestDatabase();

interface Outcome { kind: 'complete' | 'error' | 'fail'; payload: Record<string, unknown> }

const DEPARTMENT = '000.00.14.H21';
const COMMITTEE = '000.00.00.H21';
const TAX_CODE = '5900123451';
const certs = makeTestCertificates();
const tsa = useTestTsa(certs);
const desk = realmPerson('stnmt-gialai.motcua');
const departmentLeader = realmPerson('stnmt-gialai.lanhdao');
const committeeLeader = realmPerson('ubnd-gialai.lanhdao');
const certificateOf = (file: string) => new X509Certificate(readFileSync(path.join(certs.dir, `${file}.pem`))).raw;

let servers: Server[] = [];
/** the messages the workers published to other process instances */
const published: Array<{ name: string; correlationKey: string; messageId: string; variables?: Record<string, unknown> }> = [];
let signing: RemoteSigningSimulator;
let signingUrl: string;
let deps: WorkerDeps;
let dossierCode: string;

const listen = async (app: { listen: (port: number, host: string) => Server }): Promise<string> => {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  const clientSecret = 'land-use-test-client-secret';
  signing = createRemoteSigningSimulator({ keyDir: certs.dir, passphrase: certs.passphrase, clientSecret });
  signingUrl = await listen(signing.app);
  const portalUrl = await listen(createPortalSimulator());
  const messaging = createMessagingSimulator({ zaloAccessToken: 'zalo-token', zaloTemplateIds: ['300001'] });
  const smsUrl = await listen(messaging.app);
  const config = testConfig({ SIGNING_CERT_DIR: certs.dir, SIGNING_CERT_PASSPHRASE: certs.passphrase, REMOTE_SIGNING_CLIENT_SECRET: clientSecret, REMOTE_SIGNING_BASE_URL: signingUrl });
  const log = createLogger('test', 'silent');
  deps = {
    config, log, portal: createNationalPortal(portalUrl, 2000), portalSync: createPortalDossierSync(portalUrl, 2000), keys: createKeyStore(config),
    remoteSigning: createRemoteSigningClient(config), channels: createNotificationChannels(config, { smsUrl }), postal: createPostalService(`${smsUrl}/postal`, 2000),
    payments: createPaymentPlatform(portalUrl, 2000), tsa: tsa.authority, population: createPopulationDb('http://127.0.0.1:9', 500), now: () => new Date(),
    // the engine refuses a message id it already holds: recorded here as the engine would answer
    messages: { publishMessageOnce: async (m) => { const duplicate = published.some((p) => p.messageId === m.messageId); published.push(m); return { duplicate }; } },
  };
  const engine = {
    startDossierProcess: async () => ({ alreadyStarted: false }), findProcessInstance: async () => undefined, findInstanceOfDossier: async () => undefined, isUp: async () => true,
    findOpenUserTask: async () => undefined, completeUserTaskAs: async () => 'gone' as const, publishMessageOnce: async () => ({ duplicate: false }),
  };
  const { dossier } = await submitDossier({ config, engine, log, now: () => new Date() }, {
    procedureCode: '0.000000.000.00.00.H21', agencyCode: DEPARTMENT, channel: 'in-person',
    applicant: { idType: 'TAX_CODE', idNumber: TAX_CODE, fullName: 'Công ty TNHH Nông sản Ia Grai', phone: '0912345678' },
  } as never, [
    uploadedFile('don-xin-chuyen-muc-dich', 'don.pdf', await renderTestScan(1, 'Đơn xin phép chuyển mục đích sử dụng đất')),
    uploadedFile('giay-chung-nhan', 'gcn.pdf', await renderTestScan(2, 'Giấy chứng nhận quyền sử dụng đất', { dpi: 300 })),
  ], { name: desk.name, subject: desk.id });
  dossierCode = dossier.code;
  // what the department's specialist recorded at review (the API for it comes with the procedure's diagram)
  await updateDossier({ code: dossierCode }, {
    $set: { landUse: { parcel: { number: '125', mapSheet: '18', areaM2: 12_500.5, address: 'xã Ia Dêr, huyện Ia Grai, tỉnh Gia Lai' }, fromPurpose: 'đất trồng cây lâu năm', toPurpose: 'đất cơ sở sản xuất phi nông nghiệp', term: '50 năm kể từ ngày ký quyết định' } },
    $push: { reviewDecisions: { decision: 'accept', note: 'Phù hợp kế hoạch sử dụng đất năm 2026 của huyện Ia Grai.', by: 'specialist', name: 'Chuyên viên', at: new Date(), taskKey: 'review-1' } },
  });
});

afterAll(async () => {
  signing.close();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

/** Delivers the job twice (Zeebe may) and returns both outcomes. */
async function deliverTwice(type: keyof typeof steps, variables: Record<string, unknown>, elementInstanceKey = `ei-${type}`): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < 2; i++) {
    const job: JobLike & { outcomes: Outcome[] } = {
      key: `job-${i}`, type, processInstanceKey: 'pi-test', elementInstanceKey, retries: 3, variables: { dossierCode, ...variables }, outcomes: [],
      complete: async (v = {}) => { job.outcomes.push({ kind: 'complete', payload: v }); },
      error: async (e) => { job.outcomes.push({ kind: 'error', payload: e }); },
      fail: async (f) => { job.outcomes.push({ kind: 'fail', payload: f }); },
    };
    await runStep(steps[type], job, deps);
    outcomes.push(...job.outcomes);
  }
  return outcomes;
}

/** One document through the shared approval and issuance steps, as bpmn/shared/approve-and-issue.bpmn runs them. */
async function approveAndIssue(document: 'submission' | 'result', agencyCode: string, leader: { id: string; name: string }) {
  const vars = { issuedDocument: document, issuingAgencyCode: agencyCode };
  const drafted = await deliverTwice('render-draft', vars, `ei-draft-${document}`);
  expect(drafted.map((o) => o.kind)).toEqual(['complete', 'complete']);
  expect(drafted[0]?.payload.draftSha256).toBe(drafted[1]?.payload.draftSha256);
  const approval = { decision: 'approved', by: leader.id, name: leader.name, draftSha256: drafted[0]?.payload.draftSha256, taskKey: `task-approve-${document}` };
  const requested = await deliverTwice('request-leader-signature', { ...vars, approval });
  expect(requested.map((o) => o.kind)).toEqual(['complete', 'complete']);
  const tranId = String(requested[0]?.payload.leaderSignatureRequestId);
  const answer = await fetch(`${signingUrl}/app/transactions/${tranId}/confirm`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: leader.id, pin: '123456' }),
  });
  expect(answer.status).toBe(200);
  expect((await deliverTwice('apply-leader-signature', { ...vars, approval, leaderSignatureRequestId: tranId })).map((o) => o.payload)).toEqual([{ leaderSignatureStatus: 'signed' }, { leaderSignatureStatus: 'signed' }]);
  const issued = await deliverTwice('issue-result', vars);
  expect(issued.map((o) => o.kind)).toEqual(['complete', 'complete']);
  expect(issued[0]?.payload).toEqual(issued[1]?.payload);
  expect((await deliverTwice('store-result', vars)).map((o) => o.payload)).toEqual([{ resultInWarehouse: true }, { resultInWarehouse: true }]);
  return { draftSha256: String(drafted[0]?.payload.draftSha256), documentNumber: String(issued[0]?.payload.resultDocumentNumber), documentIdentifier: String(issued[0]?.payload.resultDocumentIdentifier) };
}

describe('land-use purpose change: the submission, then the decision, through the shared issuance steps', () => {
  let submissionNumber = '';

  it('when the department issues its submission, then it is numbered in its register, signed by its leader and itself, and kept as an intermediate document', async () => {
    const { documentNumber, documentIdentifier } = await approveAndIssue('submission', DEPARTMENT, departmentLeader);
    submissionNumber = documentNumber;
    expect(documentNumber).toBe('01/TTr-STNMT');
    expect(documentIdentifier).toMatch(new RegExp(`^${DEPARTMENT.replace(/\./g, '\\.')}-\\d{4}-01\\.TTr-STNMT$`));
    expect(await SequenceModel.countDocuments({ sourceKey: { $regex: `^docnum:${dossierCode}:submission:` } })).toBe(1);
    const d = await getDossier(dossierCode);
    // a submission is not the result: the dossier is not "issued", and the result's record is untouched
    expect(d.status).not.toBe('issued');
    expect(d.result?.documentNumber).toBeUndefined();
    expect(d.draft).toBeUndefined();
    expect(d.submission?.issued).toMatchObject({ documentNumber, agencyCode: DEPARTMENT, warehouseCode: `${TAX_CODE}.KQ.DD.CMD.TT.000001` });
    expect(d.submission?.draftVersions?.map((v) => v.version)).toEqual([1]);
    // numbered: the claim that held a withdrawal back has ended (the submission may be issued again)
    expect(d.submission?.issuingSince).toBeUndefined();
    const pdf = await getFile(d.submission!.issued!.signature!.fileId);
    expect((await pdfsig(pdf)).signatures).toEqual([
      { signerName: departmentLeader.name, valid: true },
      { signerName: 'Sở Tài nguyên và Môi trường tỉnh Gia Lai', valid: true },
    ]);
    const signers = await signerCertificates(pdf);
    expect(signers[0]?.equals(certificateOf(`people/${departmentLeader.id}`))).toBe(true);
    expect(signers[1]?.equals(certificateOf(`agencies/${DEPARTMENT}`))).toBe(true);
    expect((await signatureTimestamps(pdf, path.join(certs.dir, 'ca.pem'))).map((t) => t?.verified)).toEqual([true, true]);
    const text = (await pdftotext(pdf)).replace(/\s+/g, ' ');
    // the number in its blank (poppler reads the motto between the number and the symbol)
    for (const part of ['SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG', 'TỜ TRÌNH', 'Số: 01', '/TTr-STNMT', 'Kính gửi: Ủy ban nhân dân tỉnh Gia Lai.', 'Phù hợp kế hoạch sử dụng đất năm 2026 của huyện Ia Grai.']) {
      expect(text).toContain(part);
    }
    // kept in the organization's warehouse, flagged: not a procedure result
    const kept = await WarehouseDocumentModel.find({ dossierCode, kind: 'result' }).lean();
    expect(kept.map((k) => [k.code, k.final, k.numberSymbol, k.issuer])).toEqual([[`${TAX_CODE}.KQ.DD.CMD.TT.000001`, false, '01/TTr-STNMT', 'Sở Tài nguyên và Môi trường tỉnh Gia Lai']]);
  });

  it('when the submission is handed to the committee twice, then the same message goes to the engine, which starts one instance', async () => {
    const vars = { procedureName: 'Chuyển mục đích sử dụng đất', applicantName: 'Công ty TNHH Nông sản Ia Grai', dueAt: new Date().toISOString(), lateNoticeAt: new Date().toISOString() };
    const outcomes = await deliverTwice('request-provincial-decision', vars);
    expect(outcomes.map((o) => o.kind)).toEqual(['complete', 'complete']);
    const d = await getDossier(dossierCode);
    expect(published.map((m) => [m.name, m.correlationKey, m.messageId])).toEqual([
      ['provincial-decision.dossier-received', dossierCode, `provincial-decision:${dossierCode}:01/TTr-STNMT`],
      ['provincial-decision.dossier-received', dossierCode, `provincial-decision:${dossierCode}:01/TTr-STNMT`],
    ]);
    // the committee approves and numbers in its own name; the dossier is found by its reference
    expect(published[0]?.variables).toMatchObject({ dossierCode, dossierRef: String(d._id), agencyCode: DEPARTMENT, issuingAgencyCode: COMMITTEE, submissionNumber: '01/TTr-STNMT' });
    expect(d.history.filter((h) => h.step.startsWith('request-provincial-decision')).map((h) => h.step)).toEqual(['request-provincial-decision:01/TTr-STNMT']);
    // the department waits: the committee's office is reminded by SMS, once per reminder
    await deliverTwice('remind-provincial-decision', {}, 'ei-reminder-1');
    expect((await listNotifications(dossierCode)).filter((n) => n.key.startsWith('provincial-decision-reminder:')).map((n) => [n.to, n.text.includes('01/TTr-STNMT')])).toEqual([['0905000301', true]]);
    published.length = 0;
  });

  it('when the committee issues its decision, then it cites the submission, is numbered in the committee\'s register and signed by the committee\'s leader and the committee', async () => {
    const { documentNumber, documentIdentifier } = await approveAndIssue('result', COMMITTEE, committeeLeader);
    expect(documentNumber).toBe('01/QĐ-UBND');
    expect(documentIdentifier).toMatch(new RegExp(`^${COMMITTEE.replace(/\./g, '\\.')}-\\d{4}-01\\.QĐ-UBND$`));
    const d = await getDossier(dossierCode);
    expect(d.status).toBe('issued');
    expect(d.result).toMatchObject({ documentNumber, agencyCode: COMMITTEE, warehouseCode: `${TAX_CODE}.KQ.DD.CMD.000001` });
    // each document has its own drafts: the decision's version 1 is not the submission's
    expect(d.draftVersions?.map((v) => v.version)).toEqual([1]);
    expect(d.draft?.sha256).not.toBe(d.submission?.draft?.sha256);
    const pdf = await getFile(d.result!.signature!.fileId);
    expect((await pdfsig(pdf)).signatures).toEqual([
      { signerName: committeeLeader.name, valid: true },
      { signerName: 'UBND tỉnh Gia Lai', valid: true },
    ]);
    const signers = await signerCertificates(pdf);
    expect(signers[0]?.equals(certificateOf(`people/${committeeLeader.id}`))).toBe(true);
    expect(signers[1]?.equals(certificateOf(`agencies/${COMMITTEE}`))).toBe(true);
    const text = (await pdftotext(pdf)).replace(/\s+/g, ' ');
    for (const part of ['ỦY BAN NHÂN DÂN', 'TỈNH GIA LAI', 'Số: 01', '/QĐ-UBND', `Tờ trình số ${submissionNumber} ngày`, 'Điều 1. Cho phép Công ty TNHH Nông sản Ia Grai (mã số thuế 5900123451)']) {
      expect(text).toContain(part);
    }
    // the birth extract's register blanks are not printed on a decision
    expect(text).not.toContain('Quyển số');
    const kept = await WarehouseDocumentModel.find({ dossierCode, kind: 'result' }).sort({ code: 1 }).lean();
    expect(kept.map((k) => [k.code, k.final])).toEqual([[`${TAX_CODE}.KQ.DD.CMD.000001`, true], [`${TAX_CODE}.KQ.DD.CMD.TT.000001`, false]]);
    // the history names each document's steps apart
    expect((await DossierModel.findOne({ code: dossierCode }).lean())!.history.map((h) => h.step)).toEqual(expect.arrayContaining([
      'render-draft:submission:1', 'issue-result:submission:01/TTr-STNMT', 'store-result:submission:01/TTr-STNMT', 'render-draft:1', 'issue-result', 'store-result',
    ]));
  });

  it('when the committee has issued, then its answer to the department says so, under the decision\'s number, once', async () => {
    const outcomes = await deliverTwice('send-provincial-decision', { submissionOpinion: 'Đạt' });
    expect(outcomes.map((o) => o.kind)).toEqual(['complete', 'complete']);
    expect(published.map((m) => [m.name, m.correlationKey, m.messageId, m.variables?.provincialDecision])).toEqual([
      ['provincial-decision.answered', dossierCode, `provincial-decision.answered:${dossierCode}:01/QĐ-UBND`, 'issued'],
      ['provincial-decision.answered', dossierCode, `provincial-decision.answered:${dossierCode}:01/QĐ-UBND`, 'issued'],
    ]);
    published.length = 0;
  });

  it('when a procedure has no template for a document, then drafting stops with an incident that names the procedure', async () => {
    const marriage = await DossierModel.findOneAndUpdate({ code: dossierCode }, { $set: { procedureCode: '1.000894.000.00.00.H34' } }, { new: true });
    expect(marriage).not.toBeNull();
    try {
      const outcomes = await deliverTwice('render-draft', {}, 'ei-draft-marriage');
      expect(outcomes.map((o) => [o.kind, o.payload.retries])).toEqual([['fail', 0], ['fail', 0]]);
      expect(String(outcomes[0]?.payload.errorMessage)).toContain('procedure 1.000894.000.00.00.H34 has no template for its result');
    } finally {
      await DossierModel.updateOne({ code: dossierCode }, { $set: { procedureCode: '0.000000.000.00.00.H21' } });
    }
  });
});
