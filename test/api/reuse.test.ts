import request from 'supertest';
import { createApp } from '../../api/app';
import { createCamunda, createEngine } from '../../core/adapters/camunda';
import { createLogger } from '../../core/logger';
import { DossierModel } from '../../core/models/dossier.model';
import { WarehouseDocumentModel } from '../../core/models/warehouse-document.model';
import { renderTestScan } from '../../core/pdf/render-result';
import { putFile } from '../../core/repositories/files';
import { useTestDatabase } from '../helpers/db';
import { birthRegistration, birthRegistrationScans, testConfig } from '../helpers/fixtures';
import { bearer, COMMUNE_DESK, staffVerifier } from '../helpers/staff';
import mongoose from 'mongoose';
import type { WorkerDeps } from '../../workers/deps';
import { steps } from '../../workers/registry';
import { runStep } from '../../workers/step';

/**
 * Reuse of the applicant's warehouse at intake (DOMAIN §4.3), on the real database and Keycloak; the
 * engine out of reach (dossiers answer 202). Documents are put in the warehouse directly, as an earlier
 * dossier's save-to-warehouse step leaves them.
 */
useTestDatabase();
jest.setTimeout(120_000);

const config = testConfig({ ZEEBE_REST_ADDRESS: 'http://127.0.0.1:9', ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:9' });
const app = createApp({ config, engine: createEngine(createCamunda(config), config), log: createLogger('test', 'silent'), now: () => new Date('2026-11-23T03:00:00Z'), verifier: staffVerifier() });
const OWNER = '001203004567';
const ids: Record<'valid' | 'expired' | 'other', string> = { valid: '', expired: '', other: '' };

async function warehouseDocument(owner: string, until: Date | undefined, key: string): Promise<string> {
  const file = await putFile(await renderTestScan(2, `Giấy chứng sinh ${key}`), 'gcs.pdf', { key: `signed-scan:${key}`, kind: 'signed-scan' });
  const doc = await WarehouseDocumentModel.create({
    code: `${owner}.GT.YT.GCS.${key}`, ownerIdNumber: owner, ownerIdType: 'CCCD', ownerName: 'Võ Đặng Ngọc Giang', documentTypeCode: 'GT.YT.GCS',
    name: 'Bản chính Giấy chứng sinh', summary: 'Giấy chứng sinh', kind: 'component', validity: until ? { duration: '1y', until } : {},
    fileId: file.id, sha256: file.sha256, source: { key: `earlier:${key}`, dossierCode: `H34.29.2-250101-${key}`, procedureCode: '1.001193.000.00.00.H34' },
  });
  return String(doc._id);
}

const desk = async () => ({ Authorization: await bearer(COMMUNE_DESK) });
const countFiles = () => mongoose.connection.db!.collection('files.files').countDocuments();

beforeAll(async () => {
  ids.valid = await warehouseDocument(OWNER, new Date('2030-01-01T00:00:00Z'), '000001');
  ids.expired = await warehouseDocument(OWNER, new Date('2026-01-01T00:00:00Z'), '000002');
  ids.other = await warehouseDocument('079190001234', undefined, '000003');
});

async function submitReusing(reuse: Record<string, { documentId: string }>, attachGcs = false) {
  const scans = await birthRegistrationScans();
  let req = request(app).post('/api/dossiers').set(await desk())
    .field('data', JSON.stringify(birthRegistration({ reuse })))
    .attach('to-khai', scans.toKhai, 'to-khai.pdf');
  if (attachGcs) req = req.attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
  return req;
}

describe('reuse from the applicant\'s warehouse', () => {
  it('when the officer asks what can be reused, then only the applicant\'s still-valid documents of a needed type are offered, codes masked', async () => {
    const res = await request(app).post('/api/reuse-offers').set(await desk()).send({ procedureCode: '1.001193.000.00.00.H34', idType: 'CCCD', idNumber: OWNER });
    expect(res.status).toBe(200);
    const gcs = res.body.components.find((c: { code: string }) => c.code === 'giay-chung-sinh');
    expect(gcs.offers.map((o: { id: string }) => o.id)).toEqual([ids.valid]);
    expect(gcs.offers[0].code).toBe('0012******67.GT.YT.GCS.000001');
    expect(JSON.stringify(res.body)).not.toContain(OWNER);
    expect(res.body.components.find((c: { code: string }) => c.code === 'to-khai').offers).toEqual([]);
  });

  it('when the document was not opened first, then the reuse is refused and nothing is kept', async () => {
    const before = await countFiles();
    const res = await submitReusing({ 'giay-chung-sinh': { documentId: ids.valid } });
    expect(res.status).toBe(422);
    expect(res.body.error.violations).toContainEqual(expect.objectContaining({ field: 'reuse.giay-chung-sinh', rule: 'reuse-not-viewed' }));
    expect(await DossierModel.countDocuments()).toBe(0);
    expect(await countFiles()).toBe(before);
  });

  it('when the officer opens it (with the owner\'s ID) and submits, then the dossier takes it as it is: no scan, no new file, counted as reuse', async () => {
    expect((await request(app).post(`/api/warehouse/${ids.valid}/view`).set(await desk()).send({ ownerIdNumber: '079190001234' })).status).toBe(404);
    const view = await request(app).post(`/api/warehouse/${ids.valid}/view`).set(await desk()).send({ ownerIdNumber: OWNER });
    expect(view.status).toBe(200);
    expect(view.type).toBe('application/pdf');
    const before = await countFiles();
    const res = await submitReusing({ 'giay-chung-sinh': { documentId: ids.valid } });
    expect(res.status).toBe(202);
    const saved = await DossierModel.findOne({ code: res.body.code }).lean();
    const gcs = saved!.components.find((c) => c.code === 'giay-chung-sinh')!;
    const doc = await WarehouseDocumentModel.findById(ids.valid).lean();
    expect(gcs).toMatchObject({ sha256: doc!.sha256, pageCount: 2, warehouseCode: doc!.code, reusedFrom: { documentId: ids.valid, warehouseCode: doc!.code } });
    expect(String(gcs.fileId)).toBe(String(doc!.fileId));
    expect(await countFiles()).toBe(before + 1); // the declaration's scan only
  });

  it('when the workers process a dossier with a reused component, then it is checked but not digitized, signed or stored again', async () => {
    const dossier = await DossierModel.findOne({ 'components.reusedFrom.documentId': ids.valid }).lean();
    const entriesBefore = await WarehouseDocumentModel.countDocuments();
    const deps = { config, log: createLogger('test', 'silent'), now: () => new Date() } as unknown as WorkerDeps;
    for (const type of ['digitize-components', 'sign-scan', 'save-to-warehouse'] as const) {
      const outcomes: string[] = [];
      await runStep(steps[type], {
        key: `job-${type}`, type, processInstanceKey: '1', elementInstanceKey: '2', retries: 3, variables: { dossierCode: dossier!.code },
        complete: async () => outcomes.push('complete'), error: async () => outcomes.push('error'), fail: async (f) => outcomes.push(`fail ${f.errorMessage}`),
      }, deps);
      expect(outcomes).toEqual(['complete']);
    }
    const after = await DossierModel.findOne({ code: dossier!.code }).lean();
    const gcs = after!.components.find((c) => c.code === 'giay-chung-sinh')!;
    expect(gcs.signature).toBeUndefined();
    expect(gcs.digitizedAt).toBeUndefined();
    expect(gcs.warehouseCode).toBe(`${OWNER}.GT.YT.GCS.000001`);
    expect(await WarehouseDocumentModel.countDocuments()).toBe(entriesBefore + 1); // the declaration only
  });

  it.each([
    ['an expired document', () => ({ 'giay-chung-sinh': { documentId: ids.expired } }), 'reuse-expired'],
    ['someone else\'s document', () => ({ 'giay-chung-sinh': { documentId: ids.other } }), 'reuse-owner'],
    ['a document that does not exist', () => ({ 'giay-chung-sinh': { documentId: 'not-an-id' } }), 'reuse-owner'],
    ['a component of no such code', () => ({ 'giay-ket-hon': { documentId: ids.valid } }), 'known-component'],
  ])('when the dossier reuses %s, then 422 names the rule', async (_what, reuse, rule) => {
    const res = await submitReusing(reuse());
    expect(res.status).toBe(422);
    expect(res.body.error.violations).toContainEqual(expect.objectContaining({ rule }));
  });

  it('when a still-valid earlier result is in the warehouse, then scanning it again is refused with the reason; reusing and scanning both too', async () => {
    const scanned = await submitReusing({}, true);
    expect(scanned.status).toBe(422);
    expect(scanned.body.error.violations).toContainEqual(expect.objectContaining({ field: 'files.giay-chung-sinh', rule: 'earlier-result-in-warehouse' }));
    const both = await submitReusing({ 'giay-chung-sinh': { documentId: ids.valid } }, true);
    expect(both.status).toBe(422);
    expect(both.body.error.violations).toContainEqual(expect.objectContaining({ rule: 'reuse-or-scan' }));
  });

  it('when someone who is not at the one-stop desk asks, then 403', async () => {
    const res = await request(app).post('/api/reuse-offers').set({ Authorization: await bearer('dakla.lanhdao') }).send({ procedureCode: '1.001193.000.00.00.H34', idType: 'CCCD', idNumber: OWNER });
    expect(res.status).toBe(403);
  });
});
