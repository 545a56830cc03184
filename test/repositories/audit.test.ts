import { execFile } from 'node:child_process';
import path from 'node:path';
import mongoose from 'mongoose';
import { AuditEntryModel } from '../../core/models/audit-entry.model';
import { appendAudit, duplicateKeyField, listAudit, verifyAuditLog, type AuditInput } from '../../core/repositories/audit';
import { GENESIS_HASH, entryHash, type ChainedAuditEntry } from '../../core/rules/audit-chain';
import { emptyCollections, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
beforeAll(() => AuditEntryModel.createIndexes());
beforeEach(emptyCollections);

const ROOT = path.resolve(__dirname, '../..');
const DOSSIER = 'H34.29.2-261122-0001';
const at = new Date('2026-11-22T01:00:00.123Z');

const event = (n: number, over: Partial<AuditInput> = {}): AuditInput => ({
  eventId: `${DOSSIER}:step-${n}:job-${n}`,
  dossierCode: DOSSIER,
  action: `step.s${n}`,
  actor: { kind: 'system' },
  source: { worker: 'sign-scan', jobKey: String(2251799813685249 + n), host: 'worker-1' },
  details: { n },
  at: new Date(at.getTime() + n * 1000),
  ...over,
});

/** The collection as the driver sees it, without mongoose and its middleware in between. */
const raw = () => {
  const database = mongoose.connection.db;
  if (!database) throw new Error('database is not connected');
  return database.collection<ChainedAuditEntry>('audit_entries');
};
const rawEntries = () => raw().find({}, { sort: { seq: 1 } }).toArray();

async function appendMany(n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await appendAudit(event(i));
}

describe('appendAudit', () => {
  it('when entries are appended, then they count 1, 2, 3 from the genesis hash, each linked to the one before', async () => {
    const got = [];
    for (const n of [1, 2, 3]) got.push(await appendAudit(event(n)));
    expect(got.map((g) => [g.seq, g.duplicate])).toEqual([[1, false], [2, false], [3, false]]);

    const stored = await rawEntries();
    expect(stored.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(stored.map((e) => e.prevHash)).toEqual([GENESIS_HASH, got[0]?.hash, got[1]?.hash]);
    // each stored hash is recomputable from the stored document alone
    for (const entry of stored) expect(entryHash(entry.prevHash, entry)).toBe(entry.hash);
    expect(stored.map((e) => e.hash)).toEqual(got.map((g) => g.hash));
    // nothing unhashed beside the entry: no version key, no timestamps
    expect(Object.keys(stored[0] ?? {}).sort()).toEqual(
      ['_id', 'action', 'actor', 'at', 'details', 'dossierCode', 'eventId', 'hash', 'prevHash', 'seq', 'source'].sort(),
    );
    expect(await verifyAuditLog()).toEqual({ ok: true, count: 3, headHash: got[2]?.hash });
  });

  it('when source and details are missing or hold undefined, dates and nesting, then the stored entry still hashes the same', async () => {
    await appendAudit({ eventId: 'e-bare', dossierCode: DOSSIER, action: 'dossier.received', actor: { kind: 'staff', subject: undefined, name: 'Nguyễn Thị Lan' }, at });
    await appendAudit(event(2, {
      actor: { kind: 'applicant', subject: 'portal-account-77' },
      source: { ip: '203.113.1.5', userAgent: undefined },
      details: { decidedAt: new Date('2026-11-23T08:00:00Z'), note: undefined, nested: { empty: {}, list: [1, 'hai', null] } },
    }));

    const [bare, rich] = await rawEntries();
    expect(bare).toMatchObject({ source: {}, details: {}, actor: { kind: 'staff', name: 'Nguyễn Thị Lan' } });
    expect(bare?.actor).not.toHaveProperty('subject');
    // a date in details is kept as its ISO text and undefined is dropped, not stored as null
    expect(rich?.details).toEqual({ decidedAt: '2026-11-23T08:00:00.000Z', nested: { empty: {}, list: [1, 'hai', null] } });
    expect(rich?.source).toEqual({ ip: '203.113.1.5' });
    expect(rich?.at).toEqual(new Date(at.getTime() + 2000));
    expect(await verifyAuditLog()).toMatchObject({ ok: true, count: 2 });
  });

  it('when 50 appends race, then the seqs are 1..50 with no gap and the chain is intact', async () => {
    const got = await Promise.all(Array.from({ length: 50 }, (_, i) => appendAudit(event(i + 1))));
    expect(got.map((g) => g.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(got.every((g) => !g.duplicate)).toBe(true);
    const head = got.find((g) => g.seq === 50);
    expect(await verifyAuditLog()).toEqual({ ok: true, count: 50, headHash: head?.hash });
  }, 60_000);

  it('when the same event is appended twice (a job delivered twice), then it is stored once and the second answer says duplicate', async () => {
    const first = await appendAudit(event(1));
    await appendAudit(event(2));
    const again = await appendAudit(event(1, { details: { n: 'redelivered' }, at: new Date() }));
    expect(again).toEqual({ seq: first.seq, hash: first.hash, duplicate: true });
    expect(await raw().countDocuments()).toBe(2);
    expect((await raw().findOne({ seq: 1 }))?.details).toEqual({ n: 1 }); // the first delivery stands
    expect(await verifyAuditLog()).toMatchObject({ ok: true, count: 2 });
  });

  it('when the same event races with itself among other appends, then it is stored once and the chain has no gap', async () => {
    const same = Array.from({ length: 5 }, () => appendAudit(event(1)));
    const others = Array.from({ length: 5 }, (_, i) => appendAudit(event(i + 2)));
    const got = await Promise.all([...same, ...others]);
    const forSame = got.slice(0, 5);
    expect(forSame.filter((g) => !g.duplicate)).toHaveLength(1);
    expect(new Set(forSame.map((g) => `${g.seq}:${g.hash}`)).size).toBe(1);
    expect(await raw().countDocuments({ eventId: event(1).eventId })).toBe(1);
    expect(await verifyAuditLog()).toMatchObject({ ok: true, count: 6 });
  }, 60_000);

  it('when the time or the actor kind is invalid, then nothing is appended', async () => {
    await expect(appendAudit(event(1, { at: new Date('not a date') }))).rejects.toThrow(/not a valid date/);
    await expect(appendAudit(event(1, { actor: { kind: 'robot' as 'system' } }))).rejects.toThrow(/actor\.kind/);
    expect(await raw().countDocuments()).toBe(0);
  });
});

describe('listAudit', () => {
  it('when several dossiers have entries, then a dossier gets only its own, in seq order', async () => {
    await appendAudit(event(1));
    await appendAudit(event(2, { dossierCode: 'H34.29.2-261122-0002', eventId: 'other-dossier' }));
    await appendAudit(event(3));
    const list = await listAudit(DOSSIER);
    expect(list.map((e) => [e.seq, e.action])).toEqual([[1, 'step.s1'], [3, 'step.s3']]);
    expect(list[0]).toMatchObject({ actor: { kind: 'system' }, source: { worker: 'sign-scan' }, details: { n: 1 } });
  });
});

describe('the model only inserts and reads', () => {
  const loaded = async () => {
    const entry = await AuditEntryModel.findOne({ seq: 1 });
    if (!entry) throw new Error('entry 1 missing');
    return entry;
  };
  const writes: [string, () => Promise<unknown>][] = [
    ['Model.updateOne', () => AuditEntryModel.updateOne({ seq: 1 }, { $set: { action: 'x' } }).exec()],
    ['Model.updateMany', () => AuditEntryModel.updateMany({}, { $set: { action: 'x' } }).exec()],
    ['Model.findOneAndUpdate', () => AuditEntryModel.findOneAndUpdate({ seq: 1 }, { $set: { action: 'x' } }).exec()],
    ['Model.findByIdAndUpdate', async () => AuditEntryModel.findByIdAndUpdate((await loaded())._id, { action: 'x' }).exec()],
    ['Model.replaceOne', () => AuditEntryModel.replaceOne({ seq: 1 }, { seq: 1, action: 'x' }).exec()],
    ['Model.findOneAndReplace', () => AuditEntryModel.findOneAndReplace({ seq: 1 }, { seq: 1, action: 'x' }).exec()],
    ['Model.deleteOne', () => AuditEntryModel.deleteOne({ seq: 1 }).exec()],
    ['Model.deleteMany', () => AuditEntryModel.deleteMany({}).exec()],
    ['Model.findOneAndDelete', () => AuditEntryModel.findOneAndDelete({ seq: 1 }).exec()],
    ['Model.findByIdAndDelete', async () => AuditEntryModel.findByIdAndDelete((await loaded())._id).exec()],
    ['Model.bulkWrite', () => AuditEntryModel.bulkWrite([{ deleteOne: { filter: { seq: 1 } } }])],
    ['save of a loaded entry', async () => {
      const entry = await loaded();
      entry.action = 'approval.approved';
      await entry.save();
    }],
    ['document updateOne', async () => (await loaded()).updateOne({ action: 'x' }).exec()],
    ['document deleteOne', async () => (await loaded()).deleteOne()],
  ];

  it.each(writes)('when %s is tried, then it throws and the log is unchanged', async (_op, write) => {
    await appendMany(2);
    const before = await rawEntries();
    await expect(write()).rejects.toThrow(/audit_entries is append-only/);
    expect(await rawEntries()).toEqual(before);
    expect(await verifyAuditLog()).toMatchObject({ ok: true, count: 2 });
  });
});

describe('verifyAuditLog on a tampered log', () => {
  it('when a field of a middle entry is edited behind the model, then verification names that seq as edited', async () => {
    await appendMany(5);
    await raw().updateOne({ seq: 3 }, { $set: { 'actor.name': 'Người khác' } });
    expect(await verifyAuditLog()).toEqual({ ok: false, seq: 3, reason: 'hash-mismatch' });
  });

  it('when a middle entry is deleted behind the model, then verification names the gap', async () => {
    await appendMany(5);
    await raw().deleteOne({ seq: 3 });
    expect(await verifyAuditLog()).toEqual({ ok: false, seq: 3, reason: 'gap' });
  });

  it('when the tail is deleted, then the chain alone still verifies but the anchor written down earlier is missing', async () => {
    await appendMany(5);
    const anchor = (await raw().findOne({ seq: 5 }))?.hash;
    expect(await verifyAuditLog({ anchor })).toMatchObject({ ok: true, count: 5, anchorSeq: 5 });
    await raw().deleteMany({ seq: { $gte: 4 } });
    expect(await verifyAuditLog()).toMatchObject({ ok: true, count: 3 });
    expect(await verifyAuditLog({ anchor })).toEqual({ ok: false, seq: 4, reason: 'anchor-missing' });
  });
});

describe('duplicateKeyField', () => {
  it.each<[string, Parameters<typeof duplicateKeyField>[0], ReturnType<typeof duplicateKeyField>]>([
    ['MongoDB, seq', { keyPattern: { seq: 1 }, keyValue: { seq: 3 }, message: 'E11000 duplicate key error collection: d.audit_entries index: seq_1 dup key: { seq: 3 }' }, 'seq'],
    ['MongoDB, eventId', { keyPattern: { eventId: 1 }, keyValue: { eventId: 'e' }, message: 'E11000 duplicate key error collection: d.audit_entries index: eventId_1 dup key: { eventId: "e" }' }, 'eventId'],
    ['message only, eventId', { message: 'E11000 duplicate key error collection: d.audit_entries index: eventId_1 dup key: { eventId: "e" }' }, 'eventId'],
    ['message only, seq', { message: 'E11000 duplicate key error collection: d.audit_entries index: seq_1 dup key: { seq: 3 }' }, 'seq'],
    ['FerretDB 1.x (collection only)', { message: 'E11000 duplicate key error collection: d.audit_entries' }, 'unknown'],
  ])('when the error comes from %s, then the index is %s', (_case, err, field) => {
    expect(duplicateKeyField(err)).toBe(field);
  });

  it('when the local database reports a duplicate, then it is never taken for the other index', async () => {
    await appendAudit(event(1));
    const { _id: _ignored, ...entry } = (await rawEntries())[0] as ChainedAuditEntry & { _id: unknown };
    const insertError = (doc: ChainedAuditEntry) => raw().insertOne(doc).then(() => undefined, (e: unknown) => e as { code?: number; message: string });
    const onSeq = await insertError({ ...entry, eventId: 'another-event' });
    const onEvent = await insertError({ ...entry, seq: 2 });
    expect(onSeq).toMatchObject({ code: 11000 });
    expect(onEvent).toMatchObject({ code: 11000 });
    // MongoDB names the index; FerretDB 1.x does not, and appendAudit then looks the event up
    expect(['seq', 'unknown']).toContain(duplicateKeyField(onSeq ?? { message: '' }));
    expect(['eventId', 'unknown']).toContain(duplicateKeyField(onEvent ?? { message: '' }));
  });
});

describe('stack/audit-verify.ts', () => {
  const runVerify = (args: string[] = []) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('npx', ['tsx', 'stack/audit-verify.ts', ...args], { cwd: ROOT, env: { ...process.env, MONGODB_URI: db.uri() } }, (err, stdout, stderr) => {
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
      });
    });

  it('when the log is intact, then it prints the count and head and exits 0, also with the head as expected', async () => {
    await appendMany(4);
    const head = (await raw().findOne({ seq: 4 }))?.hash ?? '';
    const plain = await runVerify();
    expect(plain.stdout.trim()).toBe(`audit log: 4 entries, chain intact, head ${head}`);
    expect(plain.code).toBe(0);
    const anchored = await runVerify(['--expect-head', head]);
    expect(anchored.stdout.trim()).toBe(`audit log: 4 entries, chain intact, head ${head}, expected head found at seq 4`);
    expect(anchored.code).toBe(0);
  }, 60_000);

  it('when an entry was edited, then it prints where and why and exits 1', async () => {
    await appendMany(4);
    await raw().updateOne({ seq: 2 }, { $set: { 'details.n': 20 } });
    const run = await runVerify();
    expect(run.stdout.trim()).toBe('audit log BROKEN at seq 2: hash mismatch (entry edited)');
    expect(run.code).toBe(1);
  }, 60_000);

  it('when an entry was removed, then it prints the gap and exits 1', async () => {
    await appendMany(4);
    await raw().deleteOne({ seq: 3 });
    const run = await runVerify();
    expect(run.stdout.trim()).toBe('audit log BROKEN at seq 3: gap in seq (entry removed)');
    expect(run.code).toBe(1);
  }, 60_000);

  it('when the tail past the expected head was removed, then it exits 1', async () => {
    await appendMany(4);
    const head = (await raw().findOne({ seq: 4 }))?.hash ?? '';
    await raw().deleteOne({ seq: 4 });
    const run = await runVerify(['--expect-head', head]);
    expect(run.stdout.trim()).toBe('audit log BROKEN at seq 4: expected head not in the chain (end of the log removed)');
    expect(run.code).toBe(1);
  }, 60_000);

  it('when the expected head is not a hash, then it explains the usage and exits 2', async () => {
    const run = await runVerify(['--expect-head', 'abc']);
    expect(run.stderr).toMatch(/usage: npx tsx stack\/audit-verify.ts \[--expect-head/);
    expect(run.code).toBe(2);
  }, 60_000);
});
