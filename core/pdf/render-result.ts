import { PageSizes, PDFDocument, PDFFont, PDFName, PDFPage, degrees, drawImage, rgb } from 'pdf-lib';
import { embedVietnameseFont, vn } from './font';
import { registerBookOf, type BirthRecord, type ParentRecord } from '../rules/birth-record';
import { a4Pixels, deflateRaster, scanRaster, SCAN_DPI } from './raster';

/**
 * Result documents and test scans drawn with pdf-lib. Layout follows Decree 30/2020 Annex I: agency name
 * top-left, national heading top-right, number/symbol under the agency, place and date under the motto,
 * title centred, signature block bottom-right: the signer's title, then the room where the leader's
 * signature image and name go (their digital signature's appearance), over which the organization's seal
 * lands at issuance. Number and date stay blank in the draft: the clerk fills them in (RESULT_LAYOUT).
 */
export interface BirthExtractData {
  /**
   * number/symbol, e.g. "15/TLKS-BS". Absent in the draft the leader signs: the clerk numbers and dates
   * the signed document at issuance (RESULT_LAYOUT.number, .date).
   */
  documentNumber?: string;
  /** the symbol alone, printed after the blank number of a draft */
  symbol?: string;
  /** the date printed on an issued document; the file's creation date of a draft */
  issuedAt: Date;
  agencyName: string;
  childName: string;
  childDateOfBirth: string;
  applicantName: string;
  dossierCode: string;
  record?: BirthRecord;
  /** the signer's title in the signature block */
  signerTitle?: string;
}

const BLACK = rgb(0, 0, 0);
const A4_WIDTH = PageSizes.A4[0];
export const LEFT_COL = 150; // centre of the agency column
export const RIGHT_COL = A4_WIDTH - 185; // centre of the national-heading column

/**
 * Where, on page 1 of a result, the clerk's number and date go and the leader's signature is placed
 * (unrotated A4, points from the bottom-left corner).
 */
export const RESULT_LAYOUT = {
  /** the blanks of "Số:      /TLKS-BS" and "Ngày     tháng     năm      " */
  number: { x: LEFT_COL - 22, y: 721, width: 44, height: 16 },
  day: { x: RIGHT_COL - 62, y: 704, width: 24, height: 16 },
  month: { x: RIGHT_COL + 4, y: 704, width: 24, height: 16 },
  year: { x: RIGHT_COL + 62, y: 704, width: 40, height: 16 },
  /** the register entry: registration date, entry number (the extract's number) and book */
  registeredOn: { x: 215, y: 313, width: 90, height: 16 },
  entry: { x: 135, y: 291, width: 44, height: 16 },
  book: { x: 250, y: 291, width: 60, height: 16 },
  signerTitleY: 196,
  signature: { x: RIGHT_COL - 100, y: 70, width: 200, height: 108 },
} as const;

export type IssueBlank = { area: { x: number; y: number; width: number; height: number }; text: string; size?: number };

/** What the clerk writes into the head of any document at issuance: the number and the date's day, month and year. */
export function documentBlanks(number: number, issuedAt: Date): IssueBlank[] {
  const { d, m, y } = vnDate(issuedAt);
  const padded = number < 10 ? `0${number}` : String(number);
  return [
    { area: RESULT_LAYOUT.number, text: padded },
    { area: RESULT_LAYOUT.day, text: d },
    { area: RESULT_LAYOUT.month, text: m },
    { area: RESULT_LAYOUT.year, text: String(y) },
  ];
}

/**
 * What the clerk writes into a birth extract at issuance: the head's blanks and the register entry (the
 * birth is registered under the extract's number, in the year's book, that day).
 */
export function issueBlanks(number: number, issuedAt: Date): IssueBlank[] {
  const { d, m, y } = vnDate(issuedAt);
  const padded = number < 10 ? `0${number}` : String(number);
  return [
    ...documentBlanks(number, issuedAt),
    { area: RESULT_LAYOUT.registeredOn, text: `${d}/${m}/${y}`, size: 11 },
    { area: RESULT_LAYOUT.entry, text: padded, size: 11 },
    { area: RESULT_LAYOUT.book, text: registerBookOf(y), size: 11 },
  ];
}

