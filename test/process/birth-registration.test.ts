import request from 'supertest';
import { createApp } from '../../api/app';
import { startPendingProcesses } from '../../api/dossiers/dossiers.service';
import { createCamunda, createEngine, instanceTree, withWebappSession } from '../../core/adapters/camunda';
import { DossierModel } from '../../core/models/dossier.model';
import { WarehouseDocumentModel } from '../../core/models/warehouse-document.model';
import { getDossier } from '../../core/repositories/dossiers';
import { listAudit, verifyAuditLog } from '../../core/repositories/audit';
import { getFile } from '../../core/repositories/files';
import { isS10 } from '../../core/rules/codes';
import { useTestDatabase } from '../helpers/db';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { completeUserTask, eventually, openUserTasks, operateFlowNodes, waitForFlowNodes, waitForOperateState, waitForUserTask } from '../helpers/engine';
import { useDossierWorld } from '../helpers/dossier-world';
import { birthRegistration, birthRegistrationScans, realmPerson, testConfig } from '../helpers/fixtures';
import { pdfsig, signatureTimestamps, signerCertificates } from '../helpers/pdfsig';
import { pdftotext } from '../pdf/poppler';
import { bearer, COMMUNE_DESK, staffVerifier } from '../helpers/staff';
import { leaderDecides, pendingRequestOf, phone, type LeaderDecision } from '../helpers/leader';

/**
 * End to end on the real Camunda 8.6 of the local stack: the diagrams and forms deployed, the real
 * workers, the API, the portal and remote-signing simulators, tokens from the real Keycloak. The
 * officers' tasks are completed through the broker's REST API (what Tasklist itself calls) with the
 * variables their forms produce; the leader approves through the API with their own login and confirms
 * the signing request on the simulated phone. The outcome is read from Operate.
 */
useTestDatabase();
jest.setTimeout(240_000);

const { log, logLines, config, c8, engine, now, app, signing, certs, messaging, portalSim } = useDossierWorld('process-test');
const officer = realmPerson('dakla.motcua');
const leader = realmPerson('dakla.lanhdao');
const specialist = realmPerson('dakla.hotich');
/** what the specialist records from the declaration (the child is Võ Đặng Minh Khang, born 10/11/2026) */
const BIRTH_RECORD = {
  sex: 'Nam', placeOfBirth: 'Bệnh viện Đa khoa tỉnh Kon Tum', ethnicity: 'Kinh', nationality: 'Việt Nam', hometown: 'xã Đắk La, tỉnh Kon Tum',
  mother: { fullName: 'Võ Đặng Ngọc Giang', birthYear: 2003, ethnicity: 'Kinh', nationality: 'Việt Nam', residence: 'Thôn 1, xã Đắk La, tỉnh Kon Tum' },
  father: { fullName: 'Nguyễn Văn Hùng', birthYear: 2000, ethnicity: 'Kinh', nationality: 'Việt Nam', residence: 'Thôn 1, xã Đắk La, tỉnh Kon Tum' },
};
const OTHER_LEADER = 'stnmt-gialai.lanhdao';
/** the certificate a person or agency was issued for this run, DER */
const certificateOf = (file: string) => new X509Certificate(readFileSync(path.join(certs.dir, `${file}.pem`))).raw;

const leaderDecidesOn = (code: string, key: string, decision: LeaderDecision, username = leader.username) => leaderDecides(app, code, key, decision, username);
const pending = (code: string) => pendingRequestOf(signing, leader.id, code);
const answer = (tranId: string, how: 'confirm' | 'reject') => phone(config.REMOTE_SIGNING_BASE_URL, tranId, how, leader.id);

/** every process instance this file started, for the personal-data check at the end */
const instances = new Set<string>();

async function submit(applicantId: string, idempotencyKey?: string, extra: { applicant?: Record<string, unknown>; resultDelivery?: 'desk' | 'post' } = {}) {
  const scans = await birthRegistrationScans();
  const data = birthRegistration({
    applicant: { idType: 'CCCD', idNumber: applicantId, fullName: 'Võ Đặng Ngọc Giang', phone: '0912345678', ...extra.applicant },
    ...(extra.resultDelivery ? { resultDelivery: extra.resultDelivery } : {}),
  });
  let req = request(app).post('/api/dossiers').set('Authorization', await bearer(COMMUNE_DESK));
  if (idempotencyKey) req = req.set('Idempotency-Key', idempotencyKey);
  return req.field('data', JSON.stringify(data))
    .attach('to-khai', scans.toKhai, 'to-khai.pdf')
    .attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
}

