import { createHash } from 'node:crypto';

/**
 * The hash chain of the audit log (nhật ký thao tác) from which the processing control sheet
 * (Phiếu kiểm soát quá trình giải quyết hồ sơ, Circular 03/2025 form 6) is generated. Each entry's
 * hash covers the previous entry's hash and the entry's own content, seq included, so an edited,
 * removed or reordered entry shows up when the chain is recomputed. Pure: no I/O, no throwing.
 *
 * The canonical form is the contract every stored hash rests on: changing it (key order, date
 * format, the list of hashed fields) breaks every existing chain, so it needs a new chain format,
 * not an edit. test/rules/audit-chain.test.ts pins it with a golden value.
 */

export const GENESIS_HASH = '0'.repeat(64);

export const auditActorKinds = ['staff', 'system', 'applicant', 'service'] as const;
export type AuditActorKind = (typeof auditActorKinds)[number];

export interface AuditActor {
  kind: AuditActorKind;
  /** identity-provider subject of a staff member, account id of an applicant, client id of a service */
  subject?: string;
  name?: string;
}

export interface AuditSource {
  ip?: string;
  userAgent?: string;
  /** job worker that wrote the entry, and the engine's job key */
  worker?: string;
  jobKey?: string;
  host?: string;
}

/** What an entry's hash covers: every field of the entry except prevHash (hashed in front) and hash. */
export interface AuditEntryContent {
  seq: number;
  eventId: string;
  dossierCode: string;
  at: Date;
  action: string;
  actor: AuditActor;
  source?: AuditSource;
  details?: Record<string, unknown>;
}

export interface ChainedAuditEntry extends AuditEntryContent {
  prevHash: string;
  hash: string;
}

/**
 * JSON with object keys sorted at every level, dates as ISO strings and undefined left out — the
 * same bytes for the same content whatever order the fields were written or read back in.
 * Other values follow JSON.stringify: toJSON is honoured (an ObjectId becomes its hex), non-finite
 * numbers and undefined array items become null, functions and symbols are left out; a bigint,
 * which JSON cannot hold, becomes its decimal string.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value)) ?? 'null';
}

function canonicalValue(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (Array.isArray(value)) return value.map((item) => canonicalValue(item) ?? null);
  if (value === null || typeof value !== 'object') return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return canonicalValue(toJSON.call(value));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = canonicalValue((value as Record<string, unknown>)[key]);
    if (item !== undefined) out[key] = item;
  }
  return out;
}

/** The hashed fields of a stored entry, whatever else it carries (_id, prevHash, hash). */
export function auditContent(entry: AuditEntryContent): AuditEntryContent {
  const { seq, eventId, dossierCode, at, action, actor, source, details } = entry;
  return { seq, eventId, dossierCode, at, action, actor, source, details };
}

/** SHA-256 hex over the previous entry's hash followed by this entry's canonical JSON. */
export function entryHash(prevHash: string, entry: AuditEntryContent): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(auditContent(entry))).digest('hex');
}

/** Why a chain does not verify, each pointing at what was done to the log. */
export type ChainBreak =
  | 'gap' // a seq number is missing: an entry was removed
  | 'out-of-order' // seq repeats or goes back: entries duplicated, or not read in seq order
  | 'hash-mismatch' // the stored hash is not the hash of the content: an entry was edited
  | 'broken-link' // prevHash is not the previous entry's hash: an entry was removed or reordered
  | 'bad-start' // the first entry is not seq 1 on the genesis hash: the start of the log was removed
  | 'anchor-missing'; // a hash written down earlier is not in the chain: the end of the log was removed

export function describeBreak(reason: ChainBreak): string {
  switch (reason) {
    case 'gap':
      return 'gap in seq (entry removed)';
    case 'out-of-order':
      return 'seq repeated or out of order (entry duplicated or reordered)';
    case 'hash-mismatch':
      return 'hash mismatch (entry edited)';
    case 'broken-link':
      return 'prevHash does not link to the previous entry (entry removed or reordered)';
    case 'bad-start':
      return 'first entry is not seq 1 on the genesis hash (start of the log removed)';
    case 'anchor-missing':
      return 'expected head not in the chain (end of the log removed)';
  }
}

export type ChainResult =
  | { ok: true; count: number; headHash: string; /** seq of the anchor, when one was given */ anchorSeq?: number }
  | { ok: false; seq: number; reason: ChainBreak };

/**
 * Checks a chain fed one entry at a time in seq order, so a log of any length is verified in
 * constant memory. The first break is kept and later entries are ignored.
 * `anchor`: a head hash written down earlier; the chain must still contain it, otherwise entries
 * were cut from its end (removing the tail leaves a chain that is otherwise intact).
 */
export class ChainVerifier {
  private count = 0;
  private lastSeq = 0;
  private headHash = GENESIS_HASH;
  private anchorSeq: number | undefined;
  private broken: { seq: number; reason: ChainBreak } | undefined;

  constructor(private readonly options: { anchor?: string } = {}) {
    // an anchor taken from an empty log is the genesis hash, which every chain starts from
    if (options.anchor === GENESIS_HASH) this.anchorSeq = 0;
  }

  /** Feeds the next entry; answers false once the chain is broken (the caller may stop reading). */
  push(entry: ChainedAuditEntry): boolean {
    if (this.broken) return false;
    const expected = this.lastSeq + 1;
    if (this.count === 0) {
      // the start was removed: reported at seq 1, the first entry missing
      if (entry.seq !== 1) return this.fail('bad-start', entry.seq > 1 ? 1 : entry.seq);
      // seq 1 off the genesis hash: an edited prevHash no longer matches the hash (an edit);
      // one that does was written on another chain
      if (entry.prevHash !== GENESIS_HASH) {
        return this.fail(entryHash(entry.prevHash, entry) === entry.hash ? 'bad-start' : 'hash-mismatch', 1);
      }
    }
    if (entry.seq < expected) return this.fail('out-of-order', entry.seq);
    if (entry.seq > expected) return this.fail('gap', expected);
    // the stored prevHash is hashed, so editing prevHash itself reads as an edit
    if (entryHash(entry.prevHash, entry) !== entry.hash) return this.fail('hash-mismatch', entry.seq);
    if (entry.prevHash !== this.headHash) return this.fail('broken-link', entry.seq);
    this.count++;
    this.lastSeq = entry.seq;
    this.headHash = entry.hash;
    if (entry.hash === this.options.anchor) this.anchorSeq = entry.seq;
    return true;
  }

  result(): ChainResult {
    if (this.broken) return { ok: false, ...this.broken };
    if (this.options.anchor !== undefined) {
      // intact but without the anchor: the first entry missing is the one after the current head
      if (this.anchorSeq === undefined) return { ok: false, seq: this.lastSeq + 1, reason: 'anchor-missing' };
      return { ok: true, count: this.count, headHash: this.headHash, anchorSeq: this.anchorSeq };
    }
    return { ok: true, count: this.count, headHash: this.headHash };
  }

  private fail(reason: ChainBreak, seq: number): false {
    this.broken = { seq, reason };
    return false;
  }
}

/** Verifies a whole chain held in memory (entries in seq order). */
export function verifyChain(entries: Iterable<ChainedAuditEntry>, options: { anchor?: string } = {}): ChainResult {
  const verifier = new ChainVerifier(options);
  for (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.result();
}
