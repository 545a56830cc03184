import { createHash } from 'node:crypto';
import {
  ChainVerifier,
  GENESIS_HASH,
  canonicalJson,
  describeBreak,
  entryHash,
  verifyChain,
  type AuditEntryContent,
  type ChainBreak,
  type ChainedAuditEntry,
} from '../../core/rules/audit-chain';

const base: AuditEntryContent = {
  seq: 1,
  eventId: 'H34.29.2-261122-0001:dossier.received',
  dossierCode: 'H34.29.2-261122-0001',
  at: new Date('2026-11-22T01:02:03.004Z'),
  action: 'dossier.received',
  actor: { kind: 'staff', subject: 'f3a1', name: 'Nguyễn Thị Lan' },
  source: { ip: '10.0.0.7', userAgent: 'Mozilla/5.0' },
  details: { channel: 'in-person', components: 2 },
};

/** A correctly linked chain of n entries, each its own event. */
function chain(n: number): ChainedAuditEntry[] {
  const out: ChainedAuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content: AuditEntryContent = { ...base, seq, eventId: `event-${seq}`, action: `step.s${seq}`, at: new Date(base.at.getTime() + seq * 1000) };
    const hash = entryHash(prevHash, content);
    out.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return out;
}

/** Re-hashes entries from `from` on, as a forger who knows the format would. */
function rehash(entries: ChainedAuditEntry[], from: number): ChainedAuditEntry[] {
  const out = entries.slice(0, from);
  let prevHash = from === 0 ? GENESIS_HASH : (out[from - 1] as ChainedAuditEntry).hash;
  for (const entry of entries.slice(from)) {
    const hash = entryHash(prevHash, entry);
    out.push({ ...entry, prevHash, hash });
    prevHash = hash;
  }
  return out;
}

const at = (entries: ChainedAuditEntry[], i: number) => entries[i] as ChainedAuditEntry;

