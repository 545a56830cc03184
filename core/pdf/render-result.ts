import { PageSizes, PDFDocument, PDFFont, PDFName, PDFPage, degrees, drawImage, rgb } from 'pdf-lib';
import { embedVietnameseFont, vn } from './font';
import { a4Pixels, deflateRaster, scanRaster, SCAN_DPI } from './raster';

/**
 * Result documents and test scans drawn with pdf-lib. Layout follows Decree 30/2020 Annex I: agency name
 * top-left, national heading top-right, number/symbol under the agency, place and date under the motto,
 * title centred, signature block bottom-right (left empty: the leader signs there digitally, and the
 * organization's signature goes top-right of page 1).
 */
export interface BirthExtractData {
  /**
   * number/symbol, e.g. "15/TLKS-BS". Absent in the draft the leader signs: the clerk numbers and dates
   * the signed document at issuance, and the number shows in the organization's signature (DOMAIN §10).
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
}

const BLACK = rgb(0, 0, 0);

/** Calendar date in Vietnam (fixed UTC+7). */
function vnDate(date: Date): { d: string; m: string; y: number } {
  const t = new Date(date.getTime() + 7 * 60 * 60 * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return { d: p(t.getUTCDate()), m: p(t.getUTCMonth() + 1), y: t.getUTCFullYear() };
}

function centered(page: PDFPage, text: string, cx: number, y: number, font: PDFFont, size: number) {
  const line = vn(text);
  page.drawText(line, { x: cx - font.widthOfTextAtSize(line, size) / 2, y, size, font, color: BLACK });
  return font.widthOfTextAtSize(line, size);
}

export async function renderBirthExtract(data: BirthExtractData): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const number = data.documentNumber ?? `……/${data.symbol ?? ''}`;
  doc.setTitle(vn(`Trích lục khai sinh ${number}`));
  doc.setCreationDate(data.issuedAt);
  const regular = await embedVietnameseFont(doc, 'regular');
  const bold = await embedVietnameseFont(doc, 'bold');
  const page = doc.addPage(PageSizes.A4);
  const { width } = page.getSize();
  const leftCol = 150; // centre of the agency column
  const rightCol = width - 185; // centre of the national-heading column

  centered(page, data.agencyName.toUpperCase(), leftCol, 750, bold, 12);
  centered(page, `Số: ${number}`, leftCol, 725, regular, 12);
  centered(page, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightCol, 750, bold, 12);
  const mottoWidth = centered(page, 'Độc lập - Tự do - Hạnh phúc', rightCol, 734, bold, 13);
  page.drawLine({ start: { x: rightCol - mottoWidth / 2, y: 730 }, end: { x: rightCol + mottoWidth / 2, y: 730 }, thickness: 0.6 });
  const { d, m, y } = vnDate(data.issuedAt);
  centered(page, data.documentNumber ? `Ngày ${d} tháng ${m} năm ${y}` : 'Ngày …… tháng …… năm ……', rightCol, 708, regular, 12);

  centered(page, 'TRÍCH LỤC KHAI SINH', width / 2, 650, bold, 16);
  const fields: [string, string][] = [
    ['Họ, chữ đệm, tên', data.childName],
    ['Ngày, tháng, năm sinh', vietnameseDate(data.childDateOfBirth)],
    ['Người yêu cầu', data.applicantName],
    ['Mã hồ sơ', data.dossierCode],
    ['Số, ký hiệu', number],
  ];
  fields.forEach(([label, value], i) => {
    const lineY = 600 - i * 26;
    page.drawText(vn(`${label}:`), { x: 85, y: lineY, size: 12, font: regular, color: BLACK });
    page.drawText(vn(value), { x: 245, y: lineY, size: 12, font: bold, color: BLACK });
  });

  // Signature block: title and note right above the bottom-right stamp of the leader's digital signature;
  // the national heading starts ~90 pt from the top, below the organization's top-right stamp.
  centered(page, 'NGƯỜI KÝ TRÍCH LỤC', rightCol, 110, bold, 12);
  centered(page, '(Ký số, ghi rõ họ, chữ đệm, tên, chức vụ)', rightCol, 96, regular, 10);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
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
