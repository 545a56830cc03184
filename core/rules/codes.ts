/**
 * Identifier formats of dossiers and digitized documents. Pure functions, no I/O.
 * Bases: seed 003 (Gia Lai CV 1012/STTTT-CNTT §“mã số”), seed 001 (Bình Định, result codes such as
 * 215404812.KQ.G01.000005), Decree 30/2020/NĐ-CP Art. 15 (number + symbol, restart each year).
 */
import { localDateParts } from './local-time';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Mã hồ sơ: <receiving agency code>-<yymmdd>-<4-digit daily sequence>, e.g. H34.29.2-230520-0001. */
export function formatDossierCode(agencyCode: string, receivedAt: Date, sequence: number, tzOffset: string): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9999) {
    throw new RangeError(`daily dossier sequence out of range: ${sequence}`);
  }
  const { year, month, day } = localDateParts(receivedAt, tzOffset);
  return `${agencyCode}-${pad(year % 100, 2)}${pad(month, 2)}${pad(day, 2)}-${pad(sequence, 4)}`;
}

/** The scope a dossier's daily sequence is counted in: one counter per agency per local day. */
export function dossierSequenceScope(agencyCode: string, receivedAt: Date, tzOffset: string): string {
  const { year, month, day } = localDateParts(receivedAt, tzOffset);
  return `dossier:${agencyCode}:${year}${pad(month, 2)}${pad(day, 2)}`;
}

export const DOSSIER_CODE_PATTERN = /^[0-9A-Z.]{3,20}-\d{6}-\d{4}$/;

/**
 * Mã giấy tờ số hóa: <owner ID>.<document type code>, where the type code carries a 6-digit
 * sequence per owner and type (seed 001: 215404812.KQ.G01.000005).
 */
export function formatWarehouseCode(ownerId: string, documentTypeCode: string, sequence: number): string {
  return `${ownerId}.${documentTypeCode}.${pad(sequence, 6)}`;
}

/** Số, ký hiệu: number with a leading zero below 10, "/" then the symbol (Decree 30/2020 Art. 15). */
export function formatDocumentNumber(number: number, symbol: string): string {
  return `${pad(number, 2)}/${symbol}`;
}

/** Mã định danh văn bản: <issuing agency code>-<year>-<number>.<symbol>, e.g. 000.00.14.H21-2021-4999.STNMT-VPS. */
export function formatDocumentIdentifier(agencyCode: string, year: number, number: number, symbol: string): string {
  return `${agencyCode}-${year}-${pad(number, 2)}.${symbol}`;
}

/**
 * A postal item's tracking number in the UPU S10 form the Vietnamese post uses: two service letters,
 * eight digits, a check digit, the country code — e.g. RR123456785VN. The check digit weighs the eight
 * digits 8 6 4 2 3 5 9 7, takes 11 − (sum mod 11), and writes 10 as 0 and 11 as 5 (UPU S10).
 */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new Error('an S10 serial is eight digits');
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...serial].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

export function formatS10(service: string, serial: number, country = 'VN'): string {
  const digits = String(serial).padStart(8, '0');
  return `${service}${digits}${s10CheckDigit(digits)}${country}`;
}

export function isS10(itemCode: string): boolean {
  const m = /^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$/.exec(itemCode);
  return Boolean(m && s10CheckDigit(m[1]!) === Number(m[2]));
}
