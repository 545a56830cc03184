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
