import request from 'supertest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { instanceTree, withWebappSession } from '../../core/adapters/camunda';
import { WarehouseDocumentModel } from '../../core/models/warehouse-document.model';
import { renderTestScan } from '../../core/pdf/render-result';
import { getFile } from '../../core/repositories/files';
import { getDossier } from '../../core/repositories/dossiers';
import { useTestDatabase } from '../helpers/db';
import { useDossierWorld } from '../helpers/dossier-world';
import { completeUserTask, eventually, openUserTasks, waitForFlowNodes, waitForOperateState, waitForUserTask } from '../helpers/engine';
import { realmPerson } from '../helpers/fixtures';
import { leaderDecides, pendingRequestOf, phone } from '../helpers/leader';
import { pdfsig, signatureTimestamps, signerCertificates } from '../helpers/pdfsig';
import { bearer } from '../helpers/staff';
import { pdftotext } from '../pdf/poppler';

/**
 * The inter-agency land-use purpose change (seed 003) end to end on the real Camunda 8.6: the department
 * of natural resources and environment receives, digitizes and reviews the dossier, its leader signs the
 * submission (tờ trình) and its clerk numbers it; the hand-over starts the Provincial People's
 * Committee's own process instance by a message correlated by the dossier code; the committee's office
 * reviews the submission, the committee's leader signs the decision with their own key and the
 * committee's clerk numbers it; the answer goes back to the department's instance, which returns the
 * result. Two instances, two registers, two leaders, each signing only what they approved.
 */
useTestDatabase();
jest.setTimeout(300_000);

const { log, c8, engine, app, signing, certs, config } = useDossierWorld('land-use-test');
const DEPARTMENT = '000.00.14.H21';
const COMMITTEE = '000.00.00.H21';
const DESK = 'stnmt-gialai.motcua';
const SPECIALIST = 'stnmt-gialai.chuyenvien';
const departmentLeader = realmPerson('stnmt-gialai.lanhdao');
const committeeLeader = realmPerson('ubnd-gialai.lanhdao');
const TAX_CODE = '5900123451';
const LAND_USE = {
  parcel: { number: '125', mapSheet: '18', areaM2: 12_500.5, address: 'xã Ia Dêr, huyện Ia Grai, tỉnh Gia Lai' },
  fromPurpose: 'đất trồng cây lâu năm', toPurpose: 'đất cơ sở sản xuất phi nông nghiệp', term: '50 năm kể từ ngày ký quyết định',
};
const certificateOf = (file: string) => new X509Certificate(readFileSync(path.join(certs.dir, `${file}.pem`))).raw;

/** A dossier of an organization (a certificate already in its warehouse is reused, not scanned again: one organization per test). */
async function submit(taxCode = TAX_CODE, name = 'Công ty TNHH Nông sản Ia Grai'): Promise<{ code: string; key: string }> {
  const res = await request(app).post('/api/dossiers').set('Authorization', await bearer(DESK))
    .field('data', JSON.stringify({
      procedureCode: '0.000000.000.00.00.H21', agencyCode: DEPARTMENT, channel: 'in-person',
      applicant: { idType: 'TAX_CODE', idNumber: taxCode, fullName: name, phone: '0912345678' },
    }))
    .attach('don-xin-chuyen-muc-dich', await renderTestScan(1, 'Đơn xin phép chuyển mục đích sử dụng đất'), 'don.pdf')
    .attach('giay-chung-nhan', await renderTestScan(2, 'Giấy chứng nhận quyền sử dụng đất', { dpi: 300 }), 'gcn.pdf');
  expect({ status: res.status, error: res.body.error }).toEqual({ status: 201, error: undefined });
  const code = (res.body as { code: string }).code;
  const key = await eventually(`process instance of ${code}`, async () =>
    (await request(app).get(`/api/dossiers/${code}`).set('Authorization', await bearer(DESK))).body.processInstanceKey as string | undefined, 120_000);
  return { code, key };
}

