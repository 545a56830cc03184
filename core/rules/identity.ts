import type { Violation } from '../errors';

/**
 * Applicant identification (seed 003 step 2; DOMAIN §4.2, §5): who the dossier is for, and whose national
 * portal account it goes to (with a power of attorney: the authorizer's).
 *  - CCCD: citizen ID, 12 digits = province of birth (3, Circular 07/2016/TT-BCA Annex; codes of the 63
 *    provinces before the 2025 mergers, which stay valid on every ID issued) + century-and-sex (1) +
 *    last two digits of the birth year (2) + a 6-digit serial. The 12-digit ID card (CMND 12 số) has
 *    the same structure and is entered as CCCD.
 *  - CMND: the old 9-digit people's ID card, still valid until replaced.
 *  - PASSPORT: Vietnamese (one letter + 7 digits) or foreign (6–9 letters and digits).
 *  - TAX_CODE: an organization's tax code = enterprise code (Circular 105/2020/TT-BTC Art. 5): 10 digits,
 *    the 10th a check digit; a branch adds 3 digits (written 10-3 or as 13 digits).
 *  - ORGANIZATION_ID: a state agency's code (QCVN 102:2016/BTTTT), for agencies without a tax code.
 */
export const idTypes = ['CCCD', 'CMND', 'PASSPORT', 'TAX_CODE', 'ORGANIZATION_ID'] as const;
export type IdType = (typeof idTypes)[number];

/** Province codes of the citizen ID (Circular 07/2016/TT-BCA, Annex), by code. */
export const CCCD_PROVINCES: Readonly<Record<string, string>> = Object.freeze({
  '001': 'Hà Nội', '002': 'Hà Giang', '004': 'Cao Bằng', '006': 'Bắc Kạn', '008': 'Tuyên Quang', '010': 'Lào Cai',
  '011': 'Điện Biên', '012': 'Lai Châu', '014': 'Sơn La', '015': 'Yên Bái', '017': 'Hòa Bình', '019': 'Thái Nguyên',
  '020': 'Lạng Sơn', '022': 'Quảng Ninh', '024': 'Bắc Giang', '025': 'Phú Thọ', '026': 'Vĩnh Phúc', '027': 'Bắc Ninh',
  '030': 'Hải Dương', '031': 'Hải Phòng', '033': 'Hưng Yên', '034': 'Thái Bình', '035': 'Hà Nam', '036': 'Nam Định',
  '037': 'Ninh Bình', '038': 'Thanh Hóa', '040': 'Nghệ An', '042': 'Hà Tĩnh', '044': 'Quảng Bình', '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế', '048': 'Đà Nẵng', '049': 'Quảng Nam', '051': 'Quảng Ngãi', '052': 'Bình Định', '054': 'Phú Yên',
  '056': 'Khánh Hòa', '058': 'Ninh Thuận', '060': 'Bình Thuận', '062': 'Kon Tum', '064': 'Gia Lai', '066': 'Đắk Lắk',
  '067': 'Đắk Nông', '068': 'Lâm Đồng', '070': 'Bình Phước', '072': 'Tây Ninh', '074': 'Bình Dương', '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu', '079': 'Hồ Chí Minh', '080': 'Long An', '082': 'Tiền Giang', '083': 'Bến Tre', '084': 'Trà Vinh',
  '086': 'Vĩnh Long', '087': 'Đồng Tháp', '089': 'An Giang', '091': 'Kiên Giang', '092': 'Cần Thơ', '093': 'Hậu Giang',
  '094': 'Sóc Trăng', '095': 'Bạc Liêu', '096': 'Cà Mau',
});

/** Century-and-sex digit (Circular 07/2016 Art. 7): 0/1 born 1900–1999 (male/female), 2/3 2000–2099, … 8/9 2300–2399. */
export function cccdBirth(idNumber: string): { year: number; sex: 'male' | 'female' } {
  const digit = Number(idNumber[3]);
  return { year: 1900 + Math.floor(digit / 2) * 100 + Number(idNumber.slice(4, 6)), sex: digit % 2 === 0 ? 'male' : 'female' };
}