/** The API learns the instance's key from Operate once it has imported the instance. */
async function instanceOf(code: string): Promise<string> {
  return eventually(`process instance of ${code}`, async () => {
    const view = await request(app).get(`/api/dossiers/${code}`).set('Authorization', await bearer(COMMUNE_DESK));
    const key = (view.body as { processInstanceKey?: string }).processInstanceKey;
    if (key) instances.add(key);
    return key;
  }, 120_000);
}

/** Root instances of birth-registration that Operate holds for this dossier code. */
/** The dossier's own process instances: those whose root scope holds its reference, less the shared sub-processes they called. */
async function instancesOfDossier(code: string): Promise<string[]> {
  const ref = String((await DossierModel.findOne({ code }).lean())?._id);
  const res = await withWebappSession(c8, () => c8.getOperateApiClient().searchVariables({ filter: { name: 'dossierRef', value: JSON.stringify(ref) }, size: 50 }));
  const keys = [...new Set(res.items.filter((v) => String(v.scopeKey) === String(v.processInstanceKey)).map((v) => String(v.processInstanceKey)))];
  const instances = await Promise.all(keys.map((k) => withWebappSession(c8, () => c8.getOperateApiClient().getProcessInstance(k))));
  return instances.filter((i) => !i.parentKey).map((i) => String(i.key));
}

