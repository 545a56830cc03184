import { SequenceModel } from '../models/sequence.model';

const DUPLICATE_KEY = 11000;
const MAX_ATTEMPTS = 20;

function isDuplicateKey(err: unknown): err is { code: number; message: string; keyPattern?: Record<string, unknown> } {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
}

/**
 * Issues the next number in `scope` to `sourceKey`, or returns the number it was already given.
 * Gap-free under concurrency: two writers racing for the same value collide on the unique
 * (scope, value) index and the loser retries with the next value.
 */
export async function allocateSequence(scope: string, sourceKey: string): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const existing = await SequenceModel.findOne({ sourceKey }).lean();
    if (existing) {
      if (existing.scope !== scope) {
        throw new Error(`sourceKey ${sourceKey} already holds a number in scope ${existing.scope}, not ${scope}`);
      }
      return existing.value;
    }
    const top = await SequenceModel.findOne({ scope }).sort({ value: -1 }).lean();
    const value = (top?.value ?? 0) + 1;
    try {
      await SequenceModel.create({ scope, value, sourceKey });
      return value;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // either another writer took `value` (retry with the next one) or a re-delivery of this
      // same job got there first (the next loop finds it by sourceKey)
    }
  }
  throw new Error(`could not allocate a number in ${scope} after ${MAX_ATTEMPTS} attempts`);
}

/** Releases a number that was never used (only when the insert it guarded failed before commit). */
export async function releaseSequence(sourceKey: string): Promise<void> {
  await SequenceModel.deleteOne({ sourceKey });
}
