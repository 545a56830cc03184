import { rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { vn } from './font';

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