describe('birth registration on the Camunda 8.6 engine', () => {
  it('when a dossier is submitted and every task is completed, then it is returned with verified signatures and warehoused', async () => {
    const started = Date.now();
    // the applicant also asked for Zalo and gave an e-mail address
    const submitted = await submit('001203004567', undefined, { applicant: { zalo: true, email: 'vo.dang.ngoc.giang@example.vn' } });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ processStart: 'requested' });
    const code = (submitted.body as { code: string }).code;
    const key = await instanceOf(code);

    await completeUserTask(key, 'check-components', { componentsDecision: 'accept', componentsNote: 'Đủ thành phần' });
    // the specialist reviews on the desk with their own login and records the civil-status entry
    await waitForUserTask(key, 'review-dossier', 'CREATED');
    const reviewed = await eventually('review', async () => {
      const res = await request(app).post(`/api/dossiers/${code}/review`).set('Authorization', await bearer(specialist.username)).send({ decision: 'accept', opinion: 'Đạt', record: BIRTH_RECORD });
      return res.status === 409 ? undefined : res;
    });
    expect(reviewed.status).toBe(202);

    // a leader of another agency cannot see the draft nor approve it
    const stranger = await leaderDecidesOn(code, key, { decision: 'approve' }, OTHER_LEADER);
    expect(stranger.status).toBe(404);
    const approved = await leaderDecidesOn(code, key, { decision: 'approve' });
    expect(approved.status).toBe(202);
    expect(approved.body).toEqual({ decision: 'approved', draftVersion: 1 });

    // the request waits on the leader's phone: nothing is signed, nothing issued until they confirm
    const request1 = await pending(code);
    expect((await getDossier(code)).leaderSignature).toMatchObject({ state: 'requested', requestId: request1.tranId, signerSubject: leader.id });
    await waitForFlowNodes(c8, key, { 'wait-leader-signature': ['ACTIVE'], 'issue-result': undefined });
    expect((await getDossier(code)).result).toBeUndefined();
    expect(await answer(request1.tranId, 'confirm')).toBe(200);

    // the electronic result is returned; the paper one waits at the desk for the applicant
    await waitForUserTask(key, 'hand-over-result', 'CREATED');
    expect((await getDossier(code)).status).toBe('ready-for-collection');
    const handOver = async (body: Record<string, unknown>) => request(app).post(`/api/dossiers/${code}/handover`).set('Authorization', await bearer(COMMUNE_DESK)).send(body);
    // someone who is neither the applicant nor an authorizer, without a letter of authorization
    const stranger2 = await handOver({ receiverName: 'Trần Văn Lạ', receiverIdNumber: '079190009999' });
    expect(stranger2.status).toBe(422);
    expect(stranger2.body.error.violations).toEqual([expect.objectContaining({ field: 'authorization', rule: 'authorization-required' })]);
    // the API finds the task once Tasklist has imported it: until then it answers 409 "not at this step"
    const handedOver = await eventually('the hand-over', async () => {
      const res = await handOver({ receiverName: 'Võ Đặng Ngọc Giang', receiverIdNumber: '001203004567' });
      return res.status === 409 && /không ở bước/.test(JSON.stringify(res.body)) ? undefined : res;
    });
    expect(handedOver.status).toBe(202);
    expect(handedOver.body).toMatchObject({ handover: { receiverName: 'Võ Đặng Ngọc Giang', receiverIdMasked: '0012******67', byName: officer.name } });
    await waitForOperateState(c8, key, 'COMPLETED');
    log.info({ wallMs: Date.now() - started }, 'birth registration happy path: submitted to returned');
    // the same hand-over again: the task is gone
    expect((await handOver({ receiverName: 'Võ Đặng Ngọc Giang', receiverIdNumber: '001203004567' })).status).toBe(409);

    const dossier = await getDossier(code);
    expect(dossier.handover).toMatchObject({ receiverName: 'Võ Đặng Ngọc Giang', receiverIdMasked: '0012******67', by: officer.id, recordedBy: 'desk' });
    // told on every channel the applicant gave: SMS (no diacritics), Zalo, e-mail
    await eventually('the result notice on SMS, Zalo and e-mail', async () => {
      const sms = messaging.sms.messages.filter((m) => m.requestId === `result-returned:${code}:sms`);
      const zalo = messaging.zalo.filter((m) => m.trackingId === `result-returned:${code}:zalo`);
      const mail = messaging.mail.mails.filter((m) => m.subject === `Hồ sơ ${code} đã có kết quả`);
      return sms.length && zalo.length && mail.length ? { sms, zalo, mail } : undefined;
    }, 30_000).then(({ sms, zalo, mail }) => {
      expect(sms[0]!.message).toContain('Moi ong/ba nhan ban giay tai Bo phan Mot cua UBND xa Dak La');
      expect(zalo[0]!.data).toMatchObject({ dossier_code: code, content: expect.stringContaining('Mời ông/bà nhận bản giấy') });
      expect(mail).toEqual([expect.objectContaining({ to: ['vo.dang.ngoc.giang@example.vn'], text: expect.stringContaining(dossier.result!.documentNumber!) })]);
    });
    // the national portal holds the dossier as it ended: returned, components digitized, the result's code, every step
    const synced = await eventually('the returned dossier at the portal', async () => {
      const held = portalSim.synced.get(code);
      return held?.data.TrangThaiHoSo === 10 ? held.data : undefined;
    }, 30_000);
    expect(synced).toMatchObject({
      MaHoSo: code, MaTTHC: '1.001193.000.00.00.H34', MaCoQuan: 'H34.29.2', KenhThucHien: 1, HinhThucTraKetQua: 1, HoSoCoThanhPhanSoHoa: 1, TaiKhoanDuocXacThucVoiVNeID: 1,
      DanhSachGiayToKetQua: [expect.objectContaining({ MaGiayToKetQua: dossier.result!.warehouseCode })],
    });
    expect((synced.QuaTrinhXuLy as { NoiDungXuLy: string }[]).map((e) => e.NoiDungXuLy.split(':')[0])).toEqual(expect.arrayContaining(['Tiếp nhận hồ sơ', 'Ban hành kết quả', 'Ghi nhận đã trao kết quả']));
    const scan = dossier.components.find((c) => c.code === 'giay-chung-sinh');
    const signedScan = await getFile(scan!.signature!.fileId);
    expect((await pdfsig(signedScan)).signatures).toEqual([{ signerName: officer.name, valid: true }]);
    // custody: the scan carries the receiving officer's own key, the result the approving leader's own
    expect((await signerCertificates(signedScan))[0]?.equals(certificateOf(`people/${officer.id}`))).toBe(true);
    const resultPdf = await getFile(dossier.result!.signature!.fileId);
    expect((await pdfsig(resultPdf)).signatures).toEqual([{ signerName: leader.name, valid: true }, { signerName: 'UBND xã Đắk La', valid: true }]);
    const [leaderCert, sealCert] = await signerCertificates(resultPdf);
    expect(leaderCert?.equals(certificateOf(`people/${leader.id}`))).toBe(true);
    expect(sealCert?.equals(certificateOf('agencies/H34.29.2'))).toBe(true);
    expect(dossier.approval).toMatchObject({ decision: 'approved', by: leader.id, name: leader.name, draftSha256: dossier.draft?.sha256 });
    // the callback carried the answer: the process did not wait for its timer
    // (Operate imports flow nodes apart from the instance's state: wait for them rather than read once)
    await waitForFlowNodes(c8, key, { 'leader-signature-resolved': ['COMPLETED'], 'leader-signature-wait-over': undefined });

    // the audit log: every change, who did it and from where, in one intact chain
    const trail = await listAudit(code);
    const entry = (action: string) => trail.find((e) => e.action === action || e.action.startsWith(`${action}:`));
    expect(trail.map((e) => e.action.split(':')[0])).toEqual([
      'intake', 'process-start', 'check-portal-account', 'digitize-components', 'sign-scan', 'save-to-warehouse', 'review-dossier', 'render-draft',
      'approve-result', 'request-leader-signature', 'apply-leader-signature', 'issue-result', 'store-result', 'return-result', 'hand-over-result', 'record-handover',
    ]);
    expect(entry('intake')).toMatchObject({ actor: { kind: 'staff', subject: officer.id, name: officer.name }, source: { ip: expect.any(String) } });
    expect(entry('approve-result')).toMatchObject({ actor: { kind: 'staff', subject: leader.id, name: leader.name }, source: { ip: expect.any(String) } });
    expect(entry('sign-scan')).toMatchObject({ actor: { kind: 'system' }, source: { worker: 'sign-scan', jobKey: expect.any(String) } });
    expect(await verifyAuditLog()).toMatchObject({ ok: true });
    // the components in the applicant's warehouse; the extract, a final result, in the child's, under the
    // personal ID number the population database assigned (Kon Tum: 062; a boy born in the 2000s: 2)
    const childId = dossier.birthRecord?.personalIdNumber;
    expect(childId).toMatch(/^0622\d{8}$/);
    const entries = await WarehouseDocumentModel.find({ 'source.dossierCode': code }).lean();
    expect(entries.map((d) => d.code).sort()).toEqual(['001203004567.GT.YT.GCS.000001', '001203004567.TK.HT.KS.000001', `${childId}.KQ.HT.KS.000001`].sort());
    expect(entries.find((d) => d.kind === 'result')).toMatchObject({ ownerName: 'Võ Đặng Minh Khang', final: true, numberSymbol: dossier.result!.documentNumber });

    // the extract, field by field as the official form prints them (text extraction)
    const text = (await pdftotext(resultPdf)).replace(/\s+/g, ' ');
    const [numberPart] = dossier.result!.documentNumber!.split('/');
    const issued = new Date(dossier.result!.issuedAt!.getTime() + 7 * 3600_000);
    const dd = (n: number) => String(n).padStart(2, '0');
    const issuedOn = `${dd(issued.getUTCDate())}/${dd(issued.getUTCMonth() + 1)}/${issued.getUTCFullYear()}`;
    for (const field of [
      'TRÍCH LỤC KHAI SINH', 'Họ, chữ đệm, tên: VÕ ĐẶNG MINH KHANG', 'Ngày, tháng, năm sinh: 10/11/2026',
      'ghi bằng chữ: Ngày mười tháng mười một năm hai nghìn không trăm hai mươi sáu',
      'Giới tính: Nam', 'Dân tộc: Kinh', 'Quốc tịch: Việt Nam', 'Nơi sinh: Bệnh viện Đa khoa tỉnh Kon Tum', 'Quê quán: xã Đắk La, tỉnh Kon Tum',
      `Số định danh cá nhân: ${childId}`, 'Họ, chữ đệm, tên người mẹ: VÕ ĐẶNG NGỌC GIANG', 'Năm sinh: 2003', 'Nơi cư trú: Thôn 1, xã Đắk La, tỉnh Kon Tum',
      'Họ, chữ đệm, tên người cha: NGUYỄN VĂN HÙNG', 'Năm sinh: 2000', 'Nơi đăng ký khai sinh: UBND xã Đắk La',
      `Ngày, tháng, năm đăng ký: ${issuedOn}`, `Số đăng ký: ${numberPart} , Quyển số: 01/${issued.getUTCFullYear()}`,
    ]) expect(text).toContain(field);
    expect(text).toContain(leader.name);
    // both signatures timestamped (PAdES B-T), verified by openssl against this run's CA
    expect((await signatureTimestamps(resultPdf, path.join(certs.dir, 'ca.pem'))).map((t) => t?.verified)).toEqual([true, true]);
    // the review is on the dossier with who made it
    expect(dossier.reviewDecisions).toEqual([expect.objectContaining({ decision: 'accept', by: specialist.id, name: specialist.name })]);

    const view = await request(app).get(`/api/dossiers/${code}`).set('Authorization', await bearer(COMMUNE_DESK));
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'returned', resultDelivery: 'desk', processInstanceKey: key, engine: { available: true, state: 'COMPLETED' } });
    // intake, approval and issuance, and return ran in the shared sub-processes, called from the dossier's instance, which then completed
    await waitForFlowNodes(c8, key, {
      'intake-and-digitize': ['COMPLETED'], 'dossier-digitized': ['COMPLETED'], 'is-dossier-accepted': ['COMPLETED'],
      'approve-and-issue': ['COMPLETED'], 'result-issued': ['COMPLETED'], 'return-and-notify': ['COMPLETED'], 'result-returned': ['COMPLETED'],
      'dossier-completed': ['COMPLETED'], 'post-result': undefined, 'dossier-refused': undefined, 'draft-returned': undefined,
    });
    const called = await Promise.all((await instanceTree(c8, key)).slice(1).map((k) => withWebappSession(c8, () => c8.getOperateApiClient().getProcessInstance(k))));
    expect(called.map((c) => ({ process: c.bpmnProcessId, parent: String(c.parentKey), state: c.state })).sort((a, b) => a.process.localeCompare(b.process))).toEqual([
      { process: 'approve-and-issue', parent: key, state: 'COMPLETED' },
      { process: 'intake-and-digitize', parent: key, state: 'COMPLETED' },
      { process: 'return-and-notify', parent: key, state: 'COMPLETED' },
    ]);
  });

  it('when the one-stop officer does not accept the components, then the dossier is refused and nothing is digitized', async () => {
    const submitted = await submit('079190001234');
    expect(submitted.status).toBe(201);
    const code = (submitted.body as { code: string }).code;
    const key = await instanceOf(code);

    await completeUserTask(key, 'check-components', { componentsDecision: 'refuse', componentsNote: 'Thiếu giấy chứng sinh bản chính' });
    await waitForOperateState(c8, key, 'COMPLETED');

    const dossier = await getDossier(code);
    expect(dossier.status).toBe('refused');
    expect(dossier.history.map((h) => h.step)).toContain('refuse-dossier');
    expect(dossier.components.every((c) => !c.signature)).toBe(true);
    expect(await WarehouseDocumentModel.countDocuments({ 'source.dossierCode': code })).toBe(0);
    await waitForFlowNodes(c8, key, { 'dossier-refused': ['COMPLETED'], 'digitize-components': undefined, 'result-returned': undefined });
  });

  it('when the leader returns the draft for review, then the specialist reviews again and the second approval issues the result, sent by post', async () => {
    const submitted = await submit('001303000999', undefined, { applicant: { address: 'Thôn 3, xã Đắk La, tỉnh Kon Tum' }, resultDelivery: 'post' });
    const code = (submitted.body as { code: string }).code;
    const key = await instanceOf(code);

    await completeUserTask(key, 'check-components', { componentsDecision: 'accept', componentsNote: 'Đủ' });
    const firstReview = await completeUserTask(key, 'review-dossier', { reviewDecision: 'accept', reviewOpinion: 'Đạt', reviewerName: 'Lê Thị Hộ Tịch' });
    expect((await leaderDecidesOn(code, key, { decision: 'return', opinion: 'Ghi lại nơi sinh cho đúng' })).status).toBe(202);
    const secondReview = await completeUserTask(key, 'review-dossier', { reviewDecision: 'accept', reviewOpinion: 'Đã sửa nơi sinh', reviewerName: 'Lê Thị Hộ Tịch' });
    expect(secondReview.key).not.toBe(firstReview.key);

    // approved, but the leader rejects the signing request on the phone: back to approval, nothing signed
    expect((await leaderDecidesOn(code, key, { decision: 'approve' })).status).toBe(202);
    const rejected = await pending(code);
    expect(await answer(rejected.tranId, 'reject')).toBe(200);
    await eventually('rejection recorded', async () => ((await getDossier(code)).leaderSignature?.state === 'rejected' ? true : undefined));
    await waitForFlowNodes(c8, key, { 'is-leader-signed': ['COMPLETED'], 'issue-result': undefined });
    // approved in Tasklist without the leader's login: no signature is requested, it comes back again
    const before = signing.transactions().length;
    await eventually('the third approval task completed in Tasklist', async () =>
      completeUserTask(key, 'approve-result', { resultApproved: true, approvalOpinion: 'Đồng ý' }).catch(() => undefined));
    await waitForFlowNodes(c8, key, { 'approver-not-authenticated': ['COMPLETED'] });
    expect(signing.transactions()).toHaveLength(before);

    const approved = await leaderDecidesOn(code, key, { decision: 'approve' });
    expect(approved.body).toEqual({ decision: 'approved', draftVersion: 2 });
    expect(await answer((await pending(code)).tranId, 'confirm')).toBe(200);
    await waitForOperateState(c8, key, 'COMPLETED');

    await waitForFlowNodes(c8, key, {
      'review-dossier': ['COMPLETED', 'COMPLETED'], 'render-draft': ['COMPLETED', 'COMPLETED'], 'issue-result': ['COMPLETED'], 'result-posted': ['COMPLETED'], 'hand-over-result': undefined,
      // the return to review leaves the shared approval sub-process by its own end, and the dossier's process loops
      'approve-and-issue': ['COMPLETED', 'COMPLETED'], 'draft-returned': ['COMPLETED'], 'result-issued': ['COMPLETED'], 'is-draft-approved': ['COMPLETED', 'COMPLETED'],
    });
    await eventually('four approvals in Operate', async () => ((await operateFlowNodes(c8, key)).get('approve-result')?.length === 4 ? true : undefined));
    const dossier = await getDossier(code);
    expect(dossier.status).toBe('returned');
    expect(dossier.result?.documentNumber).toBeTruthy();
    expect(dossier.draft?.version).toBe(2);
    // by post: one shipment booked for this dossier, its S10 tracking number kept and sent to the applicant
    expect(messaging.shipments.filter((o) => o.orderCode === code)).toEqual([expect.objectContaining({ itemCode: dossier.postal!.itemCode, receiverAddress: 'Thôn 3, xã Đắk La, tỉnh Kon Tum' })]);
    expect(isS10(dossier.postal!.itemCode)).toBe(true);
    await eventually('the tracking number by SMS', async () => (messaging.sms.messages.some((m) => m.requestId === `result-posted:${code}:sms` && m.message.includes(dossier.postal!.itemCode)) ? true : undefined), 30_000);
    expect((await pdfsig(await getFile(dossier.result!.signature!.fileId))).signatures.map((x) => x.signerName)).toEqual([leader.name, 'UBND xã Đắk La']);

    // both drafts stay viewable: who prepared each, when, its hash; the leader opens any version
    const asLeader = await bearer(leader.username);
    const history = await request(app).get(`/api/dossiers/${code}/drafts`).set('Authorization', asLeader);
    expect(history.status).toBe(200);
    expect(history.body.drafts).toEqual([
      expect.objectContaining({ version: '1.00', preparedBy: 'Lê Thị Hộ Tịch', current: false, sha256: dossier.draftVersions![0]!.sha256 }),
      expect.objectContaining({ version: '2.00', preparedBy: 'Lê Thị Hộ Tịch', current: true, sha256: dossier.draft!.sha256 }),
    ]);
    const first = await request(app).get(`/api/dossiers/${code}/draft?version=1.00`).set('Authorization', asLeader);
    expect(first.status).toBe(200);
    expect(first.headers['x-draft-sha256']).toBe(dossier.draftVersions![0]!.sha256);
    expect((await request(app).get(`/api/dossiers/${code}/draft?version=3`).set('Authorization', asLeader)).status).toBe(404);
    expect((await request(app).get(`/api/dossiers/${code}/draft?version=abc`).set('Authorization', asLeader)).status).toBe(400);
  });
});

