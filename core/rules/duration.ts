/**
 * ISO 8601 durations as the diagrams' timers take them (P30D, PT6M, P1DT12H): their length in ms, so a
 * notice can print the same instant the engine's timer fires at. Years and months are not accepted:
 * their length depends on the calendar and the engine's reading of them could differ from ours.
 */
const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function durationMs(iso: string): number {
  const m = DURATION.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) throw new Error(`not an ISO 8601 duration of days, hours, minutes and seconds: ${iso}`);
  const [, d, h, min, s] = m.map((v) => Number(v ?? 0));
  return ((((d ?? 0) * 24 + (h ?? 0)) * 60 + (min ?? 0)) * 60 + (s ?? 0)) * 1000;
}

/** A length of time as an ISO 8601 duration the engine's timers take ("PT16H30M5S"; at least one second). */
export function isoDuration(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}
