import { PageSizes, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { vn } from './font';
import { centered, drawDocumentHeader, newResultDocument, RESULT_LAYOUT, RIGHT_COL } from './render-result';

/**
 * The two documents of the inter-agency land-use purpose change (seed 003): the department's submission
 * to the Provincial People's Committee (tờ trình; an intermediate document, not the procedure's result)
 * and the committee's decision. Both are laid out as Decree 30/2020 Annex I draws an administrative
 * document: the head (drawDocumentHeader), the title, the text, recipients bottom-left and the signature
 * block bottom-right over RESULT_LAYOUT.signature, where the leader's signature image and the seal go.
 *
 * The decision of the Provincial People's Committee permitting an organization to change the use of its
 * land (Quyết định cho phép chuyển mục đích sử dụng đất; Land Law 2013 Art. 57, 59; Circular 30/2014/
 * TT-BTNMT Art. 6), laid out as Decree 30/2020 Annex I draws an individual decision: "ỦY BAN NHÂN DÂN"
 * over "TỈNH …" and the number top-left, heading and place/date top-right, the title and what it is
 * about, the grounds, "QUYẾT ĐỊNH:", the articles, recipients bottom-left and the signature block
 * bottom-right ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH") over RESULT_LAYOUT.signature, where
 * the leader's signature image and the seal go. Number and date stay blank in the draft.
 */
export interface LandUseDecisionRecord {
  parcel: { number: string; mapSheet: string; areaM2: number; address: string };
  fromPurpose: string;
  toPurpose: string;
  /** thời hạn sử dụng đất, e.g. "50 năm kể từ ngày ký quyết định" */
  term: string;
  /** the department's submission (the inter-agency intermediate result), when it is known */
  submission?: { number: string; date: string };
}

export interface LandUseDecisionData {
  documentNumber?: string;
  symbol?: string;
  issuedAt: Date;
  /** "Gia Lai" */
  provinceName: string;
  /** the department that prepared the dossier, "Sở Tài nguyên và Môi trường" */
  submittingAgencyName: string;
  organizationName: string;
  organizationTaxCode: string;
  record: LandUseDecisionRecord;
  dossierCode: string;
  signerTitle?: string[];
}

const BLACK = rgb(0, 0, 0);
const MARGIN_LEFT = 70;
const TEXT_WIDTH = PageSizes.A4[0] - 2 * MARGIN_LEFT;

/** Words laid into lines no wider than `width` at `size`. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of vn(text).split(/\s+/u).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** "1.234,5" — square metres as Vietnamese write them */
export function areaText(m2: number): string {
  return m2.toLocaleString('vi-VN', { maximumFractionDigits: 1 });
}

/** Text laid from the top of the body down, wrapped to the text width; refuses to run into the signature block. */
function bodyWriter(page: PDFPage, width: number) {
  let y = 678;
  return {
    line(text: string, font: PDFFont, size: number, opts: { center?: boolean; indent?: number; gap?: number } = {}) {
      const lines = wrapText(text, font, size, TEXT_WIDTH - (opts.indent ?? 0));
      for (const [i, l] of lines.entries()) {
        if (opts.center) centered(page, l, width / 2, y, font, size);
        else page.drawText(l, { x: MARGIN_LEFT + (i === 0 ? opts.indent ?? 0 : 0), y, size, font, color: BLACK });
        y -= size + 3;
      }
      y -= opts.gap ?? 0;
    },
    space(points: number) {
      y -= points;
    },
    /** recipients bottom-left, the signer's title bottom-right; the room under the title stays for the signature */
    close(fonts: { regular: PDFFont; bold: PDFFont }, recipients: string[], title: string[]) {
      const signatureTop = RESULT_LAYOUT.signerTitleY + title.length * 14 + 6;
      if (y < signatureTop) throw new Error(`the document's text runs into the signature block (${Math.round(signatureTop - y)} pt too long)`);
      const small = (text: string, font: PDFFont, at: number) => page.drawText(vn(text), { x: MARGIN_LEFT - 20, y: at, size: 9, font, color: BLACK });
      small('Nơi nhận:', fonts.bold, RESULT_LAYOUT.signerTitleY + 12);
      recipients.forEach((t, i) => small(t, fonts.regular, RESULT_LAYOUT.signerTitleY - 1 - i * 12));
      title.forEach((t, i) => centered(page, t, RIGHT_COL, RESULT_LAYOUT.signerTitleY + (title.length - 1 - i) * 14, fonts.bold, 12));
    },
  };
}

const LAND_LAW_GROUNDS = [
  'Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;',
  'Căn cứ Nghị định số 43/2014/NĐ-CP ngày 15 tháng 5 năm 2014 của Chính phủ quy định chi tiết thi hành một số điều của Luật Đất đai;',
  'Căn cứ Thông tư số 30/2014/TT-BTNMT ngày 02 tháng 6 năm 2014 của Bộ Tài nguyên và Môi trường quy định về hồ sơ giao đất, cho thuê đất, chuyển mục đích sử dụng đất, thu hồi đất;',
];

const parcelText = (r: LandUseDecisionRecord) =>
  `${areaText(r.parcel.areaM2)} m² đất tại thửa đất số ${r.parcel.number}, tờ bản đồ số ${r.parcel.mapSheet}, ${r.parcel.address}`;

export async function renderLandUseDecision(data: LandUseDecisionData): Promise<Buffer> {
  const { doc, page, regular, bold, width, numberPart, symbolPart } = await newResultDocument('Quyết định cho phép chuyển mục đích sử dụng đất', { ...data, symbol: data.symbol ?? 'QĐ-UBND' });
  drawDocumentHeader(page, { regular, bold }, {
    agencyLines: ['ỦY BAN NHÂN DÂN', `TỈNH ${data.provinceName.toUpperCase()}`], symbol: symbolPart,
    ...(numberPart ? { numberPart } : {}), ...(data.documentNumber ? { issuedAt: data.issuedAt } : {}), place: data.provinceName,
  });
  const { line, space, close } = bodyWriter(page, width);
  const r = data.record;
  line('QUYẾT ĐỊNH', bold, 14, { center: true });
  line(`Về việc cho phép ${data.organizationName} chuyển mục đích sử dụng đất`, bold, 13, { center: true, gap: 8 });
  line(`ỦY BAN NHÂN DÂN TỈNH ${data.provinceName.toUpperCase()}`, bold, 12, { center: true, gap: 4 });
  const grounds = [
    'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
    ...LAND_LAW_GROUNDS,
    `Xét đề nghị của ${data.submittingAgencyName}${r.submission ? ` tại Tờ trình số ${r.submission.number} ngày ${r.submission.date}` : ''} (hồ sơ ${data.dossierCode}).`,
  ];
  for (const g of grounds) line(g, regular, 11, { indent: 20 });
  space(4);
  line('QUYẾT ĐỊNH:', bold, 12, { center: true, gap: 2 });
  line(`Điều 1. Cho phép ${data.organizationName} (mã số thuế ${data.organizationTaxCode}) chuyển mục đích sử dụng ${parcelText(r)}, từ ${r.fromPurpose} sang ${r.toPurpose}. Thời hạn sử dụng đất: ${r.term}.`, regular, 11, { indent: 20 });
  line(`Điều 2. ${data.organizationName} có trách nhiệm nộp tiền sử dụng đất, tiền thuê đất, lệ phí theo quy định; sử dụng đất đúng mục đích, đúng ranh giới; ${data.submittingAgencyName} chỉnh lý hồ sơ địa chính và cấp đổi Giấy chứng nhận theo quy định.`, regular, 11, { indent: 20 });
  line(`Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc ${data.submittingAgencyName}, Cục trưởng Cục Thuế tỉnh và ${data.organizationName} chịu trách nhiệm thi hành Quyết định này.`, regular, 11, { indent: 20 });
  close({ regular, bold }, ['- Như Điều 3;', `- ${data.organizationName};`, '- Văn phòng Đăng ký đất đai;', '- Lưu: VT.'], data.signerTitle ?? ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/**
 * The department's submission asking the Provincial People's Committee to permit the change (Tờ trình,
 * Decree 30/2020 Annex III form 1.3): the province over the department, "Số: …/TTr-STNMT", "TỜ TRÌNH",
 * what it is about, "Kính gửi", what was received and found at review, the proposal, recipients and
 * "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC". It goes to the committee with the draft decision; it is an
 * intermediate document of the inter-agency procedure, not its result (seed 001 §2.3).
 */
export interface LandUseSubmissionData {
  documentNumber?: string;
  symbol?: string;
  issuedAt: Date;
  provinceName: string;
  /** "Sở Tài nguyên và Môi trường" */
  departmentName: string;
  organizationName: string;
  organizationTaxCode: string;
  /** when the dossier was received, "20/11/2026" */
  receivedOn: string;
  record: Omit<LandUseDecisionRecord, 'submission'>;
  /** what the department's review found, in its specialist's words */
  reviewOpinion: string;
  dossierCode: string;
  signerTitle?: string[];
}

export async function renderLandUseSubmission(data: LandUseSubmissionData): Promise<Buffer> {
  const { doc, page, regular, bold, width, numberPart, symbolPart } = await newResultDocument('Tờ trình đề nghị cho phép chuyển mục đích sử dụng đất', { ...data, symbol: data.symbol ?? 'TTr-STNMT' });
  drawDocumentHeader(page, { regular, bold }, {
    agencyLines: [`UBND TỈNH ${data.provinceName.toUpperCase()}`, data.departmentName.toUpperCase()], symbol: symbolPart,
    ...(numberPart ? { numberPart } : {}), ...(data.documentNumber ? { issuedAt: data.issuedAt } : {}), place: data.provinceName,
  });
  const { line, space, close } = bodyWriter(page, width);
  const r = data.record;
  line('TỜ TRÌNH', bold, 14, { center: true });
  line(`Về việc đề nghị cho phép ${data.organizationName} chuyển mục đích sử dụng đất`, bold, 13, { center: true, gap: 6 });
  line(`Kính gửi: Ủy ban nhân dân tỉnh ${data.provinceName}.`, regular, 12, { center: true, gap: 6 });
  for (const g of LAND_LAW_GROUNDS) line(g, regular, 11, { indent: 20 });
  space(2);
  line(`Ngày ${data.receivedOn}, ${data.departmentName} tiếp nhận hồ sơ ${data.dossierCode} của ${data.organizationName} (mã số thuế ${data.organizationTaxCode}) xin phép chuyển mục đích sử dụng ${parcelText(r)}, từ ${r.fromPurpose} sang ${r.toPurpose}.`, regular, 11, { indent: 20 });
  line(`Kết quả thẩm định: ${data.reviewOpinion}`, regular, 11, { indent: 20 });
  line(`${data.departmentName} kính trình Ủy ban nhân dân tỉnh xem xét, quyết định cho phép ${data.organizationName} chuyển mục đích sử dụng đất nêu trên; thời hạn sử dụng đất: ${r.term} (kèm theo dự thảo Quyết định)./.`, regular, 11, { indent: 20 });
  close({ regular, bold }, ['- Như trên;', '- Giám đốc Sở (b/c);', '- Lưu: VT, CCQLĐĐ.'], data.signerTitle ?? ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
