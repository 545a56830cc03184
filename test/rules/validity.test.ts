import { isValidityDuration, stillValid, validityUntil } from '../../core/rules/validity';

describe('validity of a warehouse document', () => {
  it.each([
    ['1d', '2026-11-22', '2026-11-23'],
    ['3m', '2026-11-22', '2027-02-22'],
    ['1m', '2026-01-31', '2026-02-28'],
    ['5y', '2024-02-29', '2029-02-28'],
    ['10y', '2026-11-22', '2036-11-22'],
  ])('when %s runs from %s, then it ends on %s', (duration, issued, until) => {
    expect(validityUntil(duration, new Date(`${issued}T05:00:00Z`)).toISOString().slice(0, 10)).toBe(until);
  });

  it.each(['0d', '3w', 'y', '1000y', '1.5y'])('when the duration is %j, then it is refused', (duration) => {
    expect(isValidityDuration(duration)).toBe(false);
    expect(() => validityUntil(duration, new Date())).toThrow(RangeError);
  });

  it('when a document has no expiry or expires today or later, then it is still valid; the day after, it is not', () => {
    expect(stillValid(undefined, '2026-11-22')).toBe(true);
    expect(stillValid({}, '2026-11-22')).toBe(true);
    expect(stillValid({ until: new Date('2026-11-22T00:00:00Z') }, '2026-11-22')).toBe(true);
    expect(stillValid({ until: new Date('2026-11-21T00:00:00Z') }, '2026-11-22')).toBe(false);
  });
});
