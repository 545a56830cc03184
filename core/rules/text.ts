/**
 * What people type, made safe before it is stored, printed on a receipt or shown to another officer.
 * Text is taken in Unicode NFC (Vietnamese typed on different keyboards comes composed or decomposed;
 * NFC makes "Nguyễn" one string), and refused when it carries characters that hide or reorder what a
 * reader sees: control characters, bidirectional overrides (the "Trojan Source" trick), zero-width
 * characters, or markup.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/u;
const MARKUP = /[<>]/u;
/** letters with their marks, spaces, and the punctuation names carry (Nguyễn Thị Ngọc-Anh, H'Hen Niê) */
const NAME = /^[\p{L}\p{M}]+(?:[ '’.-][\p{L}\p{M}]+)*\.?$/u;

export type TextProblem = 'control' | 'bidi' | 'zero-width' | 'markup';

export function textProblem(value: string): TextProblem | undefined {
  if (CONTROL.test(value)) return 'control';
  if (BIDI.test(value)) return 'bidi';
  if (ZERO_WIDTH.test(value)) return 'zero-width';
  if (MARKUP.test(value)) return 'markup';
  return undefined;
}

export const textProblemVi: Record<TextProblem, string> = {
  control: 'có ký tự điều khiển',
  bidi: 'có ký tự đảo chiều văn bản',
  'zero-width': 'có ký tự ẩn (độ rộng bằng 0)',
  markup: 'có ký tự < hoặc >',
};

/** NFC, trimmed, inner runs of spaces made one. */
export function normalizeText(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

/** A person's or organization's name once normalized: only letters, marks and name punctuation. */
export function isPlausibleName(normalized: string): boolean {
  return NAME.test(normalized);
}

/**
 * A calendar date written YYYY-MM-DD that exists (no 30 February) and lies between `earliest` and
 * today (in the given offset's calendar): a birth date can be neither in the future nor 130 years back.
 */
export function dateProblem(iso: string, today: string, earliest = '1890-01-01'): 'format' | 'not-a-date' | 'future' | 'too-old' | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return 'format';
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'not-a-date';
  if (iso > today) return 'future';
  if (iso < earliest) return 'too-old';
  return undefined;
}

/**
 * An uploaded file's name as the officer gave it, for display and archive metadata: the last path
 * segment only (no directories, no drive letters), UTF-8 kept (multer decodes it as such, see
 * dossiers.routes.ts), NFC, without control or bidi characters, at most 200 characters.
 */
export function safeFileName(name: string): string {
  const last = name.split(/[\\/]/u).pop() ?? '';
  const cleaned = last.normalize('NFC').replace(new RegExp(`${CONTROL.source}|${BIDI.source}|${ZERO_WIDTH.source}`, 'gu'), '').trim();
  const bounded = cleaned.replace(/^\.+/u, '').slice(-200);
  return bounded.length > 0 ? bounded : 'tep-dinh-kem';
}

/**
 * Vietnamese without diacritics, for SMS: every mark dropped (NFD then the combining marks removed),
 * đ/Đ made d/D, and what GSM 7-bit cannot carry (curly quotes, dashes) made plain, so a message costs
 * 160 characters a part instead of the 70 of UCS-2 and shows alike on every handset.
 */
export function smsText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/đ/gu, 'd')
    .replace(/Đ/gu, 'D')
    .replace(/[‘’]/gu, "'")
    .replace(/[“”]/gu, '"')
    .replace(/[–—]/gu, '-')
    .replace(/…/gu, '...')
    .normalize('NFC');
}