describe('one process per dossier, however often its start is repeated', () => {
  it('when the engine was away at intake and the start is then retried concurrently and repeated, then exactly one instance runs', async () => {
    // intake while the engine is unreachable: saved, start pending
    const away = createEngine(createCamunda(testConfig({ ZEEBE_REST_ADDRESS: 'http://127.0.0.1:9' })), config);
    const awayApp = createApp({ config, engine: away, log, now, verifier: staffVerifier() });
    const scans = await birthRegistrationScans();
    const res = await request(awayApp).post('/api/dossiers').set('Authorization', await bearer(COMMUNE_DESK)).set('Idempotency-Key', 'unique-start-0001')
      // the same submission as submit('001203007777') below: its repeat must match it byte for byte
      .field('data', JSON.stringify(birthRegistration({ applicant: { idType: 'CCCD', idNumber: '001203007777', fullName: 'Võ Đặng Ngọc Giang', phone: '0912345678' } })))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
    expect(res.status).toBe(202);
    const code = (res.body as { code: string }).code;

    // the engine is back: the retry loop runs twice at once, and the client repeats its request
    const deps = { config, engine, log, now };
    const [a, b] = await Promise.all([startPendingProcesses(deps), startPendingProcesses(deps)]);
    expect(a.tried + b.tried).toBeGreaterThanOrEqual(1);
    const repeated = await submit('001203007777', 'unique-start-0001');
    expect(repeated.status).toBe(200);
    expect(repeated.body).toMatchObject({ code, processStart: 'requested' });
    // and a start published again directly is refused by the engine, not turned into a second instance
    const direct = await engine.startDossierProcess('birth-registration', code, { dossierCode: code });
    expect(direct.alreadyStarted).toBe(true);

    const key = await instanceOf(code);
    // the instance has reached its first user task, so Operate has imported everything before it
    await eventually('check-components task', async () => (await openUserTasks(key)).find((t) => t.elementId === 'check-components'));
    await new Promise((r) => setTimeout(r, 3000)); // one more import cycle for any second instance
    expect(await instancesOfDossier(code)).toEqual([key]);
    expect((await DossierModel.findOne({ code }).lean())?.processStart?.state).toBe('requested');
  });
});

