import { SequenceModel } from '../models/sequence.model';

const DUPLICATE_KEY = 11000;
const MAX_ATTEMPTS = 20;

function isDuplicateKey(err: unknown): err is { code: number; message: string; keyPattern?: Record<string, unknown> } {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
}

export interface IssuedNumber {
  scope: string;
  value: number;
  /** when the number was first issued: a re-delivered job must use this, not "now" */
  issuedAt: Date;
}

/**
 * Issues the next number in `scope` to `sourceKey`, or returns the number it was already given —
 * possibly in another scope, when the retry comes a day or a year later: the caller then uses the
 * returned scope and issuedAt so the number and its date stay consistent.
 * Gap-free under concurrency: two writers racing for the same value collide on the unique
 * (scope, value) index and the loser retries with the next value.
 */
export async function allocateSequence(scope: string, sourceKey: string, issuedAt: Date): Promise<IssuedNumber> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const existing = await SequenceModel.findOne({ sourceKey }).lean();
    if (existing) return { scope: existing.scope, value: existing.value, issuedAt: existing.issuedAt };
    const top = await SequenceModel.findOne({ scope }).sort({ value: -1 }).lean();
    const value = (top?.value ?? 0) + 1;
    try {
      await SequenceModel.create({ scope, value, sourceKey, issuedAt });
      return { scope, value, issuedAt };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // either another writer took `value` (retry with the next one) or a re-delivery of this
      // same job got there first (the next loop finds it by sourceKey)
    }
  }
  throw new Error(`could not allocate a number in ${scope} after ${MAX_ATTEMPTS} attempts`);
}

/**
 * Takes back a number whose owner was never saved (a refused or rolled-back intake). If it was the
 * last one in its scope the next owner gets it again; otherwise the scope keeps a gap, which is
 * acceptable for dossier codes and never done for document numbers.
 */
export async function releaseSequence(sourceKey: string): Promise<void> {
  await SequenceModel.deleteOne({ sourceKey });
}
