import { localDateParts, offsetMinutes } from './local-time';

/**
 * Deadlines in working days (DOMAIN §10 “Deadlines”): counted from the receipt of a valid dossier,
 * Monday–Friday, skipping the days off of the holiday calendar (core/data/holidays.json).
 * A working day is 08:00–17:00 local time; half days end at 12:00 (e.g. 0.5 working day procedures).
 */
export interface HolidayCalendar {
  daysOff: readonly string[]; // YYYY-MM-DD
  workingWeekends: readonly string[];
}

const DAY_MS = 86_400_000;

function isoDay(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isWorkingDay(isoDate: string, calendar: HolidayCalendar): boolean {
  if (calendar.workingWeekends.includes(isoDate)) return true;
  if (calendar.daysOff.includes(isoDate)) return false;
  const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The instant hh:00 local time on a local calendar day. */
function localInstant(isoDate: string, hour: number, tzOffset: string): Date {
  return new Date(Date.parse(`${isoDate}T${String(hour).padStart(2, '0')}:00:00Z`) - offsetMinutes(tzOffset) * 60_000);
}

/**
 * Appointment date (ngày hẹn trả) for a procedure lasting `workingDays` (a multiple of 0.5) from
 * `receivedAt`. The day of receipt is not counted; the deadline is the end of the last working day
 * (17:00), or 12:00 when a half day remains.
 */
export function dueDate(receivedAt: Date, workingDays: number, calendar: HolidayCalendar, tzOffset: string): Date {
  if (!(workingDays > 0) || !Number.isInteger(workingDays * 2)) {
    throw new RangeError(`working days must be a positive multiple of 0.5, got ${workingDays}`);
  }
  const start = localDateParts(receivedAt, tzOffset);
  let cursor = Date.UTC(start.year, start.month - 1, start.day);
  let remaining = workingDays;
  let last = '';
  while (remaining > 0) {
    cursor += DAY_MS;
    const d = new Date(cursor);
    const iso = isoDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    if (!isWorkingDay(iso, calendar)) continue;
    last = iso;
    remaining -= remaining >= 1 ? 1 : 0.5;
    if (remaining === 0 && workingDays % 1 !== 0) return localInstant(last, 12, tzOffset);
  }
  return localInstant(last, 17, tzOffset);
}

/** The local calendar days from the day of `from` to the day of `to`, both included. */
function* localDays(from: Date, to: Date, tzOffset: string): Generator<string> {
  const a = localDateParts(from, tzOffset);
  const b = localDateParts(to, tzOffset);
  const last = Date.UTC(b.year, b.month - 1, b.day);
  for (let t = Date.UTC(a.year, a.month - 1, a.day); t <= last; t += DAY_MS) {
    const d = new Date(t);
    yield isoDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
}

/**
 * How long the clock stood still, in working half-days: the half-days (08:00–12:00, 13:00–17:00 of a
 * working day) that began while the dossier waited, i.e. whose start lies in (from, to]. A supplement
 * asked during processing stops the clock until the applicant brings it (Decree 61/2018 Art. 19 (1b);
 * the waiting time does not count towards the deadline).
 */
export function workingHalfDaysBetween(from: Date, to: Date, calendar: HolidayCalendar, tzOffset: string): number {
  if (to <= from) return 0;
  let count = 0;
  for (const day of localDays(from, to, tzOffset)) {
    if (!isWorkingDay(day, calendar)) continue;
    for (const hour of [8, 13]) {
      const start = localInstant(day, hour, tzOffset);
      if (start > from && start <= to) count++;
    }
  }
  return count;
}

/** A deadline moved later by `halfDays` working half-days: the end (12:00 or 17:00) of the n-th half-day after it. */
export function extendByWorkingHalfDays(due: Date, halfDays: number, calendar: HolidayCalendar, tzOffset: string): Date {
  if (!Number.isInteger(halfDays) || halfDays < 0) throw new RangeError(`half-days must be a whole number ≥ 0, got ${halfDays}`);
  if (halfDays === 0) return due;
  let remaining = halfDays;
  const start = localDateParts(due, tzOffset);
  for (let t = Date.UTC(start.year, start.month - 1, start.day); ; t += DAY_MS) {
    const d = new Date(t);
    const day = isoDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    if (!isWorkingDay(day, calendar)) continue;
    for (const hour of [12, 17]) {
      const end = localInstant(day, hour, tzOffset);
      if (end > due && --remaining === 0) return end;
    }
  }
}

/**
 * The moment `halfDays` working half-days before a deadline: the end (12:00 or 17:00) of the n-th
 * half-day before it — when a dossier still open is going to be late and the apology letter (form 04)
 * must go out, before the due date passes (Decree 61/2018 Art. 19 (4)).
 */
export function beforeByWorkingHalfDays(due: Date, halfDays: number, calendar: HolidayCalendar, tzOffset: string): Date {
  if (!Number.isInteger(halfDays) || halfDays < 0) throw new RangeError(`half-days must be a whole number ≥ 0, got ${halfDays}`);
  if (halfDays === 0) return due;
  let remaining = halfDays;
  const start = localDateParts(due, tzOffset);
  // a generous bound: a year of days off cannot hide that many half-days
  for (let t = Date.UTC(start.year, start.month - 1, start.day), n = 0; n < 3660; t -= DAY_MS, n++) {
    const d = new Date(t);
    const day = isoDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    if (!isWorkingDay(day, calendar)) continue;
    for (const hour of [17, 12]) {
      const end = localInstant(day, hour, tzOffset);
      if (end < due && --remaining === 0) return end;
    }
  }
  throw new RangeError('no working half-day found before the deadline');
}
