import { PageSizes, PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { embedVietnameseFont, vn } from './font';

/** Drawing helpers shared by the one-stop forms (receipt, supplement request, refusal). */
export const BLACK = rgb(0, 0, 0);

export function text(page: PDFPage, value: string, x: number, y: number, font: PDFFont, size: number): void {
  page.drawText(vn(value), { x, y, size, font, color: BLACK });
}

export function centered(page: PDFPage, value: string, cx: number, y: number, font: PDFFont, size: number): void {
  text(page, value, cx - font.widthOfTextAtSize(vn(value), size) / 2, y, font, size);
}

/** Lines of at most `width` points, broken at spaces. */
export function wrap(value: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of vn(value).split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) > width && line) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}


/**
 * A one-stop form's page as written top to bottom: the text column (left … right) and the height
 * reached (`y`); `line` writes a wrapped paragraph and moves down.
 */
export interface FormPage {
  doc: PDFDocument;
  page: PDFPage;
  regular: PDFFont;
  bold: PDFFont;
  width: number;
  left: number;
  y: number;
  line(value: string, font?: PDFFont, size?: number): void;
}

/**
 * Starts an A4 one-stop form (forms 01–05 of Circular 03/2025/TT-VPCP): embedded Unicode fonts, the
 * agency and its desk top-left, the national motto top-right (with the place and date when given), the
 * title and the dossier code; writing continues below them.
 */
export async function startOneStopForm(form: { title: string; dossierCode: string; agencyName: string; dateText?: string; createdAt: Date }): Promise<FormPage> {
  const doc = await PDFDocument.create();
  doc.setTitle(vn(`${form.title} ${form.dossierCode}`));
  doc.setCreationDate(form.createdAt);
  doc.setModificationDate(form.createdAt);
  const regular = await embedVietnameseFont(doc, 'regular');
  const bold = await embedVietnameseFont(doc, 'bold');
  const page = doc.addPage(PageSizes.A4);
  const { width } = page.getSize();
  const left = 70;
  const right = width - 60;
  centered(page, form.agencyName.toUpperCase(), 150, 780, bold, 11);
  centered(page, 'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ', 150, 766, bold, 10);
  centered(page, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', width - 175, 780, bold, 11);
  centered(page, 'Độc lập - Tự do - Hạnh phúc', width - 175, 766, bold, 11);
  if (form.dateText) centered(page, form.dateText, width - 175, 740, regular, 10);
  const titleY = form.dateText ? 705 : 720;
  centered(page, form.title, width / 2, titleY, bold, 14);
  centered(page, `Mã hồ sơ: ${form.dossierCode}`, width / 2, titleY - 20, bold, 12);
  const written: FormPage = {
    doc, page, regular, bold, width, left, y: titleY - 50,
    line(value, font = regular, size = 11) {
      for (const l of wrap(value, font, size, right - left)) {
        text(page, l, left, written.y, font, size);
        written.y -= size + 5;
      }
    },
  };
  return written;
}
