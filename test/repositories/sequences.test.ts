import { SequenceModel } from '../../core/models/sequence.model';
import { allocateSequence, releaseSequence } from '../../core/repositories/sequences';
import { emptyCollections, useTestDatabase } from '../helpers/db';

useTestDatabase();
beforeEach(emptyCollections);

const at = new Date('2026-11-23T03:00:00Z');
const next = async (scope: string, owner: string, when = at) => (await allocateSequence(scope, owner, when)).value;

describe('allocateSequence', () => {
  it('when numbers are issued in a scope, then they count 1, 2, 3 with no gap', async () => {
    const got = [];
    for (const owner of ['a', 'b', 'c']) got.push(await next('docnum:X:2026:TLKS', `docnum:${owner}`));
    expect(got).toEqual([1, 2, 3]);
  });

  it('when the same owner asks again (a job delivered twice), then it gets its first number back', async () => {
    const first = await next('docnum:X:2026:TLKS', 'docnum:dossier-1');
    await next('docnum:X:2026:TLKS', 'docnum:dossier-2');
    const again = await next('docnum:X:2026:TLKS', 'docnum:dossier-1');
    expect(again).toBe(first);
    expect(await SequenceModel.countDocuments({ scope: 'docnum:X:2026:TLKS' })).toBe(2);
  });

  it('when the retry comes in the next year, then the owner keeps its number with the scope and date it was issued in', async () => {
    await allocateSequence('docnum:X:2026:TLKS', 'docnum:late', new Date('2026-12-31T16:59:00Z'));
    const retry = await allocateSequence('docnum:X:2027:TLKS', 'docnum:late', new Date('2026-12-31T17:01:00Z'));
    expect(retry).toEqual({ scope: 'docnum:X:2026:TLKS', value: 1, issuedAt: new Date('2026-12-31T16:59:00Z') });
  });

  it('when 20 owners race for numbers at once, then each gets a distinct number and together they are 1..20', async () => {
    const got = await Promise.all(Array.from({ length: 20 }, (_, i) => next('dossier:H34.29.2:20261122', `intake:${i}`)));
    expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('when the same owner races with itself, then exactly one number is issued', async () => {
    const got = await Promise.all(Array.from({ length: 5 }, () => next('s', 'same-owner')));
    expect(new Set(got).size).toBe(1);
    expect(await SequenceModel.countDocuments({ sourceKey: 'same-owner' })).toBe(1);
  });

  it('when scopes differ, then each counts on its own (numbers restart each year)', async () => {
    expect(await next('docnum:X:2026:TLKS', 'o1')).toBe(1);
    expect(await next('docnum:X:2027:TLKS', 'o2')).toBe(1);
  });

  it('when the last number is released, then the next owner gets it again', async () => {
    await next('dossier:A:20261123', 'intake:1');
    await next('dossier:A:20261123', 'intake:2');
    await releaseSequence('intake:2');
    expect(await next('dossier:A:20261123', 'intake:3')).toBe(2);
  });
});
