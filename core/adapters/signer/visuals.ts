import {
  PDFDocument, PDFFont, PDFHexString, PDFImage, PDFName, PDFPage, PDFRef, PDFString,
  closePath, degrees, drawEllipse, drawImage, drawText, fill, lineTo, moveTo,
  popGraphicsState, pushGraphicsState, rgb, setFillingRgbColor, type PDFOperator,
} from 'pdf-lib';
import { vn } from '../../pdf/font';

/**
 * The visible signatures of an issued document (Decree 30/2020 Annex I; DOMAIN.md §10), drawn as the
 * appearance stream of the signature widget, never as page content, so that a later signature's
 * incremental update leaves every byte an earlier signature covers untouched:
 *  - the leader's signature: their registered signature image (scanned wet signature, blue, transparent
 *    PNG) centred between the signer's title and name; the name is drawn under it in the same box;
 *  - the organization's signature: the red seal at its real size, over about a third of the leader's
 *    signature image on the left; no text (number, symbol and date are filled in by the clerk, below).
 * Rectangles are in the coordinates of an unrotated page (our generated results).
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const MM = 72 / 25.4;
const SEAL_RED = rgb(0.85, 0.07, 0.1);
const BLACK = rgb(0, 0, 0);
const noTransform = { rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) };
export const NAME_SIZE = 13;

export type SignatureVisual =
  | { kind: 'handwritten'; area: Rect; image: Buffer; name: string }
  | { kind: 'seal'; area: Rect; agencyName: string };

/** Where the image sits inside the handwritten box: fitted above the name line, centred. */
export function handwrittenImageRect(area: Rect, imageWidth: number, imageHeight: number): Rect {
  const room = { width: area.width, height: area.height - NAME_SIZE * 1.8 };
  const scale = Math.min(room.width / imageWidth, room.height / imageHeight);
  const width = imageWidth * scale;
  const height = imageHeight * scale;
  return { x: area.x + (area.width - width) / 2, y: area.y + area.height - height, width, height };
}

/**
 * The seal's square for a given diameter, so that the seal covers the left third of the leader's
 * signature image and is centred on it vertically (Decree 30/2020 Annex I: "trùm lên khoảng 1/3 hình ảnh
 * chữ ký số của người có thẩm quyền về phía bên trái").
 */
export function sealArea(signatureImage: Rect, diameterMm: number): Rect {
  const d = diameterMm * MM;
  const right = signatureImage.x + signatureImage.width / 3;
  return { x: right - d, y: signatureImage.y + signatureImage.height / 2 - d / 2, width: d, height: d };
}

type FormResources = { Font: { F1: PDFRef }; XObject?: { Im1: PDFRef } };

function formXObject(doc: PDFDocument, ref: PDFRef, area: Rect, operators: PDFOperator[], resources: FormResources) {
  doc.context.assign(ref, doc.context.formXObject(operators, { BBox: [0, 0, area.width, area.height], Resources: resources }));
}

export function buildHandwrittenAppearance(doc: PDFDocument, ref: PDFRef, visual: Extract<SignatureVisual, { kind: 'handwritten' }>, image: PDFImage, font: PDFFont) {
  const { area } = visual;
  const at = handwrittenImageRect(area, image.width, image.height);
  const name = vn(visual.name);
  const nameWidth = font.widthOfTextAtSize(name, NAME_SIZE);
  formXObject(doc, ref, area, [
    ...drawImage('Im1', { x: at.x - area.x, y: at.y - area.y, width: at.width, height: at.height, ...noTransform }),
    ...drawText(font.encodeText(name), { x: (area.width - nameWidth) / 2, y: NAME_SIZE * 0.4, size: NAME_SIZE, font: 'F1', color: BLACK, ...noTransform }),
  ], { XObject: { Im1: image.ref }, Font: { F1: font.ref } });
}

/**
 * A round seal: outer and inner ring, the agency's name in capitals around it, a star in the middle
 * (the layout of state agencies' seals). Drawn as vectors at the seal's real size.
 */
