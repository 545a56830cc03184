import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createCamunda, createEngine } from '../../core/adapters/camunda';
import { createStaffTokenVerifier } from '../../core/auth/staff-token';
import { createLogger } from '../../core/logger';
import { DossierModel } from '../../core/models/dossier.model';
import { useTestDatabase } from '../helpers/db';
import { birthRegistration, birthRegistrationScans, testConfig } from '../helpers/fixtures';
import { grantToken, issuer, stackSecret, staffToken, staffVerifier } from '../helpers/staff';

/**
 * Who may do what, table-driven over the real Keycloak: every person of the realm, plus tokens that
 * must be refused, against every route. Roles decide the action, the agency claim the dossiers.
 * The engine is unreachable in this file (a dossier accepted at intake answers 202, pending start).
 */
useTestDatabase();
jest.setTimeout(120_000);

const config = testConfig({ ZEEBE_REST_ADDRESS: 'http://127.0.0.1:9', ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:9' });
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

/** What each caller gets from each route; `intake` and `read` are the status codes expected. */
const expected: Record<string, { intake: number; read: number }> = {
  'dakla.motcua': { intake: 202, read: 200 },
  'dakla.hotich': { intake: 403, read: 200 },
  'dakla.lanhdao': { intake: 403, read: 200 },
  'dakla.vanthu': { intake: 403, read: 200 },
  'dakla.quantri': { intake: 403, read: 200 },
  // a provincial department: may not receive for the commune, never sees the commune's dossiers
  'stnmt-gialai.motcua': { intake: 403, read: 404 },
  'stnmt-gialai.chuyenvien': { intake: 403, read: 404 },
  'stnmt-gialai.lanhdao': { intake: 403, read: 404 },
  'stnmt-gialai.vanthu': { intake: 403, read: 404 },
  'stnmt-gialai.quantri': { intake: 403, read: 404 },
  'no token': { intake: 401, read: 401 },
  'not a token': { intake: 401, read: 401 },
  'token of another realm (master)': { intake: 401, read: 401 },
  'token not meant for the API (admin-cli)': { intake: 401, read: 401 },
  'expired token (the one-stop officer, an hour later)': { intake: 401, read: 401 },
  'token with no agency (the workers\' service account)': { intake: 403, read: 403 },
};

let scans: { toKhai: Buffer; giayChungSinh: Buffer };
beforeAll(async () => {
  scans = await birthRegistrationScans();
  await DossierModel.create({
    code: EXISTING, intakeKey: 'matrix-existing-0001', procedureCode: '1.001193.000.00.00.H34', agencyCode: COMMUNE, channel: 'in-person',
    applicant: { idType: 'CCCD', idNumber: '001203004567', fullName: 'Võ Đặng Ngọc Giang' }, officerName: 'Nguyễn Văn An',
    status: 'received', receivedAt: new Date(), dueAt: new Date(), components: [], history: [], processStart: { state: 'requested', attempts: 1 },
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
