/**
 * Local time of the agency (Asia/Ho_Chi_Minh, +07:00 by default; config TZ_OFFSET). Dossier codes,
 * document years, working days and the times staff read all use these, so they agree on which
 * calendar day an instant belongs to.
 */

/** "+07:00" → 420 */
export function offsetMinutes(tzOffset: string): number {
  const sign = tzOffset.startsWith('-') ? -1 : 1;
  const [h, m] = tzOffset.slice(1).split(':').map(Number);
  return sign * ((h ?? 0) * 60 + (m ?? 0));
}

const shift = (at: Date, tzOffset: string) => new Date(at.getTime() + offsetMinutes(tzOffset) * 60_000);
const pad = (n: number) => String(n).padStart(2, '0');

/** Calendar date parts in local time. */
export function localDateParts(at: Date, tzOffset: string): { year: number; month: number; day: number } {
  const t = shift(at, tzOffset);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** As Vietnamese staff read a time: "22/11/2026 06:30:00 (+07:00)". */
export function formatLocalDateTime(at: Date, tzOffset = '+07:00'): string {
  const t = shift(at, tzOffset);
  const day = `${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}`;
  return `${day} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} (${tzOffset})`;
}

/** The calendar date at `at` in the given offset, as YYYY-MM-DD. */
export function localIsoDate(at: Date, tzOffset: string): string {
  const { year, month, day } = localDateParts(at, tzOffset);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** As a receipt writes a moment: "09 giờ 30 phút, ngày 23/11/2026" (local time of the offset). */
export function receiptDateTime(at: Date, tzOffset: string): string {
  const local = new Date(at.getTime() + offsetMinutes(tzOffset) * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(local.getUTCHours())} giờ ${p(local.getUTCMinutes())} phút, ngày ${p(local.getUTCDate())}/${p(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}
