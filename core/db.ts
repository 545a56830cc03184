import mongoose from 'mongoose';
import { DossierModel } from './models/dossier.model';
import { NotificationModel } from './models/notification.model';
import { SequenceModel } from './models/sequence.model';
import { WarehouseDocumentModel } from './models/warehouse-document.model';
import { ensureAuditIndexes } from './repositories/audit';
import { ensureFileIndexes } from './repositories/files';

/**
 * Connects mongoose and makes sure the indexes the idempotency guarantees rest on exist.
 * Works against MongoDB 7 and FerretDB 1.x: no transactions, no change streams.
 */
export async function connectDatabase(uri: string): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 5000, autoIndex: false });
  await Promise.all([DossierModel.createIndexes(), SequenceModel.createIndexes(), WarehouseDocumentModel.createIndexes(), ensureNotificationIndexes(), ensureFileIndexes(), ensureAuditIndexes()]);
  return mongoose;
}

/** The outbox's unique key became key + channel; a database made before keeps a unique index on key alone that would swallow every channel but the first. */
export async function ensureNotificationIndexes(): Promise<void> {
  await NotificationModel.createIndexes();
  const legacy = (await NotificationModel.collection.indexes()).find((i) => i.name === 'key_1');
  if (!legacy) return;
  await NotificationModel.collection.dropIndex('key_1').catch((err: { code?: number }) => {
    if (err.code !== 27) throw err; // IndexNotFound: another process dropped it first
  });
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}

/** true when a ping answers; used by the health route. */
export async function databaseIsUp(): Promise<boolean> {
  try {
    const db = mongoose.connection.db;
    if (!db || mongoose.connection.readyState !== 1) return false;
    await db.admin().command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}
