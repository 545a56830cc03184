import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { connectDatabase } from '../../core/db';

/**
 * Integration tests use the real database (FerretDB locally, MongoDB where MONGODB_URI says so),
 * each test file in a database of its own, dropped at the end.
 */
export function useTestDatabase(): { uri: () => string } {
  const base = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/dossiers';
  const url = new URL(base);
  url.pathname = `/test_${randomBytes(4).toString('hex')}`;
  const uri = url.toString();
  beforeAll(async () => {
    await connectDatabase(uri);
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  });
  return { uri: () => uri };
}

export async function emptyCollections(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) return;
  for (const c of await db.collections()) await c.deleteMany({});
}
