import request from 'supertest';
import { getDossier } from '../../core/repositories/dossiers';
import { getFile, putFile } from '../../core/repositories/files';
import { listNotifications } from '../../core/repositories/notifications';
import { renderTestScan } from '../../core/pdf/render-result';
import { a4Pixels, encodePng, scanRaster } from '../../core/pdf/raster';
import { WarehouseDocumentModel } from '../../core/models/warehouse-document.model';
import { useTestDatabase } from '../helpers/db';
import { completeUserTask, eventually, waitForFlowNodes, waitForOperateState, waitForUserTask } from '../helpers/engine';
import { useDossierWorld } from '../helpers/dossier-world';
import { birthRegistration, birthRegistrationScans, realmPerson } from '../helpers/fixtures';
import { pdfsig } from '../helpers/pdfsig';
import { pdftotext } from '../pdf/poppler';
import { bearer, COMMUNE_DESK } from '../helpers/staff';

/**
 * Intake on the real engine beyond "accept": the one-stop officer asks for a supplement (form 02) and the
 * dossier resumes where it stopped once the applicant brings it; refuses (form 03); lets the supplement wait
 * run out (here 20 s); and creates a portal account for an applicant without one (population database,
 * ID-card scan, OTP on the applicant's phone). Decisions are made through the API with the officer's own
 * login, so the notices carry their signature; the applicant's SMS leave through the outbox.
 */
useTestDatabase();
jest.setTimeout(240_000);

const otpClock = { skewMs: 0 };
const { app, c8, sms, portalSim, logLines } = useDossierWorld('intake-decisions-test', {
  config: { INTAKE_SUPPLEMENT_WAIT: 'PT20S' },
  portal: { now: () => Date.now() + otpClock.skewMs },
});
const officer = realmPerson('dakla.motcua');
const PHONE = '0912345678';

async function submit(idNumber: string, fullName = 'Võ Đặng Ngọc Giang', gcs?: Buffer) {
  const scans = await birthRegistrationScans();
  const res = await request(app).post('/api/dossiers').set('Authorization', await bearer(COMMUNE_DESK))
    .field('data', JSON.stringify(birthRegistration({ applicant: { idType: 'CCCD', idNumber, fullName, phone: PHONE } })))
    .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', gcs ?? scans.giayChungSinh, 'giay-chung-sinh.pdf');
  expect(res.status).toBe(201);
  const code = (res.body as { code: string }).code;
  const key = await eventually('instance key', async () =>
    (await request(app).get(`/api/dossiers/${code}`).set('Authorization', await bearer(COMMUNE_DESK))).body.processInstanceKey as string | undefined);
  return { code, key };
}

/** The officer's decision on the desk page; Tasklist (which the API asks for the task) trails the engine by a second or two. */
async function decide(code: string, body: Record<string, unknown>) {
  return eventually(`intake decision on ${code}`, async () => {
    const res = await request(app).post(`/api/dossiers/${code}/intake-decision`).set('Authorization', await bearer(COMMUNE_DESK)).send(body);
    return res.status === 409 && /không ở bước/.test(JSON.stringify(res.body)) ? undefined : res;
  });
}

const smsTo = (code: string) => sms.messages.filter((m) => m.message.includes(code));