export function buildSealAppearance(doc: PDFDocument, ref: PDFRef, visual: Extract<SignatureVisual, { kind: 'seal' }>, font: PDFFont) {
  const d = visual.area.width;
  const r = d / 2;
  const text = vn(visual.agencyName.toUpperCase());
  const chars = [...text];
  const arc = (320 * Math.PI) / 180; // the name runs over the top, leaving the bottom open
  const baseline = r * 0.7;
  const size = Math.min(r * 0.2, (baseline * arc) / chars.length / 0.72);
  const step = arc / chars.length;
  const start = Math.PI / 2 + arc / 2 - step / 2; // first letter on the lower left, travelling clockwise
  const letters = chars.flatMap((ch, i) => {
    const phi = start - i * step;
    const w = font.widthOfTextAtSize(ch, size);
    // glyph upright pointing outwards, centred on its radial line
    const x = r + baseline * Math.cos(phi) - (w / 2) * Math.sin(phi);
    const y = r + baseline * Math.sin(phi) + (w / 2) * Math.cos(phi);
    return drawText(font.encodeText(ch), { x, y, size, font: 'F1', color: SEAL_RED, rotate: degrees((phi * 180) / Math.PI - 90), xSkew: degrees(0), ySkew: degrees(0) });
  });
  const star = starPath(r, r, r * 0.3, r * 0.12);
  formXObject(doc, ref, visual.area, [
    ...drawEllipse({ x: r, y: r, xScale: r - 1, yScale: r - 1, borderWidth: 1.8, borderColor: SEAL_RED, color: undefined }),
    ...drawEllipse({ x: r, y: r, xScale: r * 0.6, yScale: r * 0.6, borderWidth: 0.9, borderColor: SEAL_RED, color: undefined }),
    ...letters,
    pushGraphicsState(),
    ...star,
    popGraphicsState(),
  ], { Font: { F1: font.ref } });
}

function starPath(cx: number, cy: number, outer: number, inner: number): PDFOperator[] {
  const points = Array.from({ length: 10 }, (_, i) => {
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    const radius = i % 2 === 0 ? outer : inner;
    return [cx + radius * Math.cos(a), cy + radius * Math.sin(a)] as const;
  });
  return [
    setFillingRgbColor(SEAL_RED.red, SEAL_RED.green, SEAL_RED.blue),
    ...points.map(([x, y], i) => (i === 0 ? moveTo(x, y) : lineTo(x, y))),
    closePath(),
    fill(),
  ];
}

/**
 * What the clerk fills in at issuance — the number and the date in the blanks of the signed draft — as
 * locked print annotations in the same incremental update as the organization's signature, which so
 * covers them. The text sits on the blank's baseline (4 pt above its bottom), as the template's own.
 */
export interface FilledLine {
  area: Rect;
  text: string;
  size?: number;
}

export function addFilledLine(doc: PDFDocument, page: PDFPage, font: PDFFont, line: FilledLine) {
  const size = line.size ?? 12;
  const text = vn(line.text);
  const width = font.widthOfTextAtSize(text, size);
  const { area } = line;
  const appearance = doc.context.register(doc.context.formXObject([
    ...drawText(font.encodeText(text), { x: (area.width - width) / 2, y: 4, size, font: 'F1', color: BLACK, ...noTransform }),
  ], { BBox: [0, 0, area.width, area.height], Resources: { Font: { F1: font.ref } } }));
  const annotation = doc.context.register(doc.context.obj({
    Type: 'Annot',
    Subtype: 'FreeText',
    Rect: [area.x, area.y, area.x + area.width, area.y + area.height],
    Contents: PDFHexString.fromText(text),
    DA: PDFString.of(`/F1 ${size} Tf 0 g`),
    F: 4 | 128, // print, locked
    AP: { N: appearance },
    P: page.ref,
  }));
  const annots = page.node.Annots();
  if (annots) annots.push(annotation);
  else page.node.set(PDFName.of('Annots'), doc.context.obj([annotation]));
}
