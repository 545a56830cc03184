import mongoose from 'mongoose';
import { DossierModel } from '../../core/models/dossier.model';
import { serializesWrites } from '../../core/repositories/document-lock';
import { getDossier, updateDossier } from '../../core/repositories/dossiers';
import { useTestDatabase } from '../helpers/db';

/**
 * Two writers updating one dossier at the same moment (the API publishing a withdrawal while the worker
 * closes it) must both land. MongoDB guarantees it per document; FerretDB 1.x on SQLite does not (it
 * reads, changes and writes back the whole document), so updateDossier serializes writes there.
 */
useTestDatabase();
jest.setTimeout(120_000);

const PAIRS = 60;

async function dossiers(prefix: string): Promise<string[]> {
  const codes = Array.from({ length: PAIRS }, (_, i) => `${prefix}-261122-${String(i + 1).padStart(4, '0')}`);
  await DossierModel.insertMany(codes.map((code) => ({
    code, intakeKey: `k-${code}`, procedureCode: '1.001193.000.00.00.H34', agencyCode: 'H34.29.2', channel: 'in-person',
    applicant: { idType: 'CCCD', idNumber: '001203004567', fullName: 'Võ Đặng Ngọc Giang' }, officerName: 'Nguyễn Văn An', status: 'received',
    receivedAt: new Date(), dueAt: new Date(), components: [], history: [],
    withdrawal: { reason: 'Rút hồ sơ', requestedAt: new Date(), requestedBy: 'desk', requestedByName: 'Nguyễn Văn An', message: 'pending' },
  })));
  return codes;
}

/** How many of the dossiers kept both writers' changes. */
async function bothLanded(codes: string[]): Promise<number> {
  let kept = 0;
  for (const code of codes) {
    const d = await getDossier(code);
    if (d.withdrawal?.message === 'published' && d.withdrawal.closedAt && d.status === 'withdrawn') kept++;
  }
  return kept;
}

it('when two writers update different fields of one dossier at once through updateDossier, then both changes land every time', async () => {
  const codes = await dossiers('H34.29.2');
  await Promise.all(codes.map((code) => Promise.all([
    updateDossier({ code, 'withdrawal.message': 'pending' }, { $set: { 'withdrawal.message': 'published' } }),
    updateDossier({ code }, { $set: { 'withdrawal.closedAt': new Date(), status: 'withdrawn' }, $push: { history: { step: 'withdraw-dossier', at: new Date() } } }),
  ])));
  expect(await bothLanded(codes)).toBe(PAIRS);
});

it('when the same is done without the lock, then FerretDB loses updates and MongoDB does not (why the lock exists)', async () => {
  const codes = await dossiers('H34.29.3');
  await Promise.all(codes.map((code) => Promise.all([
    DossierModel.updateOne({ code, 'withdrawal.message': 'pending' }, { $set: { 'withdrawal.message': 'published' } }),
    DossierModel.updateOne({ code }, { $set: { 'withdrawal.closedAt': new Date(), status: 'withdrawn' } }),
  ])));
  const kept = await bothLanded(codes);
  if (await serializesWrites()) expect(kept).toBeLessThan(PAIRS);
  else expect(kept).toBe(PAIRS);
});

it('when a writer died holding the lock, then the next write waits for it to expire and goes through', async () => {
  const [code] = await dossiers('H34.29.4');
  if (await serializesWrites()) {
    await mongoose.connection.db!.collection<{ _id: string; owner: string; expiresAt: Date }>('document_locks')
      .insertOne({ _id: `dossier:${code}`, owner: 'a crashed process', expiresAt: new Date(Date.now() + 1500) });
  }
  const started = Date.now();
  await updateDossier({ code: code! }, { $set: { status: 'withdrawn' } });
  expect((await getDossier(code!)).status).toBe('withdrawn');
  if (await serializesWrites()) expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
});
