import request from 'supertest';
import { createApp } from '../../api/app';
import { createCamunda, createEngine } from '../../core/adapters/camunda';
import { createLogger } from '../../core/logger';
import { DossierModel } from '../../core/models/dossier.model';
import { renderTestScan } from '../../core/pdf/render-result';
import { useTestDatabase } from '../helpers/db';
import { findFileByKey, putFile } from '../../core/repositories/files';
import { sweepOrphanScans } from '../../api/dossiers/dossiers.service';
import { testConfig } from '../helpers/fixtures';
import { bearer, COMMUNE_DESK, staffVerifier } from '../helpers/staff';

/**
 * What the desk page sends after intake — the components decision, the supplement, the account creation
 * with its OTP — is checked before anything is looked up: every wrong input is a 400 naming the field and
 * the rule in both languages, never a 5xx; someone who is not at the desk gets 403; and with the engine out
 * of reach a well-formed request is a 503 the officer can retry, with nothing recorded.
 */
useTestDatabase();
jest.setTimeout(120_000);

const config = testConfig({ ZEEBE_REST_ADDRESS: 'http://127.0.0.1:9', CAMUNDA_TASKLIST_BASE_URL: 'http://127.0.0.1:9', CAMUNDA_OPERATE_BASE_URL: 'http://127.0.0.1:9' });
const app = createApp({ config, engine: createEngine(createCamunda(config), config), log: createLogger('test', 'silent'), now: () => new Date(), verifier: staffVerifier() });
const CODE = 'H34.29.2-261123-0001';
const tokens: Record<string, string> = {};
beforeAll(async () => {
  for (const who of [COMMUNE_DESK, 'dakla.hotich']) tokens[who] = await bearer(who);
});
// a supertest request is sent when awaited: build it whole, then await it once
const post = (path: string, who = COMMUNE_DESK) => request(app).post(`/api/dossiers/${CODE}${path}`).set('Authorization', tokens[who]!);
const person = { fullName: 'Y Niê Kdăm', dateOfBirth: '1990-04-12' };

type Case = [string, () => Promise<request.Response>, number, string, string];
const cases: Case[] = [
  ['a decision that is none of the three', async () => post('/intake-decision').send({ decision: 'maybe' }), 400, 'decision', 'invalid_union_discriminator'],
  ['a refusal without a reason', async () => post('/intake-decision').send({ decision: 'refuse' }), 400, 'note', 'invalid_type'],
  ['a supplement request of three letters', async () => post('/intake-decision').send({ decision: 'supplement', note: 'abc' }), 400, 'note', 'note-required'],
  ['a reason with a bidi override', async () => post('/intake-decision').send({ decision: 'refuse', note: 'Thiếu giấy \u202Etờ' }), 400, 'note', 'note-bidi'],
  ['an identity with a date that does not exist', async () => post('/portal-account/identity').send({ ...person, dateOfBirth: '1990-4-12' }), 400, 'dateOfBirth', 'invalid_string'],
  ['an identity with a field too many', async () => post('/portal-account/identity').send({ ...person, idNumber: '066190001000' }), 400, '', 'unrecognized_keys'],
  ['a landline as the applicant\'s phone', async () => post('/portal-account/registration').field('data', JSON.stringify({ ...person, phone: '02603812345', identityConfirmed: true })), 400, 'phone', 'invalid_string'],
  ['an account not confirmed against the population database', async () => post('/portal-account/registration').field('data', JSON.stringify({ ...person, phone: '0912345678' })), 400, 'identityConfirmed', 'invalid_literal'],
  ['a registration with two files', async () => post('/portal-account/registration').field('data', JSON.stringify({ ...person, phone: '0912345678', identityConfirmed: true }))
    .attach('idCardScan', await renderTestScan(1, 'a'), 'a.pdf').attach('other', await renderTestScan(1, 'b'), 'b.pdf'), 400, 'other', 'one-id-card-scan'],
  ['an OTP of five digits', async () => post('/portal-account/registration/confirm').send({ otp: '12345' }), 400, 'otp', 'invalid_string'],
  ['a supplement whose data is not JSON', async () => post('/supplement').field('data', '{').attach('giay-chung-sinh', await renderTestScan(1, 'x'), 'x.pdf'), 400, 'data', 'json'],
];

describe.each(cases)('when the desk sends %s', (_label, send, status, field, rule) => {
  it(`then ${status} names ${field || 'the body'} (${rule}) in both languages`, async () => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ message: expect.any(String), messageVi: expect.any(String) });
    expect(res.body.error.violations).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
  });
});

it('when someone who is not at the one-stop desk decides, then 403 and nothing is recorded', async () => {
  const res = await post('/intake-decision', 'dakla.hotich').send({ decision: 'accept' });
  expect(res.status).toBe(403);
  expect(await DossierModel.countDocuments({})).toBe(0);
});

it('when the decision is well-formed but the dossier does not exist, then 404', async () => {
  expect((await post('/intake-decision').send({ decision: 'accept' })).status).toBe(404);
});

it('when the dossier exists and the engine is out of reach, then 503 to retry, never 500', async () => {
  await DossierModel.collection.insertOne({ code: CODE, agencyCode: 'H34.29.2', procedureCode: '1.001193.000.00.00.H34', status: 'received', components: [], history: [] });
  const res = await post('/intake-decision').send({ decision: 'refuse', note: 'Thiếu giấy chứng sinh' });
  expect(res.status).toBe(503);
  expect(res.body.error.messageVi).toMatch(/Camunda/);
  expect((await DossierModel.findOne({ code: CODE }).lean())!.history).toEqual([]);
});

it('when a supplement replaced a scan, then the hourly sweep keeps the replaced scan and removes only what nothing refers to', async () => {
  const original = await putFile(await renderTestScan(1, 'bản đầu'), 'a.pdf', { key: 'scan:sweep:a', kind: 'scan', dossierCode: 'H34.29.2-261123-0009' });
  const brought = await putFile(await renderTestScan(1, 'bản bổ sung'), 'b.pdf', { key: 'scan:sweep:b', kind: 'scan', dossierCode: 'H34.29.2-261123-0009' });
  const stray = await putFile(await renderTestScan(1, 'bản lạc'), 'c.pdf', { key: 'scan:sweep:c', kind: 'scan', dossierCode: 'H34.29.2-261123-0009' });
  await DossierModel.collection.insertOne({
    code: 'H34.29.2-261123-0009', agencyCode: 'H34.29.2', procedureCode: '1.001193.000.00.00.H34', status: 'received', history: [],
    components: [{ code: 'giay-chung-sinh', fileId: brought.id }],
    supplements: [{ round: 1, state: 'received', components: [{ code: 'giay-chung-sinh', fileId: brought.id, replacedFileId: original.id }] }],
  });
  // two hours later the three uploads are inside the sweep's window (1 to 25 hours old)
  expect(await sweepOrphanScans({ now: () => new Date(Date.now() + 2 * 3600_000) })).toBe(1);
  expect(await findFileByKey('scan:sweep:a')).toBeDefined();
  expect(await findFileByKey('scan:sweep:b')).toBeDefined();
  expect(await findFileByKey('scan:sweep:c')).toBeUndefined();
  expect(String(stray.id)).not.toBe(String(original.id));
});