/** Up to the department's accepted review, with the parcel recorded; an organization without a portal account declines one at the desk. */
async function receiveAndReview(code: string, key: string): Promise<void> {
  const first = await eventually('the desk step', async () => (await openUserTasks(key)).find((t) => t.elementId === 'create-portal-account' || t.elementId === 'check-components'), 90_000);
  if (first.elementId === 'create-portal-account') await completeUserTask(key, 'create-portal-account', { portalAccountDeclined: true, portalAccountDeclinedReason: 'Tổ chức dùng tài khoản doanh nghiệp' });
  await completeUserTask(key, 'check-components', { componentsDecision: 'accept', componentsNote: 'Đủ thành phần' });
  await waitForUserTask(key, 'review-dossier', 'CREATED', 90_000);
  // the parcel must be recorded to accept: the submission and the decision print it
  const bare = await request(app).post(`/api/dossiers/${code}/review`).set('Authorization', await bearer(SPECIALIST)).send({ decision: 'accept', opinion: 'Đạt' });
  expect(bare.status).toBe(422);
  expect(bare.body.error.violations).toEqual([expect.objectContaining({ field: 'landUse', rule: 'required' })]);
  const reviewed = await eventually('review', async () => {
    const res = await request(app).post(`/api/dossiers/${code}/review`).set('Authorization', await bearer(SPECIALIST))
      .send({ decision: 'accept', opinion: 'Phù hợp kế hoạch sử dụng đất năm 2026 của huyện Ia Grai.', landUse: LAND_USE });
    return res.status === 409 ? undefined : res;
  });
  expect(reviewed.status).toBe(202);
}

/** A leader approves the current draft on the desk and confirms the signing request on the phone. */
async function leaderSigns(code: string, key: string, leader: { id: string; username: string }): Promise<void> {
  const approved = await leaderDecides(app, code, key, { decision: 'approve' }, leader.username);
  expect(approved.status).toBe(202);
  const tx = await pendingRequestOf(signing, leader.id, code);
  expect(await phone(config.REMOTE_SIGNING_BASE_URL, tx.tranId, 'confirm', leader.id)).toBe(200);
}

const committeeInstanceOf = (code: string, except: string[] = []) => eventually('the committee\'s instance', async () => {
  const found = await engine.findInstanceOfDossier('provincial-decision', { ref: String((await getDossier(code))._id) });
  return found && !except.includes(found) ? found : undefined;
}, 120_000);

