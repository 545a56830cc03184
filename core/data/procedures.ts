import type { IdType } from '../rules/identity';

/**
 * Procedure catalog: what the one-stop desk needs to know about each administrative procedure
 * (TTHC). Data, not code — a later issue moves it to the database with an admin screen; nothing
 * here may depend on code, so it can be loaded from JSON as it is.
 *
 * Codes are national procedure database codes (Cơ sở dữ liệu quốc gia về TTHC, published on
 * dichvucong.gov.vn) with the suffix of the province that publishes them (H34 Kon Tum, H08 Bình
 * Định, H45 Phú Yên, H21 Gia Lai, as the seeds show: 1.001193.000.00.00.H34 birth registration in
 * seed 004, 1.000047.000.00.00.H08 in seed 001). `codeSource` says where each code comes from.
 *
 * The seeds are of 2022–2023. Where a later text changed a procedure (agency mergers of 2025,
 * Decree 138/2025 for publications, the Land Law 2024), the seed's version is kept and the change is
 * noted: the catalog is versioned (CATALOG_VERSION) so a province can load its own, current data.
 */

/** Version of the catalog as a whole (year.month); bump it on every change to the data below. */
export const CATALOG_VERSION = '2026.11';

/** How a paper component is digitized (seed 002/003, Decree 107/2021 Art. 21a). */
export type DigitizationMode =
  | 'scan-only' // đơn, tờ khai: scan, no signature
  | 'mandatory' // số hóa bắt buộc: scan + personal signature of the digitizer
  | 'on-demand'; // theo nhu cầu: scan + organization signature, fee (Decree 30/2020 Art. 25–27)

/**
 * Why a component is digitized the way it is (seed 003 Phụ lục 1 §2.1; seed 002 slide 3;
 * Decree 61/2018 Art. 21(1)(c) as amended by Decree 107/2021, Decree 45/2020):
 *  - form: application form or declaration (đơn, tờ khai) → scan only;
 *  - earlier-result: the result of an earlier procedure (kết quả giải quyết TTHC trước đó) → mandatory;
 *  - specialized-law: digitization required by specialized law (e.g. design drawings) → mandatory;
 *  - management-decision: required by a minister's or the provincial chairman's decision → mandatory;
 *  - on-demand: anything else, digitized at the applicant's request and cost → on-demand.
 */
export type ComponentClassification = 'form' | 'earlier-result' | 'specialized-law' | 'management-decision' | 'on-demand';

/** The digitization a classification calls for (seed 003 Phụ lục 1 §2.1). */
export function digitizationOf(classification: ComponentClassification): DigitizationMode {
  switch (classification) {
    case 'form':
      return 'scan-only';
    case 'earlier-result':
    case 'specialized-law':
    case 'management-decision':
      return 'mandatory';
    case 'on-demand':
      return 'on-demand';
  }
}

/**
 * What paper the applicant hands over (the "Số bản chính / Số bản sao" columns of the seeds' intake
 * screens): bản chính (original), bản sao có chứng thực (certified copy), bản sao (plain copy, to be
 * compared with the original at the desk), or either an original or a certified copy.
 */
export type CopyKind = 'original' | 'certified-copy' | 'copy' | 'original-or-certified-copy';

/** File types an upload may have (seed 000: "file ảnh, Word, Excel và PDF"; DOMAIN §6). */
export type FileType = 'pdf' | 'jpeg' | 'png' | 'tiff' | 'doc' | 'docx';

/**
 * Kinds of agency that receive, lead or decide a procedure. The catalog names kinds, not agencies:
 * core/data/agencies.ts maps them to the real agencies of a province, before or after the 2025
 * reorganization (DOMAIN §10: district level abolished from 1 July 2025).
 */
export type AgencyKind =
  | 'commune-people-committee' // UBND cấp xã (its one-stop section, Bộ phận Một cửa)
  | 'district-people-committee' // UBND cấp huyện (until 30/6/2025)
  | 'provincial-department' // Sở, ban, ngành and their sub-departments (Chi cục)
  | 'provincial-people-committee' // UBND tỉnh
  | 'provincial-public-administration-centre'; // Trung tâm Phục vụ hành chính công tỉnh

