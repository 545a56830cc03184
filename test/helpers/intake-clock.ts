/**
 * The API's clock for tests that share one engine across runs. Dossier codes are unique per agency
 * and day within one database, and the engine refuses a second start message with the same code
 * for days (PROCESS_START_DEDUP_MS); every test file, though, has a fresh database that starts its
 * daily sequences at 0001 again. So each file receives its dossiers on a day of its own, far from
 * today and from other runs; time still runs forward from there.
 */
export function intakeClockOnOwnDay(): () => Date {
  const day = 24 * 3600 * 1000;
  const offsetDays = 3650 + Math.floor(Math.random() * 20_000); // 10 to ~65 years ahead
  return () => new Date(Date.now() + offsetDays * day);
}
