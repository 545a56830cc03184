import { setTimeout as sleep } from 'node:timers/promises';
import { AuditEntryModel, type AuditEntry } from '../models/audit-entry.model';
import {
  ChainVerifier,
  GENESIS_HASH,
  auditContent,
  canonicalJson,
  entryHash,
  type AuditActor,
  type AuditSource,
  type ChainResult,
} from '../rules/audit-chain';

const DUPLICATE_KEY = 11000;
// one chain for the whole log, so concurrent appends queue for its head and each round one of
// them wins; 50 simultaneous appends on the local FerretDB took at most 18 attempts
const MAX_ATTEMPTS = 100;

export interface AuditInput {
  /** the event's own key, e.g. `<dossier>:<step>:<job key>`: the same event appended twice is stored once */
  eventId: string;
  dossierCode: string;
  action: string;
  actor: AuditActor;
  source?: AuditSource;
  /** small object; stored as its canonical JSON, so dates in it come back as ISO strings */
  details?: Record<string, unknown>;
  at: Date;
}

export type AuditRecord = AuditEntry & { _id: unknown };

type DuplicateKeyError = { code: number; message: string; keyPattern?: Record<string, unknown>; keyValue?: Record<string, unknown> };

function isDuplicateKey(err: unknown): err is DuplicateKeyError {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
}

/**
 * Which unique index a duplicate-key error is about. MongoDB says so in keyPattern, keyValue and
 * the message (`index: seq_1 dup key: { seq: 3 }`); FerretDB 1.x only says
 * `E11000 duplicate key error collection: <db>.audit_entries`, hence 'unknown'.
 */
export function duplicateKeyField(err: { message?: string; keyPattern?: Record<string, unknown>; keyValue?: Record<string, unknown> }): 'seq' | 'eventId' | 'unknown' {
  for (const keys of [err.keyPattern, err.keyValue]) {
    if (keys && 'eventId' in keys) return 'eventId';
    if (keys && 'seq' in keys) return 'seq';
  }
  const message = err.message ?? '';
  if (/index: eventId_1\b|dup key: \{ ?eventId:/.test(message)) return 'eventId';
  if (/index: seq_1\b|dup key: \{ ?seq:/.test(message)) return 'seq';
  return 'unknown';
}

/**
 * Appends one entry at the head of the chain and answers its place. Gap-free and linked under
 * concurrency without a transaction: writers that read the same head collide on the unique seq
 * index, and the losers read the new head and try again. An event already in the log (a job
 * delivered twice, possibly at the same moment) collides on eventId and gets the entry stored the
 * first time, with duplicate = true; its content is not compared — the first delivery's stands.
 */
export async function appendAudit(input: AuditInput): Promise<{ seq: number; hash: string; duplicate: boolean }> {
  if (!(input.at instanceof Date) || Number.isNaN(input.at.getTime())) {
    throw new Error(`audit entry ${input.eventId}: 'at' is not a valid date`);
  }
  // stored as exactly what is hashed: undefined dropped (the driver would store null), dates as text
  const details = JSON.parse(canonicalJson(input.details ?? {})) as Record<string, unknown>;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const head = await AuditEntryModel.findOne({}, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean();
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const entry = new AuditEntryModel({
      seq,
      eventId: input.eventId,
      dossierCode: input.dossierCode,
      at: input.at,
      action: input.action,
      actor: input.actor,
      source: input.source ?? {},
      details,
      prevHash,
    });
    // hash the entry as mongoose will store it (cast, unknown keys dropped), not the caller's object
    entry.hash = entryHash(prevHash, auditContent(entry.toObject()));
    try {
      await entry.save();
      return { seq, hash: entry.hash, duplicate: false };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (duplicateKeyField(err) !== 'seq') {
        const existing = await AuditEntryModel.findOne({ eventId: input.eventId }, { seq: 1, hash: 1 }).lean();
        if (existing) return { seq: existing.seq, hash: existing.hash, duplicate: true };
        // not the event: another writer took this seq (FerretDB does not say which index)
      }
      // spread the writers that lost the same round so they do not all collide again
      await sleep(Math.random() * 2 * Math.min(attempt, 10));
    }
  }
  throw new Error(`could not append audit entry ${input.eventId} after ${MAX_ATTEMPTS} attempts`);
}

/** The entries of one dossier in the order they happened to it (processing control sheet). */
export async function listAudit(dossierCode: string): Promise<AuditRecord[]> {
  return (await AuditEntryModel.find({ dossierCode }).sort({ seq: 1 }).lean()) as AuditRecord[];
}

/**
 * Recomputes the whole chain, reading the log with a cursor in seq order so memory stays constant
 * however long the log grows; stops at the first break. `anchor`: a head hash written down earlier
 * that must still be in the chain (see ChainVerifier).
 */
export async function verifyAuditLog(options: { anchor?: string } = {}): Promise<ChainResult> {
  const verifier = new ChainVerifier(options);
  const cursor = AuditEntryModel.find().sort({ seq: 1 }).lean<AuditEntry[]>().cursor({ batchSize: 500 });
  try {
    for await (const entry of cursor) if (!verifier.push(entry)) break;
  } finally {
    await cursor.close(); // mongoose's cursor is not closed by leaving the loop early
  }
  return verifier.result();
}

/** serves: appendAudit's head read and its idempotency, listAudit (see audit-entry.model.ts) */
export async function ensureAuditIndexes(): Promise<void> {
  await AuditEntryModel.createIndexes();
}