/** Upload limit per file: "dưới 30MB" (seed 000, Phú Yên) and "không quá 30MB" (seed 001, Bình Định). */
export const DEFAULT_MAX_BYTES = 30 * 1024 * 1024;
/** No component may allow more than the largest limit seen in the seeds: 50 MB (seed 004, Kon Tum). */
export const MAX_BYTES_CEILING = 50 * 1024 * 1024;

/**
 * Minimum scan resolution (DOMAIN §10 scan standard: Decree 30/2020 Annex I, Circular 05/2025/TT-BNV
 * Art. 8): 200 dpi for administrative documents, 300 dpi for maps and drawings.
 */
export const MIN_DPI = { document: 200, drawing: 300 } as const;

/**
 * What each file type may be: a scan that gets a digital signature is signed as a PDF (the signature is
 * embedded in the PDF, seed 004; workers/sign-scan), so it comes as a PDF or as page images the desk
 * makes into one PDF before signing (api/dossiers/intake-scans.ts); an unsigned form may also be a Word
 * file, as the provincial portals accept online (seed 000). Every list includes 'pdf'.
 */
const SIGNED_SCAN: readonly FileType[] = ['pdf', 'jpeg', 'png', 'tiff'];
const FORM_FILE: readonly FileType[] = ['pdf', 'jpeg', 'png', 'tiff', 'doc', 'docx'];

export interface ComponentSpec {
  code: string; // key used in uploads: files[<code>]; kebab-case, unique within the procedure
  name: string;
  /** must be in every dossier; a component needed only in some cases is not required and says when in `condition` */
  required: boolean;
  /** when a non-required component must be submitted */
  condition?: string;
  classification: ComponentClassification;
  digitization: DigitizationMode; // always digitizationOf(classification)
  documentTypeCode: string; // warehouse type code (mã loại giấy tờ): TK = form, GT = paper, KQ = result of a TTHC
  copy: CopyKind;
  /** how many of them the applicant hands over (paper); one electronic file holds them all */
  quantity: number;
  acceptedTypes: readonly FileType[];
  maxBytes: number;
  /**
   * Scan both sides by default. Seeds 001/003: "chụp cả hai mặt tài liệu, trừ khi tất cả các tờ đều
   * trắng một mặt". True where the original usually carries content on both sides (ID cards,
   * multi-page certificates and licences, manuscripts); false for one-sided forms and one-page
   * certificates, where a duplex scan would only add blank pages. The officer can always override.
   */
  doubleSided: boolean;
  /** 200 for documents, 300 where the paper holds a map or drawing (MIN_DPI) */
  minDpi: number;
  /** the official template, for forms (mẫu đơn, tờ khai) */
  form?: string;
  /** validity the paper must still have when submitted (DOMAIN §5 duration format: 6m, 1y) */
  validity?: string;
  note?: string;
}

export interface Fee {
  /** VND; 0 when the procedure is free */
  amount: number;
  /** what the amount is charged per; a whole dossier when absent */
  per?: 'dossier' | 'standard-page';
  /** legal basis and the cases the amount does not cover */
  note?: string;
  /** VND per extra copy of the result the applicant asks for at intake (e.g. a civil-status extract); absent when copies are not sold */
  resultCopy?: number;
}

/**
 * The document templates the platform renders drafts from (core/pdf; workers/render-draft/templates.ts).
 * A procedure names one for its result; one without a template cannot get past review until its template
 * is built (render-draft raises an incident that names the procedure).
 */
export const documentTemplates = ['birth-extract', 'land-use-decision', 'land-use-submission'] as const;
export type DocumentTemplate = (typeof documentTemplates)[number];

/** A document one agency issues to another in an inter-agency procedure: NOT the procedure's result (seed 001 §2.3). */
export interface IntermediateResult {
  name: string;
  issuerKind: AgencyKind;
  symbol: string;
  template?: DocumentTemplate;
}

