import { durationMs, isoDuration } from '../../core/rules/duration';
import { approvalStepWorkingDays } from '../../core/rules/step-deadlines';

describe('how long the leader\'s approval may wait before a reminder', () => {
  it.each([
    [0.5, 0.5], [1, 0.5], [5, 1], [7, 1.5], [10, 2], [15, 2], [30, 2],
  ])('when the procedure takes %p working days, then the approval step has %p', (workingDays, expected) => {
    expect(approvalStepWorkingDays({ workingDays })).toBe(expected);
  });

  it('when a procedure sets its own, then that is used', () => {
    expect(approvalStepWorkingDays({ workingDays: 15, approvalWorkingDays: 3 })).toBe(3);
  });
});

describe('durations for the engine\'s timers', () => {
  it.each([
    [1, 'PT1S'], [0, 'PT1S'], [61_000, 'PT1M1S'], [3_600_000, 'PT1H'], [90_061_000, 'P1DT1H1M1S'], [2 * 86_400_000, 'P2D'], [1_500, 'PT2S'],
  ])('when %i ms, then %s (never zero: a timer of 0 is not a duration)', (ms, iso) => {
    expect(isoDuration(ms)).toBe(iso);
    expect(durationMs(iso)).toBeGreaterThanOrEqual(ms);
  });
});
