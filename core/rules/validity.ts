/**
 * How long a document stays valid, written as the warehouse metadata writes it (DOMAIN §5): `1d`, `3m`,
 * `5y`, `10y` — days, months, years. An expiry date is derived from the issue date; a document without
 * a duration does not expire. Reuse offers only documents still valid today (DOMAIN §4.3).
 */
const DURATION = /^([1-9]\d{0,2})([dmy])$/;

export function isValidityDuration(value: string): boolean {
  return DURATION.test(value);
}

/** The last day of validity (UTC midnight of that calendar day) of a document issued on `issuedAt`. */
export function validityUntil(duration: string, issuedAt: Date): Date {
  const match = DURATION.exec(duration);
  if (!match) throw new RangeError(`validity "${duration}" is not <n>d, <n>m or <n>y`);
  const n = Number(match[1]);
  const d = new Date(Date.UTC(issuedAt.getUTCFullYear(), issuedAt.getUTCMonth(), issuedAt.getUTCDate()));
  if (match[2] === 'd') d.setUTCDate(d.getUTCDate() + n);
  if (match[2] === 'm') return addMonths(d, n);
  if (match[2] === 'y') return addMonths(d, n * 12);
  return d;
}

/** The same day n months later; 31 January + 1 month is the last day of February, not a day in March. */
function addMonths(d: Date, n: number): Date {
  const day = d.getUTCDate();
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(day, last)));
}

/** Valid on the calendar day `todayIso` (YYYY-MM-DD): no expiry, or an expiry not before today. */
export function stillValid(validity: { until?: Date | null } | undefined, todayIso: string): boolean {
  const until = validity?.until;
  return !until || until.toISOString().slice(0, 10) >= todayIso;
}