/** Check digit of a 10-digit tax code (Circular 105/2020/TT-BTC): 10 − (Σ dᵢ·wᵢ mod 11) over the first 9. */
export function taxCodeCheckDigit(first9: string): number | undefined {
  const weights = [31, 29, 23, 19, 17, 13, 7, 5, 3];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(first9[i]), 0);
  const check = 10 - (sum % 11);
  return check === 10 ? undefined : check % 10; // a remainder of 0 has no valid check digit
}

export interface IdentityContext {
  field?: string;
  /** ISO date the applicant gave; a CCCD's birth year must agree with it */
  dateOfBirth?: string;
  now?: Date;
}

export function identityViolations(idType: IdType, idNumber: string, context: IdentityContext = {}): Violation[] {
  const field = context.field ?? 'applicant.idNumber';
  const v = (rule: string, message: string): Violation[] => [{ field, rule, message }];
  switch (idType) {
    case 'CCCD': {
      if (!/^\d{12}$/.test(idNumber)) return v('cccd-format', 'Số CCCD phải gồm đúng 12 chữ số');
      if (!CCCD_PROVINCES[idNumber.slice(0, 3)]) {
        return v('cccd-province', `Ba chữ số đầu ${idNumber.slice(0, 3)} không phải mã tỉnh nơi đăng ký khai sinh (Thông tư 07/2016/TT-BCA)`);
      }
      const { year } = cccdBirth(idNumber);
      const thisYear = (context.now ?? new Date()).getUTCFullYear();
      if (year > thisYear) return v('cccd-birth-year', `Chữ số thế kỷ và năm sinh trong CCCD cho năm sinh ${year}, sau năm hiện tại`);
      const given = context.dateOfBirth ? Number(context.dateOfBirth.slice(0, 4)) : undefined;
      if (given !== undefined && given !== year) {
        return v('cccd-birth-year-mismatch', `CCCD mã hóa năm sinh ${year}, khác năm sinh đã khai ${given}`);
      }
      return [];
    }
    case 'CMND':
      return /^\d{9}$/.test(idNumber) ? [] : v('cmnd-format', 'Số CMND (mẫu cũ) phải gồm đúng 9 chữ số');
    case 'PASSPORT':
      return /^[A-Z0-9]{6,9}$/.test(idNumber) && /\d/.test(idNumber) ? [] : v('passport-format', 'Số hộ chiếu gồm 6–9 chữ in hoa và chữ số');
    case 'TAX_CODE': {
      const match = /^(\d{10})(?:-?(\d{3}))?$/.exec(idNumber);
      if (!match) return v('tax-code-format', 'Mã số thuế gồm 10 chữ số, hoặc 13 chữ số (10-3) với đơn vị phụ thuộc');
      const main = match[1]!;
      if (taxCodeCheckDigit(main.slice(0, 9)) !== Number(main[9])) {
        return v('tax-code-check-digit', 'Chữ số kiểm tra (thứ 10) của mã số thuế không đúng');
      }
      if (match[2] === '000') return v('tax-code-branch', 'Ba chữ số đơn vị phụ thuộc phải từ 001 đến 999');
      return [];
    }
    case 'ORGANIZATION_ID':
      return /^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}|[A-Z]\d{2}(\.\d{1,2}){1,3})$/.test(idNumber)
        ? []
        : v('organization-id-format', 'Mã định danh cơ quan theo QCVN 102:2016/BTTTT, ví dụ 000.00.14.H21 hoặc H34.29.2');
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

/** A phone number as staff may see it on screen and in the audit log: the first 3 and last 2 digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 6) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`;
}

/** A warehouse code starts with the owner's ID number (<owner ID>.<type>.<seq>): mask that part. */
export function maskWarehouseCode(code: string, ownerId: string): string {
  return code.startsWith(`${ownerId}.`) ? `${maskId(ownerId)}${code.slice(ownerId.length)}` : code;
}
