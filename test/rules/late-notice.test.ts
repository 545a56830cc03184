import { deadlineVariables } from '../../api/dossiers/dossiers.service';

/**
 * When the apology letter (form 04) is due: LATE_NOTICE_LEAD_HALF_DAYS working half-days before the due
 * date, but never before the last half-day of the procedure's own time.
 */
const config = { TZ_OFFSET: '+07:00', LATE_NOTICE_LEAD_HALF_DAYS: 1 };
// due Tuesday 24/11/2026 17:00 local
const due = new Date('2026-11-24T10:00:00.000Z');

describe('the late-notice moment the diagram\'s timers wait for', () => {
  it('when a one-day procedure is due at 17:00, then the notice is due at noon that day', () => {
    expect(deadlineVariables(due, config, 1)).toEqual({
      dueAt: '2026-11-24T10:00:00.000Z', dueAtText: expect.stringContaining('24/11/2026'), lateNoticeAt: '2026-11-24T05:00:00.000Z',
    });
  });

  it('when a half-day procedure is due, then the notice waits for the due date itself (it cannot be late earlier)', () => {
    expect(deadlineVariables(due, config, 0.5).lateNoticeAt).toBe('2026-11-24T10:00:00.000Z');
  });

  it('when the lead is a whole day and the procedure long enough, then the notice is due the working day before', () => {
    expect(deadlineVariables(due, { ...config, LATE_NOTICE_LEAD_HALF_DAYS: 2 }, 5).lateNoticeAt).toBe('2026-11-23T10:00:00.000Z');
    // a one-day procedure keeps its last half-day: the lead is cut to one half-day
    expect(deadlineVariables(due, { ...config, LATE_NOTICE_LEAD_HALF_DAYS: 2 }, 1).lateNoticeAt).toBe('2026-11-24T05:00:00.000Z');
  });
});
