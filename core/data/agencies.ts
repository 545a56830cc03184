/**
 * Receiving agencies (cơ quan tiếp nhận), identified by their national agency code (QCVN 102:2016/BTTTT).
 * Kept as data with a parent link so both the 2025 two-tier structure (province → commune) and the
 * three-tier processes of the seeds (province → district → commune) work (DOMAIN §10).
 */
export interface Agency {
  code: string;
  name: string;
  level: 'province' | 'district' | 'commune';
  parentCode?: string;
  /**
   * Diameter of the agency's round seal in millimetres: its image goes onto issued documents at real size
   * (Decree 30/2020 Annex I). Each seal's size is what was registered when it was made; when absent,
   * DEFAULT_SEAL_DIAMETER_MM.
   */
  sealDiameterMm?: number;
  /** the name a document's text uses without the province ("Sở Tài nguyên và Môi trường"); provinces: the province alone ("Gia Lai") */
  shortName?: string;
  /** provinces: the 3-digit code their citizens' personal ID numbers begin with (Circular 07/2016 Annex) */
  idProvinceCode?: string;
  /**
   * Where step deadlines are signalled by SMS: the leaders' duty phone (an approval waits too long) and
   * the head of the agency's (escalation). Demo numbers here; each agency sets its own.
   */
  alertPhones?: { leaders?: string; head?: string };
}

export const DEFAULT_SEAL_DIAMETER_MM = 36;

export const agencies: readonly Agency[] = [
  { code: '000.00.00.H34', name: 'UBND tỉnh Kon Tum', shortName: 'Kon Tum', level: 'province', idProvinceCode: '062' },
  { code: 'H34.29', name: 'UBND huyện Đăk Hà', level: 'district', parentCode: '000.00.00.H34' },
  { code: 'H34.29.2', name: 'UBND xã Đắk La', level: 'commune', parentCode: 'H34.29', alertPhones: { leaders: '0905000101', head: '0905000100' } },
  // decides what its departments submit (inter-agency); its office is texted when a submission waits
  { code: '000.00.00.H21', name: 'UBND tỉnh Gia Lai', shortName: 'Gia Lai', level: 'province', idProvinceCode: '064', alertPhones: { leaders: '0905000301', head: '0905000300' } },
  // a provincial department: receives the province-level procedures of the Gia Lai seed
  { code: '000.00.14.H21', name: 'Sở Tài nguyên và Môi trường tỉnh Gia Lai', shortName: 'Sở Tài nguyên và Môi trường', level: 'province', parentCode: '000.00.00.H21', alertPhones: { leaders: '0905000201', head: '0905000200' } },
];

export function findAgency(code: string): Agency | undefined {
  return agencies.find((a) => a.code === code);
}

/** The province an agency belongs to (itself, or the first ancestor of level province without a parent). */
export function provinceOf(code: string): Agency | undefined {
  let agency = findAgency(code);
  while (agency?.parentCode) agency = findAgency(agency.parentCode);
  return agency;
}
