import { PageSizes, PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { embedVietnameseFont, vn } from './font';
import { centered, text, wrap } from './layout';

/**
 * Phiếu kiểm soát quá trình giải quyết hồ sơ — the processing control sheet (Circular 03/2025/TT-VPCP
 * Annex I form 06, after Circular 01/2018 form 06): who held the dossier and when, from its receipt to
 * its return, each hand-over marked before / on / after the due date. Made from the audit log, the one
 * record of who did what when (api/dossiers/control-sheet.ts).
 */
export interface ControlSheetRow {
  /** "23/11/2026 09:30:00 (+07:00)" */
  atText: string;
  step: string;
  /** who did it: the person's name, or "Hệ thống" for an automatic step */
  actor: string;
  timing: 'Trước hạn' | 'Đúng hạn' | 'Quá hạn';
  note?: string;
}

export interface ControlSheetData {
  agencyName: string;
  dossierCode: string;
  procedureName: string;
  applicantName: string;
  receivedAtText: string;
  dueAtText: string;
  rows: ControlSheetRow[];
}

const COLUMNS = [
  { title: 'Thời gian', width: 82 },
  { title: 'Bước xử lý', width: 140 },
  { title: 'Người thực hiện', width: 110 },
  { title: 'Kết quả', width: 58 },
  { title: 'Ghi chú', width: 125 },
] as const;

export async function renderControlSheet(data: ControlSheetData, createdAt: Date): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(vn(`Phiếu kiểm soát quá trình giải quyết hồ sơ ${data.dossierCode}`));
  doc.setCreationDate(createdAt);
  doc.setModificationDate(createdAt);
  const regular = await embedVietnameseFont(doc, 'regular');
  const bold = await embedVietnameseFont(doc, 'bold');
  const left = 50;
  let page: PDFPage = doc.addPage(PageSizes.A4);
  const { width } = page.getSize();
  let y = 0;

  const header = () => {
    centered(page, data.agencyName.toUpperCase(), 150, 790, bold, 10);
    centered(page, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', width - 170, 790, bold, 10);
    centered(page, 'Độc lập - Tự do - Hạnh phúc', width - 170, 776, bold, 10);
    y = 750;
  };
  const newPage = () => {
    page = doc.addPage(PageSizes.A4);
    header();
    tableHead();
  };
  const cellLines = (value: string, font: PDFFont, w: number) => wrap(value, font, 8.5, w - 6);
  const tableHead = () => {
    let x = left;
    for (const c of COLUMNS) {
      text(page, c.title, x + 3, y, bold, 9);
      x += c.width;
    }
    page.drawLine({ start: { x: left, y: y - 4 }, end: { x: left + COLUMNS.reduce((s, c) => s + c.width, 0), y: y - 4 }, thickness: 0.6 });
    y -= 16;
  };

  header();
  centered(page, 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', width / 2, y, bold, 13);
  y -= 18;
  centered(page, `Mã hồ sơ: ${data.dossierCode}`, width / 2, y, bold, 11);
  y -= 22;
  for (const line of [
    `Thủ tục: ${data.procedureName}`, `Người nộp: ${data.applicantName}`,
    `Thời gian nhận hồ sơ: ${data.receivedAtText}`, `Thời gian hẹn trả kết quả: ${data.dueAtText}`,
  ]) {
    for (const l of wrap(line, regular, 10, width - 2 * left)) {
      text(page, l, left, y, regular, 10);
      y -= 14;
    }
  }
  y -= 8;
  tableHead();
  for (const row of data.rows) {
    const cells = [row.atText, row.step, row.actor, row.timing, row.note ?? ''];
    const lines = cells.map((v, i) => cellLines(v, i === 3 && row.timing === 'Quá hạn' ? bold : regular, COLUMNS[i]!.width));
    const height = Math.max(...lines.map((l) => l.length)) * 11 + 4;
    if (y - height < 60) newPage();
    let x = left;
    lines.forEach((ls, i) => {
      ls.forEach((l, k) => text(page, l, x + 3, y - k * 11, i === 3 && row.timing === 'Quá hạn' ? bold : regular, 8.5));
      x += COLUMNS[i]!.width;
    });
    y -= height;
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
