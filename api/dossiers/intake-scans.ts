import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileType, ProcedureSpec } from '../../core/data/procedures';
import type { Violation } from '../../core/errors';
import { inspectPdf } from '../../core/pdf/inspect-pdf';
import { imagesToPdf, sniffType, type ScanType } from '../../core/pdf/scan';
import { tiffPages, TiffUnreadable } from '../../core/pdf/tiff';
import { expectedPages, type PageDeclaration } from '../../core/rules/scan-pages';
import type { UploadedFile } from '../../core/rules/intake';

/**
 * The scans of a dossier checked for real, before anything is stored: each file typed by its content,
 * image pages made into one PDF in upload order, the PDF readable and unencrypted, every scanned page at
 * the component's minimum resolution (the measured dpi is named when it is not), and the page count
 * equal to what the officer declared. Every problem of every component is reported at once.
 * Runs in a worker thread (scan-check.worker.ts, runScanCheck): files are read from disk, the PDF of a
 * component is written back to disk, and nothing but paths and figures crosses back.
 */
export interface CheckedScan {
  code: string;
  /** the component's PDF on disk: the upload itself, or the PDF made from its page images */
  pdfPath: string;
  fileName: string;
  sourceType: ScanType;
  pageCount: number;
  sha256: string;
  /** lowest effective resolution over the scanned pages; undefined for a born-digital PDF */
  minDpi?: number;
}

export type ScanCheck = { ok: true; scans: CheckedScan[] } | { ok: false; status: 415 | 422; violations: Violation[] };

/**
 * A page of a TIFF is at most A3 at 600 dpi (≈ 70 million pixels); a file at most 500 pages and 500
 * million pixels in all (≈ 200 A4 pages at 300 dpi), counted before anything is decoded.
 */
const TIFF_LIMITS = { maxPixels: 72_000_000, maxPages: 500, maxTotalPixels: 500_000_000 };

const typeNames: Record<ScanType, string> = { pdf: 'PDF', jpeg: 'JPEG', png: 'PNG', tiff: 'TIFF' };

export async function checkScans(
  procedure: ProcedureSpec,
  files: readonly Pick<UploadedFile, 'fieldname' | 'originalname' | 'path'>[],
  declarations: Record<string, PageDeclaration> = {},
  outDir: string,
  /** an online dossier: electronic documents, not scans: type and readability are checked, not resolution or pages */
  electronic = false,
): Promise<ScanCheck> {
  const unsupported: Violation[] = [];
  const problems: Violation[] = [];
  const scans: CheckedScan[] = [];
  for (const spec of procedure.components) {
    const group = files.filter((f) => f.fieldname === spec.code);
    if (group.length === 0) continue;
    const field = `files.${spec.code}`;
    const loaded = await Promise.all(group.map(async (file) => ({ ...file, buffer: await readFile(file.path) })));
    const typed = loaded.map((file) => ({ file, type: sniffType(file.buffer.subarray(0, 1024)) }));
    const unknown = typed.filter((t) => t.type === undefined);
    if (unknown.length > 0) {
      unsupported.push(...unknown.map(({ file }) => ({ field, rule: 'scan-type', message: `${file.originalname}: không phải PDF, JPEG, PNG hay TIFF (nhận biết theo nội dung tệp)` })));
      continue;
    }
    const notAccepted = typed.filter(({ type }) => !spec.acceptedTypes.includes(type as FileType));
    if (notAccepted.length > 0) {
      unsupported.push(...notAccepted.map(({ file, type }) => ({ field, rule: 'accepted-type', message: `${file.originalname}: thành phần ${spec.name} không nhận tệp ${typeNames[type!]}` })));
      continue;
    }
    const pdfs = typed.filter((t) => t.type === 'pdf');
    if (pdfs.length > 0 && typed.length > 1) {
      problems.push({ field, rule: 'one-pdf-per-component', message: `Thành phần ${spec.name}: một tệp PDF chứa mọi trang, hoặc nhiều ảnh (mỗi ảnh một trang), không trộn lẫn` });
      continue;
    }
    let pdf: Buffer;
    try {
      // page images in upload order; a TIFF gives all its pages, in file order
      const images = typed.flatMap(({ file, type }): { bytes: Buffer; type: 'png' | 'jpeg' }[] => (type === 'tiff'
        ? tiffPages(file.buffer, TIFF_LIMITS).map((page) => ({ bytes: page.png, type: 'png' as const }))
        : [{ bytes: file.buffer, type: type as 'png' | 'jpeg' }]));
      pdf = pdfs.length === 1 ? loaded[0]!.buffer : await imagesToPdf(images);
    } catch (err) {
      const rule = err instanceof TiffUnreadable ? 'tiff-unreadable' : 'image-unreadable';
      problems.push({ field, rule, message: `Ảnh quét không đọc được (${(err as Error).message.slice(0, 100)})` });
      continue;
    }
    const check = await inspectPdf(pdf);
    if (!check.ok) {
      problems.push({ field, rule: `pdf-${check.reason}`, message: `${group[0]!.originalname}: ${pdfReasonVi[check.reason]} (${check.detail})` });
      continue;
    }
    const { resolutions } = check;
    const measured = resolutions.filter((r): r is number => r !== undefined);
    const minDpi = measured.length > 0 ? Math.min(...measured) : undefined;
    if (!electronic && minDpi !== undefined && minDpi < spec.minDpi) {
      const page = resolutions.indexOf(minDpi) + 1;
      problems.push({ field, rule: 'scan-resolution', message: `Trang ${page} quét ở ${minDpi} dpi, thấp hơn mức tối thiểu ${spec.minDpi} dpi của thành phần ${spec.name}; hãy quét lại` });
      continue;
    }
    const declaration = electronic ? undefined : declarations[spec.code];
    if (declaration) {
      const expected = expectedPages(declaration, spec.doubleSided);
      if (expected !== check.pageCount) {
        problems.push({ field, rule: 'page-count', message: `Bản quét có ${check.pageCount} trang, khác số trang khai báo ${expected} (${declaration.sheets} tờ${(declaration.doubleSided ?? spec.doubleSided) ? ', hai mặt' : ''})` });
        continue;
      }
    }
    let pdfPath = group[0]!.path;
    if (pdfs.length === 0) {
      pdfPath = path.join(outDir, `${randomUUID()}.pdf`);
      await writeFile(pdfPath, pdf);
    }
    scans.push({
      code: spec.code, pdfPath, fileName: pdfs.length === 1 ? group[0]!.originalname : `${spec.code}.pdf`, sourceType: typed[0]!.type!,
      pageCount: check.pageCount, sha256: check.sha256, ...(minDpi !== undefined ? { minDpi } : {}),
    });
  }
  if (unsupported.length > 0) return { ok: false, status: 415, violations: unsupported };
  if (problems.length > 0) return { ok: false, status: 422, violations: problems };
  return { ok: true, scans };
}

const pdfReasonVi = {
  'not-pdf': 'không phải tệp PDF',
  corrupt: 'tệp PDF hỏng hoặc không đọc được',
  encrypted: 'tệp PDF có mật khẩu (mã hóa), không ký số và lưu trữ được',
  empty: 'tệp PDF không có trang nào',
} as const;
