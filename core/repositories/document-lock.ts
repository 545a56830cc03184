import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';

/**
 * One writer at a time per document, where the database does not guarantee it.
 *
 * MongoDB applies each update to a document atomically: the filter and the change are one step, so
 * "set the marker only if it is absent" decides a race between two workers. FerretDB 1.x on SQLite (the
 * local and CI database) does not: it reads the document, applies the update in Go and writes the whole
 * document back, outside a transaction (FerretDB issue #3040). Two concurrent updates of one document
 * then lose one of them — measured: 197 of 200 pairs of updates on different fields of a dossier lost
 * one. So, on FerretDB, every update of a dossier takes a lock first: a row inserted under the
 * document's key (the unique _id is enforced by SQLite itself, so exactly one insert wins), deleted
 * after the update; a holder that died leaves a lock that expires. On MongoDB nothing is locked.
 */
const LOCK_TTL_MS = 10_000;
const WAIT_MS = 15_000;

let serializing: Promise<boolean> | undefined;

/** Whether writes must be serialized here: the server says it is FerretDB (buildInfo.ferretdbVersion). */
export function serializesWrites(): Promise<boolean> {
  serializing ??= (async () => {
    const db = mongoose.connection.db;
    if (!db) throw new Error('the database is not connected');
    const info = await db.admin().command({ buildInfo: 1 });
    return typeof info.ferretdbVersion === 'string';
  })().catch((err: unknown) => {
    serializing = undefined;
    throw err;
  });
  return serializing;
}

/** For tests: forget what was detected (another connection). */
export function resetWriteSerialization(): void {
  serializing = undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `write` while holding the lock of `key` (on FerretDB), and returns what it returns. */
export async function serialized<T>(key: string, write: () => Promise<T>): Promise<T> {
  if (!(await serializesWrites())) return write();
  const locks = mongoose.connection.db!.collection<{ _id: string; owner: string; expiresAt: Date }>('document_locks');
  const owner = randomUUID();
  const deadline = Date.now() + WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      await locks.insertOne({ _id: key, owner, expiresAt: new Date(Date.now() + LOCK_TTL_MS) });
      break;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      // the holder died: its lock expires
      await locks.deleteOne({ _id: key, expiresAt: { $lt: new Date() } });
      if (Date.now() > deadline) throw new Error(`document ${key} stayed locked for ${WAIT_MS} ms`);
      await sleep(3 + Math.random() * 7 * Math.min(attempt + 1, 8));
    }
  }
  try {
    return await write();
  } finally {
    await locks.deleteOne({ _id: key, owner });
  }
}