describe('land-use purpose change between the department and the provincial committee, on the engine', () => {
  it('when the department submits and the committee decides, then two instances, two registers and two leaders give the organization its decision', async () => {
    const started = Date.now();
    const { code, key } = await submit();
    await receiveAndReview(code, key);

    // the department's leader signs the submission; a committee leader cannot approve it
    await waitForUserTask(key, 'approve-result', 'CREATED', 90_000);
    expect((await request(app).get(`/api/dossiers/${code}/draft`).set('Authorization', await bearer(committeeLeader.username))).status).toBe(404);
    await leaderSigns(code, key, departmentLeader);

    // the hand-over starts the committee's own instance for the same dossier
    const committeeKey = await committeeInstanceOf(code);
    expect(committeeKey).not.toBe(key);
    await waitForFlowNodes(c8, key, { 'request-provincial-decision': ['COMPLETED'], 'await-provincial-decision': ['ACTIVE'] });
    const submitted = await getDossier(code);
    expect(submitted.submission?.issued).toMatchObject({ documentNumber: '01/TTr-STNMT', agencyCode: DEPARTMENT });
    expect(submitted.status).not.toBe('issued');

    // the committee's office accepts; the committee's leader signs the decision (the department's cannot)
    await completeUserTask(committeeKey, 'review-submission', { submissionDecision: 'accept', submissionOpinion: 'Đạt' });
    await waitForUserTask(committeeKey, 'approve-result', 'CREATED', 90_000);
    expect((await request(app).get(`/api/dossiers/${code}/draft`).set('Authorization', await bearer(departmentLeader.username))).status).toBe(404);
    await leaderSigns(code, committeeKey, committeeLeader);
    await waitForOperateState(c8, committeeKey, 'COMPLETED');

    // the answer reached the department, which returns the result
    await completeUserTask(key, 'hand-over-result', { receiverName: 'Nguyễn Văn Đại diện' }, 90_000);
    await waitForOperateState(c8, key, 'COMPLETED');
    log.info({ wallMs: Date.now() - started }, 'land-use purpose change happy path: submitted to returned');

    const dossier = await getDossier(code);
    expect(dossier.status).toBe('returned');
    expect(dossier.result).toMatchObject({ documentNumber: '01/QĐ-UBND', agencyCode: COMMITTEE, warehouseCode: `${TAX_CODE}.KQ.DD.CMD.000001` });
    const decision = await getFile(dossier.result!.signature!.fileId);
    expect((await pdfsig(decision)).signatures).toEqual([
      { signerName: committeeLeader.name, valid: true },
      { signerName: 'UBND tỉnh Gia Lai', valid: true },
    ]);
    const signers = await signerCertificates(decision);
    expect(signers[0]?.equals(certificateOf(`people/${committeeLeader.id}`))).toBe(true);
    expect(signers[1]?.equals(certificateOf(`agencies/${COMMITTEE}`))).toBe(true);
    expect((await signatureTimestamps(decision, path.join(certs.dir, 'ca.pem'))).map((t) => t?.verified)).toEqual([true, true]);
    const text = (await pdftotext(decision)).replace(/\s+/g, ' ');
    for (const part of ['QUYẾT ĐỊNH', 'Tờ trình số 01/TTr-STNMT', 'thửa đất số 125, tờ bản đồ số 18', 'từ đất trồng cây lâu năm sang đất cơ sở sản xuất phi nông nghiệp']) expect(text).toContain(part);
    // the submission is kept, flagged: not the procedure's result
    const kept = await WarehouseDocumentModel.find({ dossierCode: code, kind: 'result' }).sort({ code: 1 }).lean();
    expect(kept.map((k) => [k.code, k.final, k.numberSymbol])).toEqual([
      [`${TAX_CODE}.KQ.DD.CMD.000001`, true, '01/QĐ-UBND'], [`${TAX_CODE}.KQ.DD.CMD.TT.000001`, false, '01/TTr-STNMT'],
    ]);

    await waitForFlowNodes(c8, key, {
      'request-provincial-decision': ['COMPLETED'], 'await-provincial-decision': ['COMPLETED'], 'is-decision-issued': ['COMPLETED'],
      'return-and-notify': ['COMPLETED'], 'dossier-completed': ['COMPLETED'], 'issue-result': ['COMPLETED'],
    });
    await waitForFlowNodes(c8, committeeKey, {
      'review-submission': ['COMPLETED'], 'approve-and-issue': ['COMPLETED'], 'issue-result': ['COMPLETED'], 'send-provincial-decision': ['COMPLETED'], 'decision-sent': ['COMPLETED'],
    });
    // the committee's instance is its own root, not a sub-process of the department's
    const committee = await withWebappSession(c8, () => c8.getOperateApiClient().getProcessInstance(committeeKey));
    expect({ process: committee.bpmnProcessId, parent: committee.parentKey ?? null }).toEqual({ process: 'provincial-decision', parent: null });
    expect(await instanceTree(c8, key)).not.toContain(committeeKey);
  });

  it('when the committee\'s office returns the submission, then the department reviews again and its next submission opens a new committee instance', async () => {
    const { code, key } = await submit('5900987652', 'Hợp tác xã Nông nghiệp Ia Dêr');
    await receiveAndReview(code, key);
    await leaderSigns(code, key, departmentLeader);
    const firstCommittee = await committeeInstanceOf(code);
    await completeUserTask(firstCommittee, 'review-submission', { submissionDecision: 'return', submissionOpinion: 'Bổ sung ý kiến của UBND huyện về vị trí thửa đất' });
    await waitForOperateState(c8, firstCommittee, 'COMPLETED');
    await waitForFlowNodes(c8, firstCommittee, { 'send-provincial-decision': ['COMPLETED'], 'render-draft': undefined });
    // back at the department's review, the dossier still open, no decision issued
    await waitForUserTask(key, 'review-dossier', 'CREATED', 90_000);
    await waitForFlowNodes(c8, key, { 'is-decision-issued': ['COMPLETED'], 'review-dossier': ['COMPLETED', 'ACTIVE'] });
    const returned = await getDossier(code);
    expect(returned.result?.documentNumber).toBeUndefined();
    expect(returned.history.map((h) => h.note)).toEqual(expect.arrayContaining([expect.stringContaining('Trả lại tờ trình cho sở: Bổ sung ý kiến của UBND huyện')]));
    // reviewed again: a second version of the submission, numbered anew, opens a second committee instance
    const again = await eventually('second review', async () => {
      const res = await request(app).post(`/api/dossiers/${code}/review`).set('Authorization', await bearer(SPECIALIST))
        .send({ decision: 'accept', opinion: 'Đã có ý kiến của UBND huyện Ia Grai.', landUse: LAND_USE });
      return res.status === 409 ? undefined : res;
    });
    expect(again.status).toBe(202);
    await leaderSigns(code, key, departmentLeader);
    const secondCommittee = await committeeInstanceOf(code, [firstCommittee]);
    const resubmitted = await getDossier(code);
    expect(resubmitted.submission?.draftVersions?.map((v) => v.version)).toEqual([1, 2]);
    expect(resubmitted.submission?.issued?.documentNumber).toMatch(/^0[1-9]\/TTr-STNMT$/);
    await waitForUserTask(secondCommittee, 'review-submission', 'CREATED', 90_000);
    await c8.getCamundaRestClient().cancelProcessInstance({ processInstanceKey: secondCommittee }).catch(() => undefined);
    await c8.getCamundaRestClient().cancelProcessInstance({ processInstanceKey: key }).catch(() => undefined);
  });
});
