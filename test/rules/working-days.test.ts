import holidays from '../../core/data/holidays.json';
import { dueDate, isWorkingDay } from '../../core/rules/working-days';

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
