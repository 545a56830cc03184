import mongoose from 'mongoose';
import { deleteFilesOfIntake, findFileByKey, getFile, putFile } from '../../core/repositories/files';
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

  it('when an intake crashed after uploading, then its stray scans are found and removed by intake key', async () => {
    await putFile(Buffer.from('stray'), 's.pdf', { key: 'scan:K9:to-khai', intakeKey: 'K9' });
    await putFile(Buffer.from('other'), 'o.pdf', { key: 'scan:K8:to-khai', intakeKey: 'K8' });
    expect(await deleteFilesOfIntake('K9')).toBe(1);
    expect(await findFileByKey('scan:K9:to-khai')).toBeUndefined();
    expect(await findFileByKey('scan:K8:to-khai')).toBeDefined();
  });
});