export interface ProcedureSpec {
  code: string;
  /** where the code comes from: shown in a seed; read on the national database (to check against the province's list); provisional (see the entry) */
  codeSource: 'seed' | 'national-database' | 'provisional';
  name: string;
  level: 'commune' | 'district' | 'province';
  field: string; // lĩnh vực
  processId: string; // BPMN process id (bpmn/<level>/<processId>.bpmn)
  /** the province's time limit in working days, in steps of 0.5 (seed 001: "0.5 ngày làm việc") */
  workingDays: number;
  /** the leader's approval step before a reminder (default: core/rules/step-deadlines.ts) */
  approvalWorkingDays?: number;
  /** the legal maximum when it differs from workingDays (the province committed to less, or verification may extend it) */
  statutoryWorkingDays?: number;
  /** where the dossier may be handed in */
  receivingAgencyKinds: readonly AgencyKind[];
  /** inter-agency procedures: who examines the dossier and prepares the decision */
  leadAgencyKind?: AgencyKind;
  /** inter-agency procedures: who signs the result */
  decidingAgencyKind?: AgencyKind;
  /** inter-agency procedures: the deciding agency's own process (bpmn/<level>/<id>.bpmn), started by the lead agency's hand-over */
  decidingProcessId?: string;
  fee: Fee;
  applicantIdTypes: IdType[];
  /** the result is about another person (the child, the deceased): their name and date are required */
  subjectRequired: boolean;
  components: ComponentSpec[];
  result: { name: string; documentTypeCode: string; symbol: string; validity?: string; template?: DocumentTemplate };
  intermediateResults?: readonly IntermediateResult[];
  /** the seed and legal texts the entry is built from */
  source: string;
}

const commune: Pick<ProcedureSpec, 'level' | 'receivingAgencyKinds' | 'leadAgencyKind' | 'decidingAgencyKind'> = {
  level: 'commune',
  receivingAgencyKinds: ['commune-people-committee'],
  leadAgencyKind: 'commune-people-committee',
  decidingAgencyKind: 'commune-people-committee',
};

/** Civil-status registration is free when on time (Law on Civil Status 2014 Art. 11(1)(b)). */
const civilStatusFee = (what: string): Fee => ({
  amount: 0,
  resultCopy: 8_000,
  note: `Miễn lệ phí ${what} (Luật Hộ tịch 2014, Điều 11 khoản 1 điểm b). Đăng ký quá hạn: lệ phí theo nghị quyết HĐND tỉnh (Thông tư 85/2019/TT-BTC); bản sao trích lục cấp thêm: 8.000 đồng/bản (Thông tư 281/2016/TT-BTC).`,
});

