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

/**
 * Where the stamp goes, as the page is SHOWN: a scan saved sideways with /Rotate 90 is read upright, and
 * "top-left" is the top-left the reader sees. `rect` is the widget rectangle [x1, y1, x2, y2] in
 * (unrotated) page space; `width` × `height` the box as read; `rotation` the page's /Rotate, which the
 * appearance turns back so the text reads upright.
 */
export interface StampBox {
  rect: number[];
  width: number;
  height: number;
  rotation: 0 | 90 | 180 | 270;
}

export function stampRect(page: PDFPage, placement: StampPlacement, lineCount: number): StampBox {
  const box = page.getCropBox();
  const rotation = ((((page.getRotation().angle % 360) + 360) % 360) / 90 | 0) * 90 as StampBox['rotation'];
  const sideways = rotation === 90 || rotation === 270;
  // the page as shown: its width and height
  const shownW = sideways ? box.height : box.width;
  const shownH = sideways ? box.width : box.height;
  const height = Math.max(STAMP_MIN_HEIGHT, 2 * PADDING + lineCount * MAX_FONT_SIZE * LINE_FACTOR);
  const left = MARGIN;
  const right = shownW - MARGIN - STAMP_WIDTH;
  const top = shownH - MARGIN - height;
  const bottom = MARGIN;
  const [dx, dy] = placement === 'top-left' ? [left, top] : placement === 'top-right' ? [right, top] : [right, bottom];
  // shown (x, y) → page space; the viewer turns the page clockwise by `rotation`
  const toPage = (x: number, y: number): [number, number] => {
    switch (rotation) {
      case 90: return [box.width - y, x];
      case 180: return [box.width - x, box.height - y];
      case 270: return [y, box.height - x];
      default: return [x, y];
    }
  };
  const [ax, ay] = toPage(dx, dy);
  const [bx, by] = toPage(dx + STAMP_WIDTH, dy + height);
  return {
    rect: [box.x + Math.min(ax, bx), box.y + Math.min(ay, by), box.x + Math.max(ax, bx), box.y + Math.max(ay, by)],
    width: STAMP_WIDTH,
    height,
    rotation,
  };
}

/** Largest size up to 9 pt at which every line fits the box width. */
function fittingSize(font: PDFFont, lines: string[], width: number): number {
  const widest = Math.max(...lines.map((line) => font.widthOfTextAtSize(line, MAX_FONT_SIZE)));
  const size = widest > width ? (MAX_FONT_SIZE * width) / widest : MAX_FONT_SIZE;
  return Math.max(MIN_FONT_SIZE, Math.floor(size * 10) / 10);
}

/**
 * Builds the appearance form XObject for the stamp and registers it under `ref`. It is drawn as read
 * (width × height) and, on a rotated page, turned counter-clockwise by the page's rotation (/Matrix), so
 * the viewer, which turns the page and its widgets clockwise, shows it upright.
 */
export function buildStampAppearance(doc: PDFDocument, ref: PDFRef, stamp: StampBox, font: PDFFont, lines: string[]) {
  const { width, height, rotation } = stamp;
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
  const matrix: Record<StampBox['rotation'], number[]> = { 0: [1, 0, 0, 1, 0, 0], 90: [0, 1, -1, 0, 0, 0], 180: [-1, 0, 0, -1, 0, 0], 270: [0, -1, 1, 0, 0, 0] };
  const stream = doc.context.formXObject(operators, {
    BBox: [0, 0, width, height],
    ...(rotation ? { Matrix: matrix[rotation] } : {}),
    Resources: { Font: { F1: font.ref } },
  });
  doc.context.assign(ref, stream);
}