/** Calendar date in Vietnam (fixed UTC+7). */
export function vnDate(date: Date): { d: string; m: string; y: number } {
  const t = new Date(date.getTime() + 7 * 60 * 60 * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return { d: p(t.getUTCDate()), m: p(t.getUTCMonth() + 1), y: t.getUTCFullYear() };
}

export function centered(page: PDFPage, text: string, cx: number, y: number, font: PDFFont, size: number) {
  const line = vn(text);
  page.drawText(line, { x: cx - font.widthOfTextAtSize(line, size) / 2, y, size, font, color: BLACK });
  return font.widthOfTextAtSize(line, size);
}

const BLANK = '……………';

/**
 * The head of an administrative document (Decree 30/2020 Annex I): the issuing agency top-left (its
 * parent first, when there is one, e.g. "ỦY BAN NHÂN DÂN" over "TỈNH GIA LAI"), "Số: …/SYMBOL" under it,
 * the national heading and motto top-right, and "<place>, ngày … tháng … năm …" under the motto. The
 * number and the date go in RESULT_LAYOUT's blanks: filled when given, else left for the clerk.
 */
export function drawDocumentHeader(
  page: PDFPage, fonts: { regular: PDFFont; bold: PDFFont },
  head: { agencyLines: string[]; symbol: string; numberPart?: string; issuedAt?: Date; place?: string },
): void {
  const { regular, bold } = fonts;
  const L = RESULT_LAYOUT;
  // the agency's lines stand above the number line, the lowest at 750 for one line as before
  head.agencyLines.forEach((line, i) => centered(page, line, LEFT_COL, 750 + (head.agencyLines.length - 1 - i) * 14, bold, 12));
  const baseline = (r: { y: number }) => r.y + 4;
  const inBlank = (r: { x: number; y: number; width: number }, text: string) => centered(page, text, r.x + r.width / 2, baseline(r), regular, 12);
  const rightAligned = (text: string, x: number, y: number) => page.drawText(vn(text), { x: x - regular.widthOfTextAtSize(vn(text), 12), y, size: 12, font: regular, color: BLACK });
  rightAligned('Số:', L.number.x - 2, baseline(L.number));
  page.drawText(vn(`/${head.symbol}`), { x: L.number.x + L.number.width + 1, y: baseline(L.number), size: 12, font: regular, color: BLACK });
  if (head.numberPart) inBlank(L.number, head.numberPart);
  centered(page, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', RIGHT_COL, 750, bold, 12);
  const mottoWidth = centered(page, 'Độc lập - Tự do - Hạnh phúc', RIGHT_COL, 734, bold, 13);
  page.drawLine({ start: { x: RIGHT_COL - mottoWidth / 2, y: 730 }, end: { x: RIGHT_COL + mottoWidth / 2, y: 730 }, thickness: 0.6 });
  rightAligned(head.place ? `${head.place}, ngày` : 'Ngày', L.day.x - 2, baseline(L.day));
  centered(page, 'tháng', (L.day.x + L.day.width + L.month.x) / 2, baseline(L.day), regular, 12);
  centered(page, 'năm', (L.month.x + L.month.width + L.year.x) / 2, baseline(L.day), regular, 12);
  if (head.issuedAt) {
    const { d, m, y } = vnDate(head.issuedAt);
    inBlank(L.day, d);
    inBlank(L.month, m);
    inBlank(L.year, String(y));
  }
}

/**
 * A one-page A4 result with the Vietnamese fonts: its title is `<what> <number/symbol>` (the symbol alone
 * in a draft), and the number and symbol come back split for the document head.
 */
export async function newResultDocument(what: string, data: { documentNumber?: string; symbol?: string; issuedAt: Date }) {
  const doc = await PDFDocument.create();
  const [numberPart, symbolPart] = data.documentNumber ? data.documentNumber.split('/') : ['', data.symbol ?? ''];
  doc.setTitle(vn(`${what} ${data.documentNumber ?? `/${symbolPart ?? ''}`}`));
  doc.setCreationDate(data.issuedAt);
  const regular = await embedVietnameseFont(doc, 'regular');
  const bold = await embedVietnameseFont(doc, 'bold');
  const page = doc.addPage(PageSizes.A4);
  return { doc, page, regular, bold, width: page.getSize().width, numberPart: numberPart ?? '', symbolPart: symbolPart ?? '' };
}

export async function renderBirthExtract(data: BirthExtractData): Promise<Buffer> {
  const { doc, page, regular, bold, width, numberPart, symbolPart } = await newResultDocument('Trích lục khai sinh', data);

  drawDocumentHeader(page, { regular, bold }, {
    agencyLines: [data.agencyName.toUpperCase()], symbol: symbolPart, ...(numberPart ? { numberPart } : {}),
    ...(data.documentNumber ? { issuedAt: data.issuedAt } : {}),
  });
  const L = RESULT_LAYOUT;
  const baseline = (r: { y: number }) => r.y + 4;

  centered(page, 'TRÍCH LỤC KHAI SINH', width / 2, 660, bold, 16);
  const r = data.record;
  const parent = (p: ParentRecord | undefined): [string, string][] => [
    ['Năm sinh', p?.birthYear ? String(p.birthYear) : BLANK],
    ['Dân tộc', p?.ethnicity ?? BLANK],
    ['Quốc tịch', p?.nationality ?? BLANK],
  ];
  const rows: { label: string; value: string; strong?: boolean; inline?: [string, string][] }[] = [
    { label: 'Họ, chữ đệm, tên', value: data.childName.toUpperCase(), strong: true },
    { label: 'Ngày, tháng, năm sinh', value: vietnameseDate(data.childDateOfBirth) },
    { label: 'ghi bằng chữ', value: dateInWords(data.childDateOfBirth) },
    { label: 'Giới tính', value: r?.sex ?? BLANK, inline: [['Dân tộc', r?.ethnicity ?? BLANK], ['Quốc tịch', r?.nationality ?? BLANK]] },
    { label: 'Nơi sinh', value: r?.placeOfBirth ?? BLANK },
    { label: 'Quê quán', value: r?.hometown ?? BLANK },
    { label: 'Số định danh cá nhân', value: r?.personalIdNumber ?? BLANK, strong: true },
    { label: 'Họ, chữ đệm, tên người mẹ', value: r?.mother?.fullName.toUpperCase() ?? BLANK },
    { label: parent(r?.mother)[0]![0], value: parent(r?.mother)[0]![1], inline: parent(r?.mother).slice(1) },
    { label: 'Nơi cư trú', value: r?.mother?.residence ?? BLANK },
    { label: 'Họ, chữ đệm, tên người cha', value: r?.father?.fullName.toUpperCase() ?? BLANK },
    { label: parent(r?.father)[0]![0], value: parent(r?.father)[0]![1], inline: parent(r?.father).slice(1) },
    { label: 'Nơi cư trú', value: r?.father?.residence ?? BLANK },
    { label: 'Nơi đăng ký khai sinh', value: data.agencyName },
  ];
  const size = 11;
  rows.forEach((row, i) => {
    const y = 625 - i * 22;
    let x = 70;
    const put = (label: string, value: string, strong = false) => {
      const l = vn(`${label}: `);
      page.drawText(l, { x, y, size, font: regular, color: BLACK });
      x += regular.widthOfTextAtSize(l, size);
      const v = vn(value);
      const font = strong ? bold : regular;
      page.drawText(v, { x, y, size, font, color: BLACK });
      x += font.widthOfTextAtSize(v, size) + 18;
    };
    put(row.label, row.value, row.strong);
    for (const [label, value] of row.inline ?? []) put(label, value);
  });
  // the register entry: blanks the clerk fills in at issuance (issueBlanks), or filled already
  const L11 = (text: string, x: number, y: number) => page.drawText(vn(text), { x, y, size: 11, font: regular, color: BLACK });
  const inBlank11 = (r: { x: number; y: number; width: number }, text: string) => centered(page, text, r.x + r.width / 2, baseline(r), regular, 11);
  L11('Ngày, tháng, năm đăng ký:', 70, baseline(L.registeredOn));
  L11('Số đăng ký:', 70, baseline(L.entry));
  L11(`Mã hồ sơ: ${data.dossierCode}`, 70, baseline(L.entry) - 22);
  L11(', Quyển số:', L.entry.x + L.entry.width + 1, baseline(L.entry));
  if (data.documentNumber) {
    const { d, m, y } = vnDate(data.issuedAt);
    inBlank11(L.registeredOn, `${d}/${m}/${y}`);
    inBlank11(L.entry, numberPart);
    inBlank11(L.book, registerBookOf(y));
  }

  // Signature block: the signer's title; the leader's signature image and name are their signature's
  // appearance in RESULT_LAYOUT.signature
  centered(page, data.signerTitle ?? 'NGƯỜI KÝ TRÍCH LỤC', RIGHT_COL, RESULT_LAYOUT.signerTitleY, bold, 12);
  centered(page, '(Ký số, ghi rõ họ, chữ đệm, tên)', RIGHT_COL, RESULT_LAYOUT.signerTitleY - 13, regular, 9);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** 0–999 in Vietnamese words ("hai mươi mốt", "mười lăm", "một trăm linh năm"). */
function belowThousand(n: number, full: boolean): string {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  const words: string[] = [];
  if (h > 0 || full) words.push(DIGITS[h]!, 'trăm');
  if (t === 0) {
    if (u > 0 && words.length) words.push('linh');
  } else if (t === 1) words.push('mười');
  else words.push(DIGITS[t]!, 'mươi');
  if (u > 0) {
    if (u === 1 && t >= 2) words.push('mốt');
    else if (u === 5 && t >= 1) words.push('lăm');
    else words.push(DIGITS[u]!);
  }
  return words.join(' ');
}

/** A number below a million in words, as civil-status documents spell years ("hai nghìn không trăm hai mươi sáu"). */
export function numberInWords(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1_000_000) throw new RangeError(`${n} is out of range`);
  if (n === 0) return 'không';
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  if (!thousands) return belowThousand(rest, false);
  return rest ? `${belowThousand(thousands, false)} nghìn ${belowThousand(rest, true)}` : `${belowThousand(thousands, false)} nghìn`;
}

/** 2026-11-10 → "Ngày mười tháng mười một năm hai nghìn không trăm hai mươi sáu" (date of birth in words). */
export function dateInWords(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `Ngày ${numberInWords(Number(m[3]))} tháng ${numberInWords(Number(m[2]))} năm ${numberInWords(Number(m[1]))}`;
}

/** Multi-page "scanned" PDF: each page one 200 dpi RGB image (different noise per page) and a small label. */
export async function renderTestScan(pages: number, label: string, options: { dpi?: number; rotate?: number } = {}): Promise<Buffer> {
  const dpi = options.dpi ?? SCAN_DPI;
  const doc = await PDFDocument.create();
  doc.setTitle(vn(label));
  // the same pages give the same bytes (a repeated submission must be recognised as the same one)
  doc.setCreationDate(new Date(Date.UTC(2026, 0, 1)));
  doc.setModificationDate(new Date(Date.UTC(2026, 0, 1)));
  const font = await embedVietnameseFont(doc, 'regular');
  const [width, height] = PageSizes.A4;
  const noTransform = { rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) };
  for (let i = 1; i <= pages; i++) {
    const raster = scanRaster(i * 7919 + label.length, a4Pixels(dpi));
    const image = doc.context.register(
      doc.context.stream(deflateRaster(raster), {
        Type: 'XObject', Subtype: 'Image', Width: raster.width, Height: raster.height,
        ColorSpace: 'DeviceRGB', BitsPerComponent: 8, Filter: 'FlateDecode',
      }),
    );
    const page = doc.addPage([width, height]);
    if (options.rotate) page.setRotation(degrees(options.rotate));
    const name: PDFName = page.node.newXObject('Scan', image);
    page.pushOperators(...drawImage(name, { x: 0, y: 0, width, height, ...noTransform }));
    centered(page, `${label} — trang ${i}/${pages} (${dpi} dpi)`, width / 2, 20, font, 8);
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** 2026-11-10 → 10/11/2026, the way Vietnamese civil-status documents write dates. */
export function vietnameseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}