export const procedures: readonly ProcedureSpec[] = [
  {
    // seed 004 (Kon Tum, Đăk Hà): "1 ngày - Quy trình cấp Xã - 07 - khai sinh - hộ tịch điện tử"
    code: '1.001193.000.00.00.H34',
    codeSource: 'seed',
    name: 'Đăng ký khai sinh',
    ...commune,
    field: 'Hộ tịch',
    processId: 'birth-registration',
    workingDays: 1,
    fee: civilStatusFee('đăng ký khai sinh đúng hạn'),
    applicantIdTypes: ['CCCD', 'PASSPORT'],
    subjectRequired: true,
    components: [
      {
        code: 'to-khai', name: 'Tờ khai đăng ký khai sinh theo mẫu', required: true,
        classification: 'form', digitization: 'scan-only', documentTypeCode: 'TK.HT.KS',
        copy: 'original', quantity: 1, acceptedTypes: FORM_FILE, maxBytes: DEFAULT_MAX_BYTES, doubleSided: false, minDpi: MIN_DPI.document,
        form: 'Thông tư 04/2020/TT-BTP',
      },
      {
        code: 'giay-chung-sinh', name: 'Bản chính Giấy chứng sinh', required: true,
        // issued by the health facility; for a birth outside one it is the result of TTHC
        // 1.002192.000.00.00.H34 (seed 004 list): a paper result, digitized with a signature
        classification: 'earlier-result', digitization: 'mandatory', documentTypeCode: 'GT.YT.GCS',
        copy: 'original', quantity: 1, acceptedTypes: SIGNED_SCAN, maxBytes: DEFAULT_MAX_BYTES, doubleSided: false, minDpi: MIN_DPI.document,
        note: 'Không có Giấy chứng sinh: văn bản của người làm chứng hoặc giấy cam đoan về việc sinh; mang thai hộ: kèm văn bản xác nhận của cơ sở y tế (seed 004).',
      },
    ],
    result: { name: 'Trích lục khai sinh', documentTypeCode: 'KQ.HT.KS', symbol: 'TLKS', template: 'birth-extract' },
    source: 'seed 004 (mã, quy trình 1 ngày, thành phần); Luật Hộ tịch 2014 Điều 16',
  },
  {
    // seed 004 lists it next to birth registration: "Quy trình cấp Xã - 07 - kết hôn - hộ tịch điện tử"
    code: '1.000894.000.00.00.H34',
    codeSource: 'seed',
    name: 'Đăng ký kết hôn',
    ...commune,
    field: 'Hộ tịch',
    processId: 'marriage-registration',
    // same day by law; up to 5 working days when the conditions must be verified (Luật Hộ tịch Art. 18(2))
    workingDays: 1,
    statutoryWorkingDays: 5,
    fee: civilStatusFee('đăng ký kết hôn của công dân Việt Nam cư trú ở trong nước'),
    applicantIdTypes: ['CCCD', 'PASSPORT'],
    // both partners appear in person and are the applicants: no third person to name
    subjectRequired: false,
    components: [
      {
        code: 'to-khai', name: 'Tờ khai đăng ký kết hôn theo mẫu', required: true,
        classification: 'form', digitization: 'scan-only', documentTypeCode: 'TK.HT.KH',
        copy: 'original', quantity: 1, acceptedTypes: FORM_FILE, maxBytes: DEFAULT_MAX_BYTES, doubleSided: false, minDpi: MIN_DPI.document,
        form: 'Thông tư 04/2020/TT-BTP',
      },
      {
        code: 'giay-xac-nhan-tinh-trang-hon-nhan', name: 'Giấy xác nhận tình trạng hôn nhân', required: false,
        condition: 'Khi một bên không thường trú tại xã nơi đăng ký kết hôn (do UBND xã nơi thường trú cấp), hoặc đang công tác, học tập, lao động có thời hạn ở nước ngoài (do Cơ quan đại diện cấp)',
        // the result of the procedure "Cấp Giấy xác nhận tình trạng hôn nhân"
        classification: 'earlier-result', digitization: 'mandatory', documentTypeCode: 'KQ.HT.XNTTHN',
        copy: 'original', quantity: 1, acceptedTypes: SIGNED_SCAN, maxBytes: DEFAULT_MAX_BYTES, doubleSided: false, minDpi: MIN_DPI.document,
        validity: '6m', // Decree 123/2015/NĐ-CP Art. 23
      },
    ],
    result: { name: 'Giấy chứng nhận kết hôn', documentTypeCode: 'KQ.HT.KH', symbol: 'GCNKH' },
    source: 'seed 004 (mã, tên quy trình); thành phần và thời hạn theo CSDL quốc gia về TTHC, Luật Hộ tịch 2014 Điều 18',
  },
  {
    // seed 004: "Quy trình cấp Xã - 07 - khai tử - hộ tịch điện tử"
    code: '1.000656.000.00.00.H34',
    codeSource: 'seed',
    name: 'Đăng ký khai tử',
    ...commune,
    field: 'Hộ tịch',
    processId: 'death-registration',
    // same day by law; up to 3 working days when it must be verified (Luật Hộ tịch Art. 34(2))
    workingDays: 1,
    statutoryWorkingDays: 3,
    fee: civilStatusFee('đăng ký khai tử đúng hạn (trong 15 ngày kể từ ngày chết)'),
    applicantIdTypes: ['CCCD', 'PASSPORT'],
    subjectRequired: true, // the deceased
    components: [
      {
        code: 'to-khai', name: 'Tờ khai đăng ký khai tử theo mẫu', required: true,
        classification: 'form', digitization: 'scan-only', documentTypeCode: 'TK.HT.KT',
        copy: 'original', quantity: 1, acceptedTypes: FORM_FILE, maxBytes: DEFAULT_MAX_BYTES, doubleSided: false, minDpi: MIN_DPI.document,
        form: 'Thông tư 04/2020/TT-BTP',
      },
      {
        code: 'giay-bao-tu', name: 'Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử do cơ quan có thẩm quyền cấp', required: true,
        // issued by the hospital, the commune, the court or the police (Circular 04/2020/TT-BTP Art. 4): like the birth certificate
        classification: 'earlier-result', digitization: 'mandatory', documentTypeCode: 'GT.YT.GBT',
        copy: 'original', quantity: 1, acceptedTypes: SIGNED_SCAN, maxBytes: DEFAULT_MAX_BYTES, doubleSided: false, minDpi: MIN_DPI.document,
      },
      {
        code: 'van-ban-uy-quyen', name: 'Văn bản ủy quyền theo quy định của pháp luật', required: false,
        condition: 'Khi ủy quyền thực hiện đăng ký khai tử; không phải chứng thực nếu người được ủy quyền là ông, bà, cha, mẹ, con, vợ, chồng, anh, chị, em ruột của người ủy quyền (seed 004)',
        classification: 'on-demand', digitization: 'on-demand', documentTypeCode: 'GT.TP.UQ',
        copy: 'original', quantity: 1, acceptedTypes: SIGNED_SCAN, maxBytes: DEFAULT_MAX_BYTES, doubleSided: false, minDpi: MIN_DPI.document,
      },
    ],
    result: { name: 'Trích lục khai tử', documentTypeCode: 'KQ.HT.KT', symbol: 'TLKT' },
    source: 'seed 004 (mã, tên quy trình, văn bản ủy quyền); thành phần theo CSDL quốc gia về TTHC, Luật Hộ tịch 2014 Điều 33–34',
  },
  {
    // The seed (000, Phú Yên) shows the name and the components, not the code. 1.003868 is the code
    // dichvucong.gov.vn shows for this procedure, with the Phú Yên suffix H45 (agency
    // 000.00.16.H45 in the seed's dossier codes): to be checked against the national procedure database.
    code: '1.003868.000.00.00.H45',
    codeSource: 'national-database',
    name: 'Cấp giấy phép xuất bản tài liệu không kinh doanh',
    level: 'province',
    field: 'Xuất bản, In và Phát hành',
    processId: 'non-commercial-publication-licence',
    // seed 000: received 22/08/2022 10:31, appointment 07/09/2022 10:30 = 10 working days (1–2/9 off);
    // Decree 138/2025 keeps 10 working days
    workingDays: 10,
    receivingAgencyKinds: ['provincial-public-administration-centre', 'provincial-department'],
    // Sở Thông tin và Truyền thông examined and signed in 2022 (symbol GP-STTTT); since 2025 the
    // culture department examines and the UBND tỉnh signs (Decree 138/2025): a province on the new
    // texts loads decidingAgencyKind 'provincial-people-committee'
    leadAgencyKind: 'provincial-department',
    decidingAgencyKind: 'provincial-department',
    fee: {
      amount: 15_000,
      per: 'standard-page',
      note: 'Phí thẩm định nội dung tài liệu không kinh doanh (Thông tư 214/2016/TT-BTC): 15.000 đồng/trang quy chuẩn với tài liệu in; tài liệu điện tử dạng đọc 6.000 đồng/phút, dạng nghe, nhìn 27.000 đồng/phút (dichvucong.gov.vn; giảm 50% từ 01/7 đến 31/12/2023 theo Thông tư 44/2023/TT-BTC).',
    },
    applicantIdTypes: ['TAX_CODE'], // cơ quan, tổ chức
    subjectRequired: false,
    // the four rows of the seed 000 intake screen, in its order
    components: [
      {
        code: 'don-de-nghi', name: 'Đơn đề nghị cấp giấy phép', required: true,
        classification: 'form', digitization: 'scan-only', documentTypeCode: 'TK.XB.GPTL',
        copy: 'original', quantity: 1, acceptedTypes: FORM_FILE, maxBytes: DEFAULT_MAX_BYTES, doubleSided: false, minDpi: MIN_DPI.document,
      },
      {
        code: 'ban-thao', name: 'Ba bản thảo tài liệu có chữ ký của người đứng đầu cơ quan, tổ chức đề nghị cấp phép', required: true,
        // neither a form nor an earlier result, and no law requires its digitization: on demand
        classification: 'on-demand', digitization: 'on-demand', documentTypeCode: 'GT.XB.BT',
        copy: 'original', quantity: 3, acceptedTypes: SIGNED_SCAN, maxBytes: DEFAULT_MAX_BYTES, doubleSided: true, minDpi: MIN_DPI.document,
        note: 'Màn hình seed 000 ghi 1 bản chính (một tệp); Luật Xuất bản 2012 Điều 25: ba bản thảo, tài liệu tiếng nước ngoài, tiếng dân tộc thiểu số kèm bản dịch tiếng Việt. Bản thảo điện tử nộp dạng PDF.',
      },
      {
        code: 'giay-phep-hoat-dong', name: 'Bản sao có chứng thực giấy phép hoạt động do cơ quan quản lý nhà nước có thẩm quyền cấp', required: false,
        condition: 'Khi cơ quan, tổ chức đề nghị hoạt động theo giấy phép do cơ quan quản lý nhà nước cấp (seed 000: 0 bản chính, 1 bản sao)',
        classification: 'earlier-result', digitization: 'mandatory', documentTypeCode: 'KQ.TC.GPHD',
        copy: 'certified-copy', quantity: 1, acceptedTypes: SIGNED_SCAN, maxBytes: DEFAULT_MAX_BYTES, doubleSided: true, minDpi: MIN_DPI.document,
      },
      {
        code: 'y-kien-co-quan-chu-quan', name: 'Ý kiến bằng văn bản của cơ quan có thẩm quyền đối với tài liệu của các đơn vị quân đội nhân dân, công an nhân dân', required: false,
        condition: 'Tài liệu của các đơn vị quân đội nhân dân, công an nhân dân',
        classification: 'on-demand', digitization: 'on-demand', documentTypeCode: 'GT.XB.YK',
        copy: 'original', quantity: 1, acceptedTypes: SIGNED_SCAN, maxBytes: DEFAULT_MAX_BYTES, doubleSided: false, minDpi: MIN_DPI.document,
      },
    ],
    result: { name: 'Giấy phép xuất bản tài liệu không kinh doanh', documentTypeCode: 'KQ.XB.GPTL', symbol: 'GP-STTTT' },
    source: 'seed 000 (tên, thành phần, số bản, 30MB, ngày hẹn); mã, phí theo dichvucong.gov.vn; Luật Xuất bản 2012 Điều 25',
  },
  {
    // seed 001 (Bình Định): dossier 000.00.10.H08-221006-0006, "1.000047.000.00.00.H08 - Phê duyệt
    // phương án khai thác động vật rừng thông thường từ tự nhiên", "0.5 ngày làm việc", received at the
    // provincial Public Administration Service Centre
    code: '1.000047.000.00.00.H08',
    codeSource: 'seed',
    name: 'Phê duyệt phương án khai thác động vật rừng thông thường từ tự nhiên',
    level: 'province',
    field: 'Lâm nghiệp',
    processId: 'forest-animal-exploitation-plan',
    workingDays: 0.5,
    statutoryWorkingDays: 10, // national database: 10 days from a valid dossier; Bình Định committed to half a day
    receivingAgencyKinds: ['provincial-public-administration-centre'],
    // the local forest protection agency (Chi cục Kiểm lâm, under the agriculture department) approves
    leadAgencyKind: 'provincial-department',
    decidingAgencyKind: 'provincial-department',
    fee: { amount: 0, note: 'Không thu phí, lệ phí (CSDL quốc gia về TTHC, thủ tục 1.000047): cần đối chiếu khi công bố.' },
    applicantIdTypes: ['CCCD', 'PASSPORT', 'TAX_CODE'], // tổ chức, cá nhân, hộ gia đình, cộng đồng dân cư
    subjectRequired: false,
    components: [
      {
        code: 'phuong-an-khai-thac', name: 'Phương án khai thác động vật rừng thông thường từ tự nhiên', required: true,
        // a prescribed template the portal offers as "Mẫu đơn – Tải mẫu" (seed 001): the applicant's form
        classification: 'form', digitization: 'scan-only', documentTypeCode: 'TK.LN.PAKT',
        copy: 'original', quantity: 1, acceptedTypes: FORM_FILE, maxBytes: DEFAULT_MAX_BYTES, doubleSided: true, minDpi: MIN_DPI.document,
        form: 'Mẫu số 09 ban hành kèm theo Thông tư số 27/2018/TT-BNNPTNT ngày 16/11/2018',
        note: 'Từ 01/7/2025 (Thông tư 26/2025/TT-BNNMT): Đề nghị theo Mẫu số 09 và Phương án theo Mẫu số 12.',
      },
    ],
    result: { name: 'Văn bản phê duyệt phương án khai thác động vật rừng thông thường từ tự nhiên', documentTypeCode: 'KQ.LN.PAKT', symbol: 'QĐ-CCKL' },
    source: 'seed 001 (mã, tên, 0.5 ngày, thành phần bản chính theo Mẫu số 09); thời hạn luật định theo dichvucong.gov.vn',
  },
  {
    // seed 003 (Gia Lai) shows the procedure, its draft and the issued documents, not its code. No
    // code could be confirmed: the all-zero code marks the entry provisional (codeSource) until the
    // province's published code is entered; it can never clash with a real code (they start 1., 2., 3.).
    code: '0.000000.000.00.00.H21',
    codeSource: 'provisional',
    name: 'Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền đối với tổ chức',
    level: 'province',
    field: 'Đất đai',
    processId: 'land-use-purpose-change',
    // Decree 43/2014 Art. 61 as amended by Decree 01/2017: 15 working days, without the time the
    // applicant takes to pay the land levy; to be rechecked under the Land Law 2024
    workingDays: 15,
    // seed 003: the department of natural resources and environment receives (agencies.ts: 000.00.14.H21)
    // and prepares; its submission goes to the UBND tỉnh, which decides
    receivingAgencyKinds: ['provincial-department', 'provincial-public-administration-centre'],
    leadAgencyKind: 'provincial-department',
    decidingAgencyKind: 'provincial-people-committee',
    decidingProcessId: 'provincial-decision',
    fee: {
      amount: 0,
      note: 'Không thu lệ phí khi tiếp nhận. Tiền sử dụng đất, tiền thuê đất và lệ phí trước bạ là nghĩa vụ tài chính xác định sau khi có quyết định; phí thẩm định hồ sơ (nếu có) theo nghị quyết HĐND tỉnh.',
    },
    applicantIdTypes: ['TAX_CODE'],
    subjectRequired: false,
    components: [
      {
        code: 'don-xin-chuyen-muc-dich', name: 'Đơn xin phép chuyển mục đích sử dụng đất', required: true,
        classification: 'form', digitization: 'scan-only', documentTypeCode: 'TK.DD.CMD',
        copy: 'original', quantity: 1, acceptedTypes: FORM_FILE, maxBytes: DEFAULT_MAX_BYTES, doubleSided: false, minDpi: MIN_DPI.document,
        form: 'Mẫu số 01 ban hành kèm theo Thông tư 30/2014/TT-BTNMT',
      },
      {
        code: 'giay-chung-nhan', name: 'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất', required: true,
        // a result of an earlier land procedure; four pages, the plot diagram on one of them: 300 dpi
        classification: 'earlier-result', digitization: 'mandatory', documentTypeCode: 'KQ.DD.GCN',
        copy: 'original', quantity: 1, acceptedTypes: SIGNED_SCAN, maxBytes: DEFAULT_MAX_BYTES, doubleSided: true, minDpi: MIN_DPI.drawing,
      },
      {
        code: 'van-ban-chap-thuan-dau-tu', name: 'Bản sao văn bản chấp thuận chủ trương đầu tư hoặc giấy chứng nhận đăng ký đầu tư', required: false,
        condition: 'Khi chuyển mục đích để thực hiện dự án đầu tư phải được chấp thuận chủ trương đầu tư hoặc cấp giấy chứng nhận đăng ký đầu tư',
        classification: 'earlier-result', digitization: 'mandatory', documentTypeCode: 'KQ.DT.CTDT',
        copy: 'certified-copy', quantity: 1, acceptedTypes: SIGNED_SCAN, maxBytes: DEFAULT_MAX_BYTES, doubleSided: true, minDpi: MIN_DPI.document,
      },
    ],
    result: { name: 'Quyết định cho phép chuyển mục đích sử dụng đất', documentTypeCode: 'KQ.DD.CMD', symbol: 'QĐ-UBND', template: 'land-use-decision' },
    intermediateResults: [
      // seed 003 issues it as an outgoing document of the department (4999/STNMT-VPS); seed 001 §2.3:
      // "không phải là kết quả giải quyết"
      { name: 'Tờ trình đề nghị UBND tỉnh cho phép chuyển mục đích sử dụng đất', issuerKind: 'provincial-department', symbol: 'TTr-STNMT', template: 'land-use-submission' },
    ],
    source: 'seed 003 (tên, Sở TN&MT xử lý, dự thảo "Quyết định cho phép chuyển mục đích sử dụng đất", văn thư ban hành); Luật Đất đai 2013 Điều 59; Thông tư 30/2014/TT-BTNMT Điều 6',
  },
];

export function findProcedure(code: string): ProcedureSpec | undefined {
  return procedures.find((p) => p.code === code);
}

export function findComponent(procedure: ProcedureSpec, code: string): ComponentSpec | undefined {
  return procedure.components.find((c) => c.code === code);
}
