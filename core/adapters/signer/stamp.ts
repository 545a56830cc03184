import { PDFDocument, PDFFont, PDFPage, PDFRef, degrees, drawRectangle, drawText, rgb } from 'pdf-lib';
import { vn } from '../../pdf/font';
import { formatLocalDateTime } from '../../rules/local-time';

/**
 * The visible part of a digital signature: a bordered box with the signer's name and the signing time,
 * drawn as the appearance stream (/AP /N) of the signature widget, so that adding a later signature in an
 * incremental update never has to touch the page content already covered by an earlier signature.
 *
 * Placement (Decree 30/2020 Annex I; DOMAIN.md section 10): the digitizer's personal signature on a
 * scanned component goes top-left of page 1 (seed 004); the organization's signature on copies and
 * attachments goes top-right of page 1 with number/symbol and time, black text, no image; the leader signs
 * in the signature block, which on our generated results sits bottom-right.
 */
export type StampPlacement = 'top-left' | 'top-right' | 'bottom-right';

export const STAMP_WIDTH = 190;
export const STAMP_MIN_HEIGHT = 50;
const MARGIN = 14; // ~5 mm from the page edge, inside the top margin (20-25 mm) of Decree 30 layouts
const PADDING = 4;
const MAX_FONT_SIZE = 9;
const MIN_FONT_SIZE = 5;
const LINE_FACTOR = 1.25;

/** "dd/MM/yyyy HH:mm:ss (+07:00)": Vietnam uses a fixed UTC+7 offset (no daylight saving time). */
/** Stamps show Vietnam time (Decree 30/2020 Annex I: signing time, ISO 8601 offset). */
export const formatVietnamTime = (date: Date): string => formatLocalDateTime(date, '+07:00');

export function stampLines(signerName: string, signedAt: Date, extra: string[] = []): string[] {
  return [`Ký bởi: ${signerName}`, `Thời gian: ${formatVietnamTime(signedAt)}`, ...extra].map(vn);
}

/** Widget rectangle [x1, y1, x2, y2] in page space (crop box; page rotation is not compensated). */
export function stampRect(page: PDFPage, placement: StampPlacement, lineCount: number): number[] {
  const box = page.getCropBox();
  const height = Math.max(STAMP_MIN_HEIGHT, 2 * PADDING + lineCount * MAX_FONT_SIZE * LINE_FACTOR);
  const left = box.x + MARGIN;
  const right = box.x + box.width - MARGIN - STAMP_WIDTH;
  const top = box.y + box.height - MARGIN - height;
  const bottom = box.y + MARGIN;
  const [x, y] =
    placement === 'top-left' ? [left, top] : placement === 'top-right' ? [right, top] : [right, bottom];
  return [x, y, x + STAMP_WIDTH, y + height];
}

/** Largest size up to 9 pt at which every line fits the box width. */
function fittingSize(font: PDFFont, lines: string[], width: number): number {
  const widest = Math.max(...lines.map((line) => font.widthOfTextAtSize(line, MAX_FONT_SIZE)));
  const size = widest > width ? (MAX_FONT_SIZE * width) / widest : MAX_FONT_SIZE;
  return Math.max(MIN_FONT_SIZE, Math.floor(size * 10) / 10);
}

/** Builds the appearance form XObject for a widget of the given rect and registers it under `ref`. */
export function buildStampAppearance(doc: PDFDocument, ref: PDFRef, rect: number[], font: PDFFont, lines: string[]) {
  const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = rect;
  const width = x2 - x1;
  const height = y2 - y1;
  const size = fittingSize(font, lines, width - 2 * PADDING);
  const noTransform = { rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) };
  const operators = [
    ...drawRectangle({
      x: 0.5, y: 0.5, width: width - 1, height: height - 1, borderWidth: 0.8,
      color: undefined, borderColor: rgb(0, 0, 0), ...noTransform, // transparent: never hide scanned content
    }),
    ...lines.flatMap((line, i) =>
      drawText(font.encodeText(line), {
        x: PADDING, y: height - PADDING - size - i * size * LINE_FACTOR, size,
        font: 'F1', color: rgb(0, 0, 0), ...noTransform,
      }),
    ),
  ];
  const stream = doc.context.formXObject(operators, {
    BBox: [0, 0, width, height],
    Resources: { Font: { F1: font.ref } },
  });
  doc.context.assign(ref, stream);
}
