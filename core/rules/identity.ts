import type { Violation } from '../errors';

/**
 * Applicant identification (seed 003 step 2; DOMAIN §4.2): a person by the 12-digit citizen ID
 * (CCCD, first 3 digits = province of birth code 001–096), a foreigner by passport, an
 * organization by its tax code (10 digits, or 10-3 for a branch).
 */
export type IdType = 'CCCD' | 'PASSPORT' | 'TAX_CODE';

export function identityViolations(idType: IdType, idNumber: string, field = 'applicant.idNumber'): Violation[] {
  switch (idType) {
    case 'CCCD': {
      if (!/^\d{12}$/.test(idNumber)) {
        return [{ field, rule: 'cccd-format', message: 'Số CCCD phải gồm đúng 12 chữ số' }];
      }
      const province = Number(idNumber.slice(0, 3));
      if (province < 1 || province > 96) {
        return [{ field, rule: 'cccd-province', message: 'Ba chữ số đầu của CCCD không phải mã tỉnh hợp lệ (001–096)' }];
      }
      return [];
    }
    case 'PASSPORT':
      return /^[A-Z0-9]{6,9}$/.test(idNumber)
        ? []
        : [{ field, rule: 'passport-format', message: 'Số hộ chiếu gồm 6–9 chữ in hoa hoặc chữ số' }];
    case 'TAX_CODE':
      return /^\d{10}(-\d{3})?$/.test(idNumber)
        ? []
        : [{ field, rule: 'tax-code-format', message: 'Mã số thuế gồm 10 chữ số, hoặc 10-3 chữ số với chi nhánh' }];
  }
}

/**
 * Staff screens, API answers and logs never carry a full ID: a 12-digit CCCD keeps its first 4
 * (province + century/sex) and last 2 digits; shorter IDs (passports, tax codes) only the last 2.
 */
export function maskId(idNumber: string): string {
  if (idNumber.length <= 4) return '*'.repeat(idNumber.length);
  if (idNumber.length < 12) return `${'*'.repeat(idNumber.length - 2)}${idNumber.slice(-2)}`;
  return `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 6)}${idNumber.slice(-2)}`;
}

/** A warehouse code starts with the owner's ID number (<owner ID>.<type>.<seq>): mask that part. */
export function maskWarehouseCode(code: string, ownerId: string): string {
  return code.startsWith(`${ownerId}.`) ? `${maskId(ownerId)}${code.slice(ownerId.length)}` : code;
}
