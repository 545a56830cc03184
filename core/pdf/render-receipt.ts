import type { PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { BLACK, centered, startOneStopForm, text } from './layout';

/**
 * Phiếu tiếp nhận hồ sơ và hẹn trả kết quả — the receipt and appointment slip the one-stop desk hands the
 * applicant (Circular 03/2025/TT-VPCP Annex I form 01, after Circular 01/2018 form 01; DOMAIN §10): the
 * dossier code, what was received, the fee, when it was received and when the result is due, and a QR
 * code with the public lookup address. Text is set in an embedded Unicode font, so it can be read back
 * (and searched) with its diacritics; the receiving officer signs it digitally (api/dossiers/receipt.ts).
 */
export interface ReceiptData {
  agencyName: string;
  dossierCode: string;
  procedureName: string;
  applicantName: string;
  applicantPhone?: string;
  /** a dossier received by post: where the receipt and the result are mailed */
  mailingAddress?: string;
  components: { name: string; copy: string; quantity: number }[];
  workingDays: number;
  /** as staff read them: "09 giờ 30 phút, ngày 23/11/2026" */
  receivedAtText: string;
  dueAtText: string;
  feeText: string;
  officerName: string;
  lookupUrl: string;
}

/** The QR code as squares drawn in the page (vector: sharp at any print size). */
function drawQr(page: PDFPage, url: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / n;
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) page.drawRectangle({ x: x + col * cell, y: y + size - (row + 1) * cell, width: cell, height: cell, color: BLACK });
    }
  }
}

export async function renderReceipt(data: ReceiptData, createdAt: Date): Promise<Buffer> {
  const form = await startOneStopForm({ title: 'PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', dossierCode: data.dossierCode, agencyName: data.agencyName, createdAt });
  const { doc, page, regular, bold, width, left } = form;
  const line = form.line;
  line(`${data.agencyName} đã tiếp nhận hồ sơ của: ${data.applicantName}`);
  if (data.applicantPhone) line(`Số điện thoại: ${data.applicantPhone}`);
  if (data.mailingAddress) line(`Hồ sơ nhận qua dịch vụ bưu chính; phiếu này và kết quả gửi đến: ${data.mailingAddress}`);
  line(`Nội dung yêu cầu giải quyết: ${data.procedureName}`);
  form.y -= 4;
  line('1. Thành phần hồ sơ nộp gồm:', bold);
  data.components.forEach((c, i) => line(`   ${i + 1}) ${c.name} — ${c.copy}, số lượng: ${c.quantity}`));
  line('2. Số lượng hồ sơ: 01 bộ');
  line(`3. Thời gian giải quyết hồ sơ theo quy định: ${String(data.workingDays).replace('.', ',')} ngày làm việc`);
  line(`4. Thời gian nhận hồ sơ: ${data.receivedAtText}`);
  line(`5. Thời gian trả kết quả giải quyết hồ sơ: ${data.dueAtText}`, bold);
  line(`6. Phí, lệ phí: ${data.feeText}`);
  line('7. Tra cứu tình trạng hồ sơ: quét mã QR hoặc mở địa chỉ dưới đây');

  const qrSize = 96;
  drawQr(page, data.lookupUrl, left, form.y - qrSize - 4, qrSize);
  text(page, data.lookupUrl, left + qrSize + 12, form.y - qrSize / 2, regular, 9);
  const y = form.y - qrSize - 30;

  centered(page, 'NGƯỜI NỘP HỒ SƠ', 160, y, bold, 11);
  centered(page, '(Ký và ghi rõ họ tên)', 160, y - 14, regular, 9);
  centered(page, 'NGƯỜI TIẾP NHẬN HỒ SƠ', width - 160, y, bold, 11);
  centered(page, '(Ký số)', width - 160, y - 14, regular, 9);
  centered(page, data.officerName, width - 160, y - 90, bold, 11);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