describe('personal data', () => {
  // the full ID numbers and the phone number every dossier of this file was submitted with
  const secrets = ['001203004567', '079190001234', '001303000999', '001203007777', '0912345678'];

  it('when every dossier above has run, then no full ID or phone number is in any log line, process variable or incident', async () => {
    expect(instances.size).toBeGreaterThanOrEqual(4);
    const operate = c8.getOperateApiClient();
    const written: string[] = [];
    // each dossier's instance and the shared sub-processes it called (their variables are copies)
    const everyInstance = (await Promise.all([...instances].map((k) => instanceTree(c8, k)))).flat();
    expect(everyInstance.length).toBeGreaterThan(instances.size);
    for (const key of everyInstance) {
      const variables = await withWebappSession(c8, () => operate.getVariablesforProcess(key));
      expect(variables.items.length).toBeGreaterThan(0);
      written.push(...variables.items.map((v) => `${v.name}=${v.value}`));
      const incidents = await withWebappSession(c8, () => operate.searchIncidents({ filter: { processInstanceKey: key as never } }));
      written.push(...incidents.items.map((i) => JSON.stringify(i)));
    }
    // the check can fail: the variables do carry the masked ID, the logs the dossier codes
    expect(written.join('\n')).toMatch(/0012\*{6}67/);
    expect(logLines.length).toBeGreaterThan(20);
    expect(logLines.join('')).toMatch(/H34\.29\.2-\d{6}-\d{4}/);
    for (const secret of secrets) {
      expect(written.filter((w) => w.includes(secret))).toEqual([]);
      expect(logLines.filter((l) => l.includes(secret))).toEqual([]);
    }
  });
});