describe('canonicalJson', () => {
  it('when the same content is written with its keys in another order, then the text is the same', () => {
    const a = canonicalJson({ b: 1, a: { y: [1, { d: 2, c: 3 }], x: 'x' } });
    const b = canonicalJson({ a: { x: 'x', y: [1, { c: 3, d: 2 }] }, b: 1 });
    expect(a).toBe(b);
    expect(a).toBe('{"a":{"x":"x","y":[1,{"c":3,"d":2}]},"b":1}');
  });

  it.each<[string, unknown, string]>([
    ['a date becomes its ISO string', { at: new Date('2026-11-22T01:02:03.004Z') }, '{"at":"2026-11-22T01:02:03.004Z"}'],
    ['undefined fields are left out', { a: undefined, b: 1, c: { d: undefined } }, '{"b":1,"c":{}}'],
    ['undefined array items become null, as in JSON', { a: [undefined, 1] }, '{"a":[null,1]}'],
    ['null is kept', { a: null }, '{"a":null}'],
    ['non-finite numbers become null, as in JSON', { a: Number.NaN, b: Number.POSITIVE_INFINITY }, '{"a":null,"b":null}'],
    ['an invalid date becomes null, as in JSON', { a: new Date(Number.NaN) }, '{"a":null}'],
    ['a bigint becomes its decimal string', { a: 12345678901234567890n }, '{"a":"12345678901234567890"}'],
    ['toJSON is honoured (an ObjectId gives its hex)', { id: { toJSON: () => '6b02a7777601bef69fbd698e' } }, '{"id":"6b02a7777601bef69fbd698e"}'],
    ['Vietnamese text is kept as is', { name: 'Nguyễn Thị Lan' }, '{"name":"Nguyễn Thị Lan"}'],
  ])('when %s', (_case, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});

describe('entryHash', () => {
  it('when an entry is hashed, then it is SHA-256 hex of prevHash followed by the canonical entry (format pinned)', () => {
    const expectedText =
      '{"action":"dossier.received","actor":{"kind":"staff","name":"Nguyễn Thị Lan","subject":"f3a1"},' +
      '"at":"2026-11-22T01:02:03.004Z","details":{"channel":"in-person","components":2},' +
      '"dossierCode":"H34.29.2-261122-0001","eventId":"H34.29.2-261122-0001:dossier.received","seq":1,' +
      '"source":{"ip":"10.0.0.7","userAgent":"Mozilla/5.0"}}';
    expect(canonicalJson(base)).toBe(expectedText);
    const hash = entryHash(GENESIS_HASH, base);
    expect(hash).toBe(createHash('sha256').update(GENESIS_HASH + expectedText).digest('hex'));
    // golden value (sha256sum of the same text): if this changes, every stored chain stops verifying
    expect(hash).toBe('1e4ecf968916529a0be081e6e56cd1cbc7f22886f921e54ca68a27654c35ffc1');
  });

  it('when fields the chain does not hash ride along (_id, prevHash, hash), then the hash is unchanged', () => {
    const stored = { ...base, _id: 'x', prevHash: 'p', hash: 'h' } as AuditEntryContent;
    expect(entryHash(GENESIS_HASH, stored)).toBe(entryHash(GENESIS_HASH, base));
  });

  it.each<[string, Partial<AuditEntryContent>]>([
    ['seq', { seq: 2 }],
    ['eventId', { eventId: 'other' }],
    ['dossierCode', { dossierCode: 'H34.29.2-261122-0002' }],
    ['at (one millisecond)', { at: new Date(base.at.getTime() + 1) }],
    ['action', { action: 'dossier.refused' }],
    ['actor', { actor: { kind: 'system' } }],
    ['source', { source: { ip: '10.0.0.8' } }],
    ['details', { details: { channel: 'online', components: 2 } }],
  ])('when %s changes, then the hash changes', (_field, change) => {
    expect(entryHash(GENESIS_HASH, { ...base, ...change })).not.toBe(entryHash(GENESIS_HASH, base));
  });

  it('when the previous hash differs, then the hash differs', () => {
    expect(entryHash('1'.repeat(64), base)).not.toBe(entryHash(GENESIS_HASH, base));
  });
});

describe('verifyChain', () => {
  it('when the log is empty, then it is intact with the genesis hash as head', () => {
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
    expect(verifyChain([])).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });

  it('when the chain is untouched, then it is intact with the last hash as head', () => {
    const entries = chain(5);
    expect(verifyChain(entries)).toEqual({ ok: true, count: 5, headHash: at(entries, 4).hash });
  });

  const tampered: [string, number, ChainBreak, (c: ChainedAuditEntry[]) => ChainedAuditEntry[]][] = [
    ['a field of a middle entry is edited', 3, 'hash-mismatch', (c) => c.map((e) => (e.seq === 3 ? { ...e, action: 'approval.approved' } : e))],
    ['the time of an entry is moved by a second', 4, 'hash-mismatch', (c) => c.map((e) => (e.seq === 4 ? { ...e, at: new Date(e.at.getTime() + 1000) } : e))],
    ['the actor of an entry is changed', 2, 'hash-mismatch', (c) => c.map((e) => (e.seq === 2 ? { ...e, actor: { kind: 'staff', name: 'Người khác' } } : e))],
    ['a stored hash is replaced', 3, 'hash-mismatch', (c) => c.map((e) => (e.seq === 3 ? { ...e, hash: 'f'.repeat(64) } : e))],
    ['the prevHash of a middle entry is edited', 3, 'hash-mismatch', (c) => c.map((e) => (e.seq === 3 ? { ...e, prevHash: 'f'.repeat(64) } : e))],
    ['the prevHash of the first entry is edited', 1, 'hash-mismatch', (c) => c.map((e) => (e.seq === 1 ? { ...e, prevHash: 'f'.repeat(64) } : e))],
    ['a middle entry is removed', 3, 'gap', (c) => c.filter((e) => e.seq !== 3)],
    ['two middle entries are removed', 3, 'gap', (c) => c.filter((e) => e.seq !== 3 && e.seq !== 4)],
    ['a middle entry is removed and the later seqs renumbered', 3, 'hash-mismatch', (c) => c.filter((e) => e.seq !== 3).map((e) => (e.seq > 3 ? { ...e, seq: e.seq - 1 } : e))],
    ['a middle entry is removed and the rest re-hashed with the old seqs', 3, 'gap', (c) => rehash(c.filter((e) => e.seq !== 3), 2)],
    ['an edited entry is re-hashed but its successor not', 4, 'broken-link', (c) => rehash(c.map((e) => (e.seq === 3 ? { ...e, action: 'x' } : e)), 2).map((e, i) => (i >= 3 ? at(c, i) : e))],
    ['two entries swap places and seqs', 2, 'hash-mismatch', (c) => [at(c, 0), { ...at(c, 2), seq: 2 }, { ...at(c, 1), seq: 3 }, at(c, 3), at(c, 4)]],
    ['two entries are read out of order', 2, 'gap', (c) => [at(c, 0), at(c, 2), at(c, 1), at(c, 3), at(c, 4)]],
    ['an entry appears twice', 2, 'out-of-order', (c) => [at(c, 0), at(c, 1), at(c, 1), at(c, 2)]],
    ['the first entry is removed', 1, 'bad-start', (c) => c.slice(1)],
    ['the first entry is removed and the rest renumbered from 1', 1, 'hash-mismatch', (c) => c.slice(1).map((e) => ({ ...e, seq: e.seq - 1 }))],
    ['the log starts with a correctly hashed entry off the genesis hash', 1, 'bad-start', (c) => rehash(c, 0).map((e, i) => (i === 0 ? { ...e, prevHash: '1'.repeat(64), hash: entryHash('1'.repeat(64), e) } : e))],
    ['the log starts at seq 0', 0, 'bad-start', (c) => [{ ...at(c, 0), seq: 0 }, ...c.slice(1)]],
  ];
  it.each(tampered)('when %s, then it breaks at seq %i: %s', (_case, seq, reason, tamper) => {
    expect(verifyChain(tamper(chain(5)))).toEqual({ ok: false, seq, reason });
  });

  it('when the tail is cut off, then the rest still verifies — which is why anchors exist', () => {
    const entries = chain(5);
    expect(verifyChain(entries.slice(0, 3))).toEqual({ ok: true, count: 3, headHash: at(entries, 2).hash });
  });
});

describe('ChainVerifier', () => {
  it('when fed one entry at a time, then it answers as verifyChain does and stops at the first break', () => {
    const entries = chain(6).map((e) => (e.seq === 4 ? { ...e, details: { forged: true } } : e));
    const verifier = new ChainVerifier();
    const accepted = entries.map((e) => verifier.push(e));
    expect(accepted).toEqual([true, true, true, false, false, false]);
    expect(verifier.result()).toEqual({ ok: false, seq: 4, reason: 'hash-mismatch' });
    expect(verifier.result()).toEqual(verifyChain(entries));
  });

  it('when the anchor written down earlier is still in the chain, then the chain is intact and says where', () => {
    const entries = chain(5);
    expect(verifyChain(entries, { anchor: at(entries, 2).hash })).toEqual({ ok: true, count: 5, headHash: at(entries, 4).hash, anchorSeq: 3 });
  });

  it('when the anchor is the current head, then the chain is intact', () => {
    const entries = chain(5);
    expect(verifyChain(entries, { anchor: at(entries, 4).hash })).toMatchObject({ ok: true, anchorSeq: 5 });
  });

  it('when the tail past the anchor was cut off, then it breaks at the first entry missing', () => {
    const entries = chain(5);
    const anchor = at(entries, 3).hash;
    expect(verifyChain(entries.slice(0, 2), { anchor })).toEqual({ ok: false, seq: 3, reason: 'anchor-missing' });
  });

  it('when the tail was cut off and new entries appended since, then the anchor is still missing', () => {
    const entries = chain(5);
    const anchor = at(entries, 4).hash;
    const regrown = rehash([...entries.slice(0, 3), ...chain(5).slice(3).map((e) => ({ ...e, action: 'forged' }))], 3);
    expect(verifyChain(regrown)).toMatchObject({ ok: true, count: 5 });
    expect(verifyChain(regrown, { anchor })).toEqual({ ok: false, seq: 6, reason: 'anchor-missing' });
  });

  it('when the anchor is the genesis hash (taken from an empty log), then any intact chain contains it', () => {
    expect(verifyChain([], { anchor: GENESIS_HASH })).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH, anchorSeq: 0 });
    expect(verifyChain(chain(2), { anchor: GENESIS_HASH })).toMatchObject({ ok: true, anchorSeq: 0 });
  });

  it('when the chain is broken and the anchor missing, then the break is reported', () => {
    const entries = chain(4).filter((e) => e.seq !== 2);
    expect(verifyChain(entries, { anchor: 'a'.repeat(64) })).toEqual({ ok: false, seq: 2, reason: 'gap' });
  });
});

describe('describeBreak', () => {
  it.each<[ChainBreak, string]>([
    ['gap', 'gap in seq (entry removed)'],
    ['hash-mismatch', 'hash mismatch (entry edited)'],
    ['broken-link', 'prevHash does not link to the previous entry (entry removed or reordered)'],
    ['bad-start', 'first entry is not seq 1 on the genesis hash (start of the log removed)'],
    ['out-of-order', 'seq repeated or out of order (entry duplicated or reordered)'],
    ['anchor-missing', 'expected head not in the chain (end of the log removed)'],
  ])('when the reason is %s, then the operator reads "%s"', (reason, text) => {
    expect(describeBreak(reason)).toBe(text);
  });
});
