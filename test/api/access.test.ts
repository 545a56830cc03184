import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createCamunda, createEngine } from '../../core/adapters/camunda';
import { createStaffTokenVerifier } from '../../core/auth/staff-token';
import { createLogger } from '../../core/logger';
import { DossierModel } from '../../core/models/dossier.model';
import { useTestDatabase } from '../helpers/db';
import { putFile } from '../../core/repositories/files';
import { renderTestScan } from '../../core/pdf/render-result';
import { callbackSignature } from '../../core/adapters/remote-signing';
import { birthRegistration, birthRegistrationScans, testConfig } from '../helpers/fixtures';
import { grantToken, issuer, stackSecret, staffToken, staffVerifier } from '../helpers/staff';

/**
 * Who may do what, table-driven over the real Keycloak: every person of the realm, plus tokens that
 * must be refused, against every route. Roles decide the action, the agency claim the dossiers.
 * The engine is unreachable in this file (a dossier accepted at intake answers 202, pending start).
 */
useTestDatabase();
jest.setTimeout(120_000);

const CALLBACK_SECRET = 'access-test-callback-secret';
// the engine and its web apps out of reach: whoever passes every check meets the engine's absence (503)
const config = testConfig({ ZEEBE_REST_ADDRESS: 'http://127.0.0.1:9', ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:9', CAMUNDA_TASKLIST_BASE_URL: 'http://127.0.0.1:9', CAMUNDA_OPERATE_BASE_URL: 'http://127.0.0.1:9', REMOTE_SIGNING_CLIENT_SECRET: CALLBACK_SECRET });
const log = createLogger('test', 'silent');
const engine = createEngine(createCamunda(config), config);
const app = createApp({ config, engine, log, now: () => new Date('2026-11-23T03:00:00Z'), verifier: staffVerifier() });
// the same API one hour later: every token issued now has expired by then
const laterApp = createApp({ config, engine, log, now: () => new Date(), verifier: createStaffTokenVerifier({ issuer, audience: 'dossier-api', now: () => new Date(Date.now() + 3600_000) }) });

const COMMUNE = 'H34.29.2';
const EXISTING = 'H34.29.2-261120-0042';

type Caller = { label: string; token: () => Promise<string | undefined>; app?: typeof app };
const realm = JSON.parse(readFileSync(path.resolve(__dirname, '../../stack/keycloak/realm-dossiers.json'), 'utf8')) as { users: { username: string; serviceAccountClientId?: string }[] };
const people: Caller[] = realm.users.filter((u) => !u.serviceAccountClientId).map((u) => ({ label: u.username, token: () => staffToken(u.username) }));

const others: Caller[] = [
  { label: 'no token', token: async () => undefined },
  { label: 'not a token', token: async () => 'garbage' },
  { label: 'token of another realm (master)', token: () => grantToken('master', { grant_type: 'password', client_id: 'admin-cli', username: 'admin', password: stackSecret('keycloak-admin-password') }) },
  { label: 'token not meant for the API (admin-cli)', token: () => grantToken('dossiers', { grant_type: 'password', client_id: 'admin-cli', username: 'dakla.motcua', password: 'demo' }) },
  { label: 'expired token (the one-stop officer, an hour later)', token: () => staffToken('dakla.motcua'), app: laterApp },
  { label: 'token with no agency (the workers\' service account)', token: () => grantToken('dossiers', { grant_type: 'client_credentials', client_id: 'dossier-workers', client_secret: stackSecret('dossier-workers-client-secret') }) },
];

/**
 * What each caller gets from each route, as status codes: intake (POST /api/dossiers), read (GET the
 * dossier), draft (GET its draft result), approve (POST the approval; the leader passes every check
 * and learns the dossier is not waiting for approval: 409). A role that may never do the action is
 * refused before the dossier is looked up (403); another agency's dossier is not there (404).
 */
type Expectation = { intake: number; read: number; draft: number; approve: number };
const expected: Record<string, Expectation> = {
  'dakla.motcua': { intake: 202, read: 200, draft: 403, approve: 403 },
  'dakla.hotich': { intake: 403, read: 200, draft: 200, approve: 403 },
  'dakla.lanhdao': { intake: 403, read: 200, draft: 200, approve: 503 },
  'dakla.vanthu': { intake: 403, read: 200, draft: 200, approve: 403 },
  'dakla.quantri': { intake: 403, read: 200, draft: 403, approve: 403 },
  // a provincial department: may not receive for the commune, never sees the commune's dossiers
  'stnmt-gialai.motcua': { intake: 403, read: 404, draft: 403, approve: 403 },
  'stnmt-gialai.chuyenvien': { intake: 403, read: 404, draft: 404, approve: 403 },
  'stnmt-gialai.lanhdao': { intake: 403, read: 404, draft: 404, approve: 404 },
  'stnmt-gialai.vanthu': { intake: 403, read: 404, draft: 404, approve: 403 },
  'stnmt-gialai.quantri': { intake: 403, read: 404, draft: 403, approve: 403 },
  // the Provincial People's Committee decides submissions; it has no desk and nothing to do with a commune's dossier
  'ubnd-gialai.chuyenvien': { intake: 403, read: 404, draft: 404, approve: 403 },
  'ubnd-gialai.lanhdao': { intake: 403, read: 404, draft: 404, approve: 404 },
  'ubnd-gialai.vanthu': { intake: 403, read: 404, draft: 404, approve: 403 },
  'no token': { intake: 401, read: 401, draft: 401, approve: 401 },
  'not a token': { intake: 401, read: 401, draft: 401, approve: 401 },
  'token of another realm (master)': { intake: 401, read: 401, draft: 401, approve: 401 },
  'token not meant for the API (admin-cli)': { intake: 401, read: 401, draft: 401, approve: 401 },
  'expired token (the one-stop officer, an hour later)': { intake: 401, read: 401, draft: 401, approve: 401 },
  'token with no agency (the workers\' service account)': { intake: 403, read: 403, draft: 403, approve: 403 },
};

let scans: { toKhai: Buffer; giayChungSinh: Buffer };
let draftSha256: string;
beforeAll(async () => {
  scans = await birthRegistrationScans();
  // a dossier with a draft result, its process instance (key 1) known to wait nowhere
  const draft = await putFile(await renderTestScan(1, 'Trích lục khai sinh (dự thảo)'), 'draft.pdf', { key: `draft:${EXISTING}:1`, dossierCode: EXISTING, kind: 'draft' });
  draftSha256 = draft.sha256;
  await DossierModel.create({
    code: EXISTING, intakeKey: 'matrix-existing-0001', procedureCode: '1.001193.000.00.00.H34', agencyCode: COMMUNE, channel: 'in-person',
    applicant: { idType: 'CCCD', idNumber: '001203004567', fullName: 'Võ Đặng Ngọc Giang' }, officerName: 'Nguyễn Văn An',
    status: 'received', receivedAt: new Date(), dueAt: new Date(), components: [], history: [], processStart: { state: 'requested', attempts: 1 },
    processInstanceKey: '1', draft: { version: 1, fileId: draft.id, sha256: draft.sha256, renderedAt: new Date() },
  });
});

const callers = [...people, ...others];

it('covers every person of the realm and every kind of refused token', () => {
  expect(callers.map((c) => c.label).sort()).toEqual(Object.keys(expected).sort());
});

describe.each(callers.map((c) => [c.label, c] as const))('%s', (label, caller) => {
  // a supertest request is a thenable: add the header without awaiting it
  const withAuth = (r: request.Test, token: string | undefined) => (token === undefined ? r : r.set('Authorization', `Bearer ${token}`));
  const target = () => caller.app ?? app;

  it(`POST /api/dossiers for the commune → ${expected[label]!.intake}`, async () => {
    const before = await DossierModel.countDocuments();
    const token = await caller.token();
    const res = await withAuth(request(target()).post('/api/dossiers').set('Idempotency-Key', `matrix-${label.replace(/[^a-z0-9]/gi, '-')}`.slice(0, 90)), token)
      .field('data', JSON.stringify(birthRegistration()))
      .attach('to-khai', scans.toKhai, 'to-khai.pdf')
      .attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
    expect(res.status).toBe(expected[label]!.intake);
    if (res.status >= 400) {
      expect(res.body.error.messageVi).toEqual(expect.any(String));
      expect(res.body.error.message).toEqual(expect.any(String));
      expect(await DossierModel.countDocuments()).toBe(before); // refused: nothing saved
    }
  });

  it(`GET /api/dossiers/${EXISTING} → ${expected[label]!.read}`, async () => {
    const res = await withAuth(request(target()).get(`/api/dossiers/${EXISTING}`), await caller.token());
    expect(res.status).toBe(expected[label]!.read);
    if (res.status === 200) expect(res.body.code).toBe(EXISTING);
    else expect(JSON.stringify(res.body)).not.toContain('001203004567');
  });

  it(`GET /api/dossiers/${EXISTING}/draft → ${expected[label]!.draft}`, async () => {
    const res = await withAuth(request(target()).get(`/api/dossiers/${EXISTING}/draft`), await caller.token());
    expect(res.status).toBe(expected[label]!.draft);
    if (res.status === 200) expect(res.headers['x-draft-sha256']).toBe(draftSha256);
    else expect(res.body.error.messageVi).toEqual(expect.any(String));
  });

  it(`POST /api/dossiers/${EXISTING}/approval → ${expected[label]!.approve}`, async () => {
    const res = await withAuth(request(target()).post(`/api/dossiers/${EXISTING}/approval`), await caller.token()).send({ decision: 'approve', draftSha256 });
    expect(res.status).toBe(expected[label]!.approve);
    expect(res.body.error.messageVi).toEqual(expect.any(String));
    expect((await DossierModel.findOne({ code: EXISTING }).lean())?.approval).toBeUndefined();
  });

  it('GET /api/health → 200 or 503, never 401 (public)', async () => {
    const res = await withAuth(request(target()).get('/api/health'), await caller.token());
    expect([200, 503]).toContain(res.status);
  });
});

it('when the body forges officerName, then the dossier records the logged-in officer from the token', async () => {
  const token = await staffToken('dakla.motcua');
  const subject = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
  const res = await request(app).post('/api/dossiers').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'matrix-forged-officer-0001')
    .field('data', JSON.stringify(birthRegistration({ officerName: 'Kẻ Mạo Danh' })))
    .attach('to-khai', scans.toKhai, 'to-khai.pdf')
    .attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
  expect(res.status).toBe(202);
  const saved = await DossierModel.findOne({ code: res.body.code }).lean();
  expect(saved).toMatchObject({ officerName: 'Nguyễn Văn An', officerSubject: subject });
  expect(saved?.history[0]).toMatchObject({ step: 'intake', actor: 'Nguyễn Văn An', actorSubject: subject });
  expect(JSON.stringify(saved)).not.toContain('Kẻ Mạo Danh');
});

describe('the leader\'s approval: every wrong input is a clear 4xx, nothing recorded', () => {
  const approve = async (body: unknown) => request(app).post(`/api/dossiers/${EXISTING}/approval`).set('Authorization', `Bearer ${await staffToken('dakla.lanhdao')}`).send(body as object);

  it.each([
    ['no decision', {}, 'decision'],
    ['an unknown decision', { decision: 'sign' }, 'decision'],
    ['approve without the draft seen', { decision: 'approve' }, 'draftSha256'],
    ['approve with a malformed hash', { decision: 'approve', draftSha256: 'abc' }, 'draftSha256'],
    ['return without a reason', { decision: 'return' }, 'opinion'],
  ])('when the body has %s, then 400 names the field', async (_case, body, field) => {
    const res = await approve(body);
    expect(res.status).toBe(400);
    expect(res.body.error.violations.map((v: { field: string }) => v.field)).toContain(field);
    expect(res.body.error.messageVi).toEqual(expect.any(String));
  });

  it('when the hash is not the current draft\'s, then 409 says the draft changed', async () => {
    const res = await approve({ decision: 'approve', draftSha256: '0'.repeat(64) });
    expect(res.status).toBe(409);
    expect(res.body.error.messageVi).toMatch(/phiên bản hiện hành 1\.00/);
  });

  it('when the dossier does not exist, then 404', async () => {
    const res = await request(app).post('/api/dossiers/H34.29.2-261120-9999/approval').set('Authorization', `Bearer ${await staffToken('dakla.lanhdao')}`).send({ decision: 'approve', draftSha256 });
    expect(res.status).toBe(404);
  });
});

describe('the signing service\'s callback', () => {
  const body = Buffer.from(JSON.stringify({ tran_id: '2b1c7a52-5b0e-4f0e-9d43-1f6f0c1d2e3f', status: 'confirmed' }));
  const post = (raw: Buffer, signature?: string) => {
    const r = request(app).post('/api/signing/callbacks').set('content-type', 'application/json');
    // as text: superagent would serialize a Buffer as JSON of its bytes
    return (signature ? r.set('x-signature', signature) : r).send(raw.toString('utf8'));
  };

  it('when it carries no signature or a wrong one, then 401 and nothing is published', async () => {
    expect((await post(body)).status).toBe(401);
    expect((await post(body, callbackSignature(body, 'another-secret'))).status).toBe(401);
    const tampered = Buffer.from(body.toString().replace('confirmed', 'rejected'));
    expect((await post(tampered, callbackSignature(body, CALLBACK_SECRET))).status).toBe(401);
  });

  it('when it is signed but malformed, then 400 names the field', async () => {
    const bad = Buffer.from(JSON.stringify({ tran_id: '../x', status: 'pending' }));
    const res = await post(bad, callbackSignature(bad, CALLBACK_SECRET));
    expect(res.status).toBe(400);
    expect(res.body.error.violations.map((v: { field: string }) => v.field).sort()).toEqual(['status', 'tran_id']);
  });

  it('when it is authentic but the engine is away, then 503 (the service retries), never 500', async () => {
    const res = await post(body, callbackSignature(body, CALLBACK_SECRET));
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('DEPENDENCY_UNAVAILABLE');
  });
});