describe('intake decisions on the Camunda 8.6 engine', () => {
  it('when the officer asks for a supplement, then form 02 is signed by them and texted; the supplement resumes the dossier with a new due date', async () => {
    const { code, key } = await submit('001203004567', 'Võ Đặng Ngọc Giang', await renderTestScan(1, 'Giấy chứng sinh (thiếu trang)'));
    const before = await getDossier(code);
    const asked = await decide(code, { decision: 'supplement', note: 'Giấy chứng sinh thiếu trang 2\nBản chính giấy chứng sinh' });
    expect(asked.status).toBe(202);

    const waiting = await eventually('awaiting supplement', async () => {
      const d = await getDossier(code);
      return d.status === 'awaiting-supplement' ? d : undefined;
    });
    const round = waiting.supplements![0]!;
    expect(round).toMatchObject({ round: 1, state: 'requested', noticeSigned: true, requestedBy: officer.id });
    expect(waiting.intakeDecisions).toEqual([expect.objectContaining({ decision: 'supplement', by: officer.id, name: officer.name })]);
    const notice = await getFile(round.noticeFileId);
    expect((await pdfsig(notice)).signatures).toEqual([{ signerName: officer.name, valid: true }]);
    const text = await pdftotext(notice);
    expect(text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(text).toContain('Giấy chứng sinh thiếu trang 2');
    // the applicant's SMS, sent once through the outbox
    await eventually('the supplement SMS', async () => (smsTo(code).length === 1 ? true : undefined), 20_000);
    expect(smsTo(code)[0]).toMatchObject({ phone: PHONE });
    await waitForFlowNodes(c8, key, { 'wait-supplement': ['ACTIVE'], 'digitize-components': undefined });

    // a file of a component the procedure does not have: 422, nothing changes
    const scans = await birthRegistrationScans();
    const wrong = await request(app).post(`/api/dossiers/${code}/supplement`).set('Authorization', await bearer(COMMUNE_DESK))
      .attach('giay-khai-tu', scans.giayChungSinh, 'x.pdf');
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.violations).toEqual([expect.objectContaining({ field: 'giay-khai-tu', rule: 'known-component' })]);

    const brought = await request(app).post(`/api/dossiers/${code}/supplement`).set('Authorization', await bearer(COMMUNE_DESK))
      .attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh-day-du.pdf');
    expect(brought.status).toBe(202);
    expect(brought.body).toMatchObject({ status: 'received', supplements: [expect.objectContaining({ round: 1, state: 'received', components: ['giay-chung-sinh'] })] });
    // a second supplement of the same round: 409, the first stands
    const again = await request(app).post(`/api/dossiers/${code}/supplement`).set('Authorization', await bearer(COMMUNE_DESK))
      .attach('giay-chung-sinh', scans.giayChungSinh, 'again.pdf');
    expect(again.status).toBe(409);

    const after = await getDossier(code);
    const gcs = after.components.find((c) => c.code === 'giay-chung-sinh')!;
    expect(gcs.pageCount).toBe(2);
    expect(after.supplements![0]!.components![0]!.replacedFileId?.toString()).toBe(before.components.find((c) => c.code === 'giay-chung-sinh')!.fileId.toString());
    expect(after.dueAt.getTime()).toBeGreaterThanOrEqual(before.dueAt.getTime());
    expect(after.supplementMessagePending).toBeUndefined();

    // the process is back at the components check; accepting it now digitizes the supplemented scan
    expect((await decide(code, { decision: 'accept' })).status).toBe(202);
    await waitForUserTask(key, 'review-dossier', 'CREATED');
    const digitized = await getDossier(code);
    expect(digitized.status).toBe('digitized');
    expect(digitized.components.find((c) => c.code === 'giay-chung-sinh')!.sha256).toBe(gcs.sha256);
  });

  it('when the officer refuses, then form 03 says why, signed by them, the applicant is texted once, and nothing is digitized', async () => {
    const { code, key } = await submit('079190001234');
    const refused = await decide(code, { decision: 'refuse', note: 'Người nộp không phải cha, mẹ hoặc người thân thích của trẻ' });
    expect(refused.status).toBe(202);
    await waitForOperateState(c8, key, 'COMPLETED');
    const dossier = await getDossier(code);
    expect(dossier.status).toBe('refused');
    expect(dossier.refusal).toMatchObject({ source: 'intake', by: officer.id, byName: officer.name, signed: true, reason: 'Người nộp không phải cha, mẹ hoặc người thân thích của trẻ' });
    const notice = await getFile(dossier.refusal!.fileId);
    expect((await pdfsig(notice)).signatures).toEqual([{ signerName: officer.name, valid: true }]);
    expect(await pdftotext(notice)).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(dossier.components.every((c) => !c.digitizedAt && !c.signature)).toBe(true);
    await eventually('the refusal SMS', async () => (smsTo(code).length === 1 ? true : undefined), 20_000);
    expect((await listNotifications(code)).map((n) => [n.key, n.state])).toEqual([[`refusal:${code}`, 'sent']]);
  });

  it('when the applicant does not supplement in time, then the dossier is refused for that reason, unsigned by any person', async () => {
    const { code, key } = await submit('075190001234');
    // decided in Tasklist, with a forged intakeDecision naming the desk officer: no decision the API recorded,
    // so nobody's key signs the notices
    await completeUserTask(key, 'check-components', {
      componentsDecision: 'supplement', componentsNote: 'Thiếu tờ khai có chữ ký',
      intakeDecision: { decision: 'supplement', by: officer.id, name: officer.name, taskKey: 'forged-task' },
    });
    await waitForFlowNodes(c8, key, { 'wait-supplement': ['ACTIVE'] });
    await waitForOperateState(c8, key, 'COMPLETED', 90_000);
    const dossier = await getDossier(code);
    expect(dossier.supplements).toEqual([expect.objectContaining({ round: 1, state: 'requested', noticeSigned: false })]);
    expect(dossier.refusal).toMatchObject({ source: 'supplement-expired', signed: false });
    expect(dossier.refusal!.reason).toMatch(/Quá thời hạn bổ sung/);
    expect((await pdfsig(await getFile(dossier.refusal!.fileId))).signatures).toEqual([]);
    await waitForFlowNodes(c8, key, { 'supplement-wait-over': ['COMPLETED'], 'dossier-refused': ['COMPLETED'], 'dossier-supplemented': undefined });
  });

  it('when the applicant has no portal account, then the officer creates it with the population database and the OTP on their phone', async () => {
    const idNumber = '066190001000'; // seeded in the population simulator, no portal account
    const { code, key } = await submit(idNumber, 'Y Niê Kdăm');
    await waitForUserTask(key, 'create-portal-account', 'CREATED');
    const desk = await bearer(COMMUNE_DESK);
    const post = (path: string) => request(app).post(`/api/dossiers/${code}/portal-account${path}`).set('Authorization', desk);

    // the identity must match the population database; then it pre-fills what the officer compares
    const mismatch = await eventually('Tasklist has the task', async () => {
      const res = await post('/identity').send({ fullName: 'Y Niê Kđăm', dateOfBirth: '1990-04-12' });
      return res.status === 409 ? undefined : res;
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error.violations).toEqual([expect.objectContaining({ field: 'fullName', rule: 'population-match' })]);
    const identity = await post('/identity').send({ fullName: 'Y Niê Kdăm', dateOfBirth: '1990-04-12' });
    expect(identity.status).toBe(200);
    expect(identity.body.citizen).toMatchObject({ fullName: 'Y Niê Kdăm', sex: 'Nam', idNumber: '0661******00' });

    const scan = await renderTestScan(2, 'CCCD hai mặt');
    const data = { fullName: 'Y Niê Kdăm', dateOfBirth: '1990-04-12', phone: PHONE, identityConfirmed: true };
    // an executable named .pdf, then a scan over 5 MB: refused, nothing sent to the portal
    const disguised = await post('/registration').field('data', JSON.stringify(data)).attach('idCardScan', Buffer.from('MZ\x90\x00 not a document'), 'cccd.pdf');
    expect(disguised.status).toBe(415);
    const huge = await post('/registration').field('data', JSON.stringify(data)).attach('idCardScan', Buffer.concat([scan, Buffer.alloc(5 * 1024 * 1024)]), 'cccd.pdf');
    expect(huge.status).toBe(413);
    expect(portalSim.otpMessages).toHaveLength(0);

    const started = await post('/registration').field('data', JSON.stringify(data)).attach('idCardScan', scan, 'cccd-hai-mat.pdf');
    expect(started.status).toBe(201);
    expect(started.body).toEqual({ otpExpiresAt: expect.any(String), phone: '091*****78' });
    const otpOf = () => /(\d{6})/.exec(portalSim.otpMessages.filter((m) => m.phone === PHONE).at(-1)!.text)![1]!;
    const first = otpOf();

    const wrong = await post('/registration/confirm').send({ otp: first === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.violations).toEqual([expect.objectContaining({ field: 'otp', rule: 'otp-wrong', message: expect.stringContaining('còn 4 lần') })]);
    // two minutes and a second later, the code no longer works
    otpClock.skewMs = 121_000;
    const expired = await post('/registration/confirm').send({ otp: first });
    expect(expired.status).toBe(422);
    expect(expired.body.error.violations).toEqual([expect.objectContaining({ rule: 'otp-expired' })]);
    otpClock.skewMs = 0;
    expect((await post('/registration/otp').send({})).status).toBe(200);
    const second = otpOf();
    expect(portalSim.otpMessages.filter((m) => m.phone === PHONE)).toHaveLength(2);
    if (second !== first) {
      const stale = await post('/registration/confirm').send({ otp: first });
      expect(stale.body.error.violations).toEqual([expect.objectContaining({ rule: 'otp-wrong' })]);
    }
    const confirmed = await post('/registration/confirm').send({ otp: second });
    expect(confirmed.status).toBe(200);

    await waitForUserTask(key, 'check-components', 'CREATED');
    const dossier = await getDossier(code);
    expect(dossier.portalAccount).toMatchObject({ exists: true, accountId: `DVCQG-${idNumber}`, createdBy: officer.id });
    expect(dossier.portalAccount!.registration!.phoneMasked).toBe('091*****78');
    expect(dossier.history.filter((h) => h.step.startsWith('create-portal-account:'))).toEqual([expect.objectContaining({ actorSubject: officer.id })]);
  });

  it('when a dossier comes online, then its files are checked and accepted as electronic documents: not measured as scans, not signed by a digitizer, stored in the warehouse', async () => {
    const scans = await birthRegistrationScans();
    // a photo at 100 dpi would be refused as a scan at the desk; online it is the applicant's electronic file
    const photo = encodePng(scanRaster(9, a4Pixels(100)), 100);
    const paper = await request(app).post('/api/dossiers').set('Authorization', await bearer(COMMUNE_DESK))
      .field('data', JSON.stringify(birthRegistration({ channel: 'online', applicant: { idType: 'CCCD', idNumber: '079088001234', fullName: 'Trần Văn Bình', phone: PHONE }, pages: { 'giay-chung-sinh': { sheets: 1 } } })))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', photo, 'gcs.png');
    expect(paper.status).toBe(422);
    expect(paper.body.error.violations).toEqual([expect.objectContaining({ field: 'pages', rule: 'online-not-scanned' })]);

    const res = await request(app).post('/api/dossiers').set('Authorization', await bearer(COMMUNE_DESK))
      .field('data', JSON.stringify(birthRegistration({ channel: 'online', applicant: { idType: 'CCCD', idNumber: '079088001234', fullName: 'Trần Văn Bình', phone: PHONE } })))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', photo, 'gcs.png');
    expect(res.status).toBe(201);
    const code = (res.body as { code: string }).code;
    expect((await decide(code, { decision: 'accept' })).status).toBe(202);
    const dossier = await eventually('digitized', async () => ((d) => (d.status === 'digitized' ? d : undefined))(await getDossier(code)));
    for (const c of dossier.components) {
      expect(c).toMatchObject({ receivedElectronically: true });
      expect(c.signature).toBeUndefined();
      expect(c.digitizedAt).toBeUndefined();
      expect(c.scanDpi).toBeUndefined();
    }
    const stored = await WarehouseDocumentModel.find({ 'source.dossierCode': code }).lean();
    expect(stored.map((d) => [d.documentTypeCode, d.sha256]).sort()).toEqual(dossier.components.map((c) => [c.documentTypeCode, c.sha256]).sort());
  });

  it('when the warehouse holds the birth certificate, then the officer opens it and reuses it: on the engine it is checked, not scanned, signed or stored again', async () => {
    const owner = '079088002345';
    const file = await putFile(await renderTestScan(2, 'Giấy chứng sinh trong kho'), 'gcs.pdf', { key: 'signed-scan:engine-reuse', kind: 'signed-scan' });
    const doc = await WarehouseDocumentModel.create({
      code: `${owner}.GT.YT.GCS.000001`, ownerIdNumber: owner, ownerIdType: 'CCCD', ownerName: 'Trần Văn Bình', documentTypeCode: 'GT.YT.GCS',
      name: 'Bản chính Giấy chứng sinh', summary: 'Giấy chứng sinh', kind: 'component', validity: {}, fileId: file.id, sha256: file.sha256, pageCount: 2,
      source: { key: 'earlier:engine-reuse', dossierCode: 'H34.29.2-250101-0001', procedureCode: '1.001193.000.00.00.H34' },
    });
    const desk = await bearer(COMMUNE_DESK);
    const offers = await request(app).post('/api/reuse-offers').set('Authorization', desk).send({ procedureCode: '1.001193.000.00.00.H34', idType: 'CCCD', idNumber: owner });
    expect(offers.body.components.find((c: { code: string }) => c.code === 'giay-chung-sinh').offers.map((o: { id: string }) => o.id)).toEqual([String(doc._id)]);
    expect((await request(app).post(`/api/warehouse/${doc._id}/view`).set('Authorization', desk).send({ ownerIdNumber: owner })).status).toBe(200);
    const scans = await birthRegistrationScans();
    const res = await request(app).post('/api/dossiers').set('Authorization', desk)
      .field('data', JSON.stringify(birthRegistration({ applicant: { idType: 'CCCD', idNumber: owner, fullName: 'Trần Văn Bình' }, reuse: { 'giay-chung-sinh': { documentId: String(doc._id) } } })))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf');
    expect(res.status).toBe(201);
    const code = (res.body as { code: string }).code;
    expect((await decide(code, { decision: 'accept' })).status).toBe(202);
    const dossier = await eventually('digitized', async () => ((d) => (d.status === 'digitized' ? d : undefined))(await getDossier(code)));
    const gcs = dossier.components.find((c) => c.code === 'giay-chung-sinh')!;
    expect(gcs).toMatchObject({ reusedFrom: { documentId: String(doc._id), warehouseCode: doc.code, confirmedBy: officer.id }, warehouseCode: doc.code, sha256: file.sha256 });
    expect(gcs.signature).toBeUndefined();
    expect(gcs.digitizedAt).toBeUndefined();
    // the declaration went into the warehouse; the birth certificate is still its one earlier entry
    expect(await WarehouseDocumentModel.countDocuments({ ownerIdNumber: owner, documentTypeCode: 'GT.YT.GCS' })).toBe(1);
    expect(await WarehouseDocumentModel.countDocuments({ 'source.dossierCode': code })).toBe(1);
  });

  it('then no log line of this file carries a full ID number or phone number', () => {
    const text = logLines.join('\n');
    for (const secret of [PHONE, '066190001000', '001203004567', '079190001234', '075190001234', '079088001234', '079088002345']) expect(text).not.toContain(secret);
    expect(logLines.length).toBeGreaterThan(0);
  });
});
