import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { IncidentError } from '../errors';
import mongoose, { Types, mongo } from 'mongoose';

/**
 * Scans, signed copies and results are stored in GridFS (bucket "files"); the SHA-256 of the bytes is
 * kept in the file's metadata and on the record that references it, so integrity can be re-checked
 * at any step (seed 003: integrity kept during transfer).
 */
export interface StoredFile {
  id: Types.ObjectId;
  sha256: string;
  size: number;
  metadata: Record<string, unknown>;
}

function bucket(): mongo.GridFSBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database is not connected');
  return new mongo.GridFSBucket(db, { bucketName: 'files' });
}

export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Stores bytes under a unique `key` (dossier + step + component; unique index on metadata.key).
 * When another writer stored that key first — the same job delivered twice at once — its file is
 * the answer: this upload's chunks are removed and `created` is false.
 */
export async function putFile(
  bytes: Buffer,
  fileName: string,
  metadata: { key: string } & Record<string, unknown>,
): Promise<StoredFile & { created: boolean }> {
  const sha256 = sha256Hex(bytes);
  const id = new Types.ObjectId();
  try {
    await new Promise<void>((resolve, reject) => {
      const upload = bucket().openUploadStreamWithId(id, fileName, { metadata: { ...metadata, sha256 } });
      upload.once('finish', () => resolve());
      upload.once('error', reject);
      upload.end(bytes);
    });
  } catch (err) {
    return { ...(await winnerOf(err, id, metadata.key)), created: false };
  }
  return { id, sha256, size: bytes.length, metadata: { ...metadata, sha256 }, created: true };
}

/**
 * putFile for a file on disk: streamed into GridFS, never read whole into memory. `sha256` is the hash
 * the caller computed when the file arrived; the stored copy is hashed as it streams and must match.
 */
export async function putFileFromPath(
  filePath: string,
  fileName: string,
  sha256: string,
  metadata: { key: string } & Record<string, unknown>,
): Promise<StoredFile & { created: boolean }> {
  const id = new Types.ObjectId();
  const hash = createHash('sha256');
  let size = 0;
  try {
    await pipeline(
      createReadStream(filePath),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      bucket().openUploadStreamWithId(id, fileName, { metadata: { ...metadata, sha256 } }),
    );
  } catch (err) {
    return { ...(await winnerOf(err, id, metadata.key)), created: false };
  }
  if (hash.digest('hex') !== sha256) {
    await deleteFile(id);
    throw new Error(`${filePath} changed while it was stored (sha256 mismatch)`);
  }
  return { id, sha256, size, metadata: { ...metadata, sha256 }, created: true };
}

/**
 * The upload `id` lost the race for `key` (duplicate key on metadata.key): its chunks go, and the file
 * stored first is the answer. Any other error is rethrown.
 */
async function winnerOf(err: unknown, id: Types.ObjectId, key: string): Promise<StoredFile> {
  if ((err as { code?: unknown }).code !== 11000) throw err;
  await chunks().deleteMany({ files_id: id });
  const winner = await findFileByKey(key);
  if (!winner) throw err;
  return winner;
}

const chunks = () => {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database is not connected');
  return db.collection('files.chunks');
};

/** serves: findFileByKey, and makes a key impossible to store twice (see putFile) */
export async function ensureFileIndexes(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database is not connected');
  await db.collection('files.files').createIndex({ 'metadata.key': 1 }, { unique: true, name: 'metadata_key_unique' });
  await db.collection('files.chunks').createIndex({ files_id: 1, n: 1 }, { unique: true, name: 'files_id_n_unique' });
}

/**
 * Scans an intake stored within `window` that no dossier references: left by an attempt that crashed
 * between upload and save (a failed attempt removes its own files at once). Each attempt has its own
 * files, so sweeping never touches an attempt in progress, whatever its Idempotency-Key. The window
 * keeps each sweep to recent uploads instead of every scan ever stored.
 */
export async function deleteOrphanScans(window: { from: Date; to: Date }, isReferenced: (dossierCode: string, fileId: Types.ObjectId) => Promise<boolean>): Promise<number> {
  const candidates = await bucket().find({ 'metadata.kind': 'scan', uploadDate: { $gte: window.from, $lt: window.to } }).toArray();
  let deleted = 0;
  for (const f of candidates) {
    const code = (f.metadata as { dossierCode?: unknown } | undefined)?.dossierCode;
    if (typeof code === 'string' && (await isReferenced(code, f._id as Types.ObjectId))) continue;
    await deleteFile(f._id as Types.ObjectId);
    deleted++;
  }
  return deleted;
}

/**
 * Files a step produces are stored with a `key` (dossier + step + component); a re-delivered job
 * finds its earlier output here instead of producing a second one. GridFS writes the files entry
 * after the last chunk, so a crash mid-upload leaves no entry to find (only orphan chunks).
 */
export async function findFileByKey(key: string): Promise<StoredFile | undefined> {
  const [file] = await bucket().find({ 'metadata.key': key }).limit(1).toArray();
  if (!file) return undefined;
  const metadata = (file.metadata ?? {}) as Record<string, unknown>;
  return { id: file._id as Types.ObjectId, sha256: String(metadata.sha256), size: file.length, metadata };
}

export async function getFile(id: Types.ObjectId | string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = bucket().openDownloadStream(new Types.ObjectId(id));
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function deleteFile(id: Types.ObjectId | string): Promise<void> {
  try {
    await bucket().delete(new Types.ObjectId(id));
  } catch (err) {
    if (!(err instanceof Error && /not found|FileNotFound/i.test(err.message))) throw err;
  }
}

/**
 * The stored bytes, checked against the SHA-256 recorded when they were handed over (seed 003: integrity
 * kept during transfer). A mismatch stops the dossier: an incident an administrator sees in Operate,
 * never a retry that would sign or archive altered bytes.
 */
export async function getVerifiedFile(id: Types.ObjectId | string, sha256: string, what: string): Promise<Buffer> {
  const bytes = await getFile(id);
  const actual = sha256Hex(bytes);
  if (actual !== sha256) throw new IncidentError(`${what}: stored bytes changed since they were handed over (sha256 ${actual} != ${sha256})`);
  return bytes;
}
