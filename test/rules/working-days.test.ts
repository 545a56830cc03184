import holidays from '../../core/data/holidays.json';
import { beforeByWorkingHalfDays, dueDate, extendByWorkingHalfDays, isWorkingDay, workingHalfDaysBetween } from '../../core/rules/working-days';

const due = (receivedAt: string, days: number) => dueDate(new Date(receivedAt), days, holidays, '+07:00').toISOString();

describe('appointment date in working days', () => {
  it.each([
    // received Monday 23/11/2026 10:00 local → 1 day → Tuesday 17:00 local (10:00Z)
    ['2026-11-23T03:00:00Z', 1, '2026-11-24T10:00:00.000Z'],
    // received Friday → 1 day → next Monday
    ['2026-11-27T03:00:00Z', 1, '2026-11-30T10:00:00.000Z'],
    // 0.5 day → next working day at 12:00 local
    ['2026-11-23T03:00:00Z', 0.5, '2026-11-24T05:00:00.000Z'],
    // received 29/4/2026 (Wed) → 30/4 and 1/5 are holidays, then the weekend → Monday 4/5
    ['2026-04-29T03:00:00Z', 1, '2026-05-04T10:00:00.000Z'],
    // received Friday 28/8/2026 → 31/8, 1/9, 2/9 off → Thursday 3/9
    ['2026-08-28T03:00:00Z', 1, '2026-09-03T10:00:00.000Z'],
    // 2 days from Thursday → Friday, Monday
    ['2026-11-26T03:00:00Z', 2, '2026-11-30T10:00:00.000Z'],
  ])('when received at %s for %p working day(s), then due at %s', (at, days, expected) => {
    expect(due(at, days)).toBe(expected);
  });

  it.each([0, -1, 0.3, Number.NaN])('when the duration is %p, then it is refused', (days) => {
    expect(() => due('2026-11-23T03:00:00Z', days)).toThrow(RangeError);
  });

  it('when a day is a weekend, a holiday or a make-up working Saturday, then isWorkingDay says so', () => {
    expect(isWorkingDay('2026-11-28', holidays)).toBe(false); // Saturday
    expect(isWorkingDay('2026-09-02', holidays)).toBe(false); // National Day
    expect(isWorkingDay('2026-11-27', holidays)).toBe(true);
    expect(isWorkingDay('2026-11-28', { daysOff: [], workingWeekends: ['2026-11-28'] })).toBe(true);
  });
});

describe('the clock stands still while a supplement asked during processing is awaited', () => {
  const paused = (from: string, to: string) => workingHalfDaysBetween(new Date(from), new Date(to), holidays, '+07:00');
  const extend = (due: string, halves: number) => extendByWorkingHalfDays(new Date(due), halves, holidays, '+07:00').toISOString();

  it.each([
    // Friday 27/11 10:00 → Tuesday 1/12 09:00 local: Fri afternoon, Mon morning and afternoon, Tue morning
    ['2026-11-27T03:00:00Z', '2026-12-01T02:00:00Z', 4],
    // within one morning: no half-day began
    ['2026-11-23T01:30:00Z', '2026-11-23T04:00:00Z', 0],
    // exactly at 13:00 the afternoon begins while waiting
    ['2026-11-23T04:00:00Z', '2026-11-23T06:00:00Z', 1],
    // over the weekend only (Friday 17:30 → Monday 07:00): nothing
    ['2026-11-27T10:30:00Z', '2026-11-30T00:00:00Z', 0],
    // over 30/4 and 1/5 (holidays) and the weekend: Wed 29/4 17:30 → Mon 4/5 12:30 = Monday morning only
    ['2026-04-29T10:30:00Z', '2026-05-04T05:30:00Z', 1],
    // backwards: nothing
    ['2026-11-27T03:00:00Z', '2026-11-20T03:00:00Z', 0],
  ])('when paused from %s to %s, then %i working half-days stood still', (from, to, halves) => {
    expect(paused(from, to)).toBe(halves);
  });

  it.each([
    // due Tuesday 24/11 17:00 local, 4 half-days later → Thursday 26/11 17:00
    ['2026-11-24T10:00:00.000Z', 4, '2026-11-26T10:00:00.000Z'],
    // due at 12:00 (a half-day procedure), one half-day later → 17:00 the same day
    ['2026-11-24T05:00:00.000Z', 1, '2026-11-24T10:00:00.000Z'],
    // due Friday 17:00, one half-day → Monday 12:00
    ['2026-11-27T10:00:00.000Z', 1, '2026-11-30T05:00:00.000Z'],
    // due Wednesday 29/4 17:00, 2 half-days: 30/4, 1/5 and the weekend skipped → Monday 4/5 17:00
    ['2026-04-29T10:00:00.000Z', 2, '2026-05-04T10:00:00.000Z'],
    ['2026-11-24T10:00:00.000Z', 0, '2026-11-24T10:00:00.000Z'],
  ])('when due at %s and %i half-days stood still, then due at %s', (due, halves, expected) => {
    expect(extend(due, halves)).toBe(expected);
  });

  it('when a pause is measured and added back, then a dossier paused over whole working days moves by exactly those days', () => {
    const due = '2026-11-24T10:00:00.000Z';
    const halves = paused('2026-11-23T02:00:00Z', '2026-11-25T02:00:00Z'); // Mon 09:00 → Wed 09:00
    expect(halves).toBe(4);
    expect(extend(due, halves)).toBe('2026-11-26T10:00:00.000Z');
  });

  it.each([-1, 0.5])('when the half-days are %p, then it is refused', (n) => {
    expect(() => extend('2026-11-24T10:00:00.000Z', n)).toThrow(RangeError);
  });
});

describe('when the apology letter is due: working half-days before the deadline', () => {
  const before = (due: string, halves: number) => beforeByWorkingHalfDays(new Date(due), halves, holidays, '+07:00').toISOString();
  it.each([
    // due Tuesday 24/11 17:00 local → half a day before: 12:00 the same day
    ['2026-11-24T10:00:00.000Z', 1, '2026-11-24T05:00:00.000Z'],
    // a whole day before: Monday 17:00
    ['2026-11-24T10:00:00.000Z', 2, '2026-11-23T10:00:00.000Z'],
    // due Monday 30/11 12:00 → half a day before: Friday 27/11 17:00 (the weekend skipped)
    ['2026-11-30T05:00:00.000Z', 1, '2026-11-27T10:00:00.000Z'],
    // due Monday 4/5/2026 17:00 → Monday 12:00, then Wed 29/4 17:00 (30/4, 1/5 and the weekend skipped), then 12:00
    ['2026-05-04T10:00:00.000Z', 2, '2026-04-29T10:00:00.000Z'],
    ['2026-05-04T10:00:00.000Z', 3, '2026-04-29T05:00:00.000Z'],
    ['2026-11-24T10:00:00.000Z', 0, '2026-11-24T10:00:00.000Z'],
  ])('when due at %s, %i half-days before is %s', (due, halves, expected) => {
    expect(before(due, halves)).toBe(expected);
  });
});
