import { PageSizes, type PDFFont, rgb } from 'pdf-lib';
import { vn } from './font';
import { centered, drawDocumentHeader, newResultDocument, RESULT_LAYOUT, RIGHT_COL } from './render-result';

/**
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

export async function renderLandUseDecision(data: LandUseDecisionData): Promise<Buffer> {
  const { doc, page, regular, bold, width, numberPart, symbolPart } = await newResultDocument('Quyết định cho phép chuyển mục đích sử dụng đất', { ...data, symbol: data.symbol ?? 'QĐ-UBND' });
  drawDocumentHeader(page, { regular, bold }, {
    agencyLines: ['ỦY BAN NHÂN DÂN', `TỈNH ${data.provinceName.toUpperCase()}`], symbol: symbolPart,
    ...(numberPart ? { numberPart } : {}), ...(data.documentNumber ? { issuedAt: data.issuedAt } : {}), place: data.provinceName,
  });

  let y = 678;
  const line = (text: string, font: PDFFont, size: number, opts: { center?: boolean; indent?: number; gap?: number } = {}) => {
    const lines = wrapText(text, font, size, TEXT_WIDTH - (opts.indent ?? 0));
    for (const [i, l] of lines.entries()) {
      if (opts.center) centered(page, l, width / 2, y, font, size);
      else page.drawText(l, { x: MARGIN_LEFT + (i === 0 ? opts.indent ?? 0 : 0), y, size, font, color: BLACK });
      y -= size + 3;
    }
    y -= opts.gap ?? 0;
  };
  const r = data.record;
  line('QUYẾT ĐỊNH', bold, 14, { center: true });
  line(`Về việc cho phép ${data.organizationName} chuyển mục đích sử dụng đất`, bold, 13, { center: true, gap: 8 });
  line(`ỦY BAN NHÂN DÂN TỈNH ${data.provinceName.toUpperCase()}`, bold, 12, { center: true, gap: 4 });
  const grounds = [
    'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
    'Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;',
    'Căn cứ Nghị định số 43/2014/NĐ-CP ngày 15 tháng 5 năm 2014 của Chính phủ quy định chi tiết thi hành một số điều của Luật Đất đai;',
    'Căn cứ Thông tư số 30/2014/TT-BTNMT ngày 02 tháng 6 năm 2014 của Bộ Tài nguyên và Môi trường quy định về hồ sơ giao đất, cho thuê đất, chuyển mục đích sử dụng đất, thu hồi đất;',
    `Xét đề nghị của ${data.submittingAgencyName}${r.submission ? ` tại Tờ trình số ${r.submission.number} ngày ${r.submission.date}` : ''} (hồ sơ ${data.dossierCode}).`,
  ];
  for (const g of grounds) line(g, regular, 11, { indent: 20 });
  y -= 4;
  line('QUYẾT ĐỊNH:', bold, 12, { center: true, gap: 2 });
  line(`Điều 1. Cho phép ${data.organizationName} (mã số thuế ${data.organizationTaxCode}) chuyển mục đích sử dụng ${areaText(r.parcel.areaM2)} m² đất tại thửa đất số ${r.parcel.number}, tờ bản đồ số ${r.parcel.mapSheet}, ${r.parcel.address}, từ ${r.fromPurpose} sang ${r.toPurpose}. Thời hạn sử dụng đất: ${r.term}.`, regular, 11, { indent: 20 });
  line(`Điều 2. ${data.organizationName} có trách nhiệm nộp tiền sử dụng đất, tiền thuê đất, lệ phí theo quy định; sử dụng đất đúng mục đích, đúng ranh giới; ${data.submittingAgencyName} chỉnh lý hồ sơ địa chính và cấp đổi Giấy chứng nhận theo quy định.`, regular, 11, { indent: 20 });
  line(`Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc ${data.submittingAgencyName}, Cục trưởng Cục Thuế tỉnh và ${data.organizationName} chịu trách nhiệm thi hành Quyết định này.`, regular, 11, { indent: 20 });
  const title = data.signerTitle ?? ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'];
  const signatureTop = RESULT_LAYOUT.signerTitleY + title.length * 14 + 6;
  if (y < signatureTop) throw new Error(`the decision's text runs into the signature block (${Math.round(signatureTop - y)} pt too long)`);

  // recipients bottom-left; the signature block bottom-right (title lines, then the signature's room)
  const small = (text: string, font: PDFFont, at: number) => page.drawText(vn(text), { x: MARGIN_LEFT - 20, y: at, size: 9, font, color: BLACK });
  small('Nơi nhận:', bold, RESULT_LAYOUT.signerTitleY + 12);
  ['- Như Điều 3;', `- ${data.organizationName};`, '- Văn phòng Đăng ký đất đai;', '- Lưu: VT.'].forEach((t, i) => small(t, regular, RESULT_LAYOUT.signerTitleY - 1 - i * 12));
  title.forEach((t, i) => centered(page, t, RIGHT_COL, RESULT_LAYOUT.signerTitleY + (title.length - 1 - i) * 14, bold, 12));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
