import type { IdType } from '../rules/identity';

/**
 * Procedure catalog: what the desk needs to know about each administrative procedure (TTHC).
 * Data, not code — a later issue moves it to the database with an admin screen. Codes are the
 * national procedure database codes (seed 004: 1.001193.000.00.00.H34, Thủ tục đăng ký khai sinh).
 */

/** How a paper component is digitized (seed 002/003, Decree 107/2021 Art. 21a). */
export type DigitizationMode =
  | 'scan-only' // đơn, tờ khai: scan, no signature
  | 'mandatory' // số hóa bắt buộc: scan + personal signature of the digitizer
  | 'on-demand'; // theo nhu cầu: scan + organization signature, fee (Decree 30/2020 Art. 25–27)

export interface ComponentSpec {
  code: string; // key used in uploads: files[<code>]
  name: string;
  required: boolean;
  digitization: DigitizationMode;
  documentTypeCode: string; // warehouse type code (mã loại giấy tờ)
}

export interface ProcedureSpec {
  code: string;
  name: string;
  level: 'commune' | 'district' | 'province';
  field: string; // lĩnh vực
  processId: string; // BPMN process id
  workingDays: number;
  applicantIdTypes: IdType[];
  /** the result is about another person (the child, the deceased): their name and date are required */
  subjectRequired: boolean;
  components: ComponentSpec[];
  result: { name: string; documentTypeCode: string; symbol: string; validity?: string };
}

export const procedures: readonly ProcedureSpec[] = [
  {
    code: '1.001193.000.00.00.H34',
    name: 'Đăng ký khai sinh',
    level: 'commune',
    field: 'Hộ tịch',
    processId: 'birth-registration',
    workingDays: 1,
    applicantIdTypes: ['CCCD', 'PASSPORT'],
    subjectRequired: true,
    components: [
      { code: 'to-khai', name: 'Tờ khai đăng ký khai sinh theo mẫu', required: true, digitization: 'scan-only', documentTypeCode: 'TK.HT.KS' },
      { code: 'giay-chung-sinh', name: 'Bản chính Giấy chứng sinh', required: true, digitization: 'mandatory', documentTypeCode: 'GT.YT.GCS' },
    ],
    result: { name: 'Trích lục khai sinh', documentTypeCode: 'KQ.HT.KS', symbol: 'TLKS' },
  },
];

export function findProcedure(code: string): ProcedureSpec | undefined {
  return procedures.find((p) => p.code === code);
}
