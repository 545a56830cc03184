import mongoose from 'mongoose';
import { deleteOrphanScans, findFileByKey, getFile, putFile } from '../../core/repositories/files';
import { emptyCollections, useTestDatabase } from '../helpers/db';

useTestDatabase();
beforeEach(emptyCollections);

const count = (collection: string) => mongoose.connection.db!.collection(collection).countDocuments();

describe('GridFS files keyed by step', () => {
  it('when a file is stored, then it reads back byte for byte with its SHA-256', async () => {
    const bytes = Buffer.from('%PDF-1.7 example bytes '.repeat(30_000)); // several chunks
    const stored = await putFile(bytes, 'a.pdf', { key: 'scan:k1:to-khai' });
    expect(stored.created).toBe(true);
    expect((await getFile(stored.id)).equals(bytes)).toBe(true);
    expect((await findFileByKey('scan:k1:to-khai'))?.sha256).toBe(stored.sha256);
  });

  it('when two deliveries store the same key at once, then one file survives and both get it', async () => {
    const [a, b] = await Promise.all([
      putFile(Buffer.from('first signed copy'), 'x.pdf', { key: 'signed-scan:D1:gcs' }),
      putFile(Buffer.from('second signed copy'), 'x.pdf', { key: 'signed-scan:D1:gcs' }),
    ]);
    expect(a?.id.equals(b!.id)).toBe(true);
    expect([a?.created, b?.created].sort()).toEqual([false, true]);
    expect(await count('files.files')).toBe(1);
    expect(await count('files.chunks')).toBe(1); // the loser's chunks are gone too
  });

  it('when an intake crashed after uploading, then the sweep removes its old unreferenced scans and nothing else', async () => {
    const stray = await putFile(Buffer.from('stray'), 's.pdf', { key: 'scan:K9:a1:to-khai', intakeKey: 'K9', dossierCode: 'D-9', kind: 'scan' });
    const kept = await putFile(Buffer.from('kept'), 'k.pdf', { key: 'scan:K8:a2:to-khai', intakeKey: 'K8', dossierCode: 'D-8', kind: 'scan' });
    const signed = await putFile(Buffer.from('signed'), 'x.pdf', { key: 'signed-scan:D-9:to-khai', dossierCode: 'D-9', kind: 'signed-scan' });
    const referenced = async (_code: string, id: mongoose.Types.ObjectId) => id.equals(kept.id);
    // an attempt still in progress (uploaded after the cut-off) is never touched
    const window = (toMs: number) => ({ from: new Date(Date.now() - 24 * 3600_000), to: new Date(Date.now() + toMs) });
    expect(await deleteOrphanScans(window(-60_000), referenced)).toBe(0);
    // uploads older than the window are not looked at again
    expect(await deleteOrphanScans({ from: new Date(Date.now() + 500), to: new Date(Date.now() + 1000) }, referenced)).toBe(0);
    expect(await deleteOrphanScans(window(1000), referenced)).toBe(1);
    expect(await findFileByKey('scan:K9:a1:to-khai')).toBeUndefined();
    expect((await findFileByKey('scan:K8:a2:to-khai'))?.id.equals(kept.id)).toBe(true);
    expect((await findFileByKey('signed-scan:D-9:to-khai'))?.id.equals(signed.id)).toBe(true);
    expect(stray.created).toBe(true);
  });
});
