import { centered, startOneStopForm } from './layout';

/**
 * The one-stop desk's notices to the applicant at intake (Circular 03/2025/TT-VPCP Annex I, after
 * Circular 01/2018 forms 02 and 03; DOMAIN §10):
 *   02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ — what is missing or wrong, and how to bring it;
 *   03 Phiếu từ chối tiếp nhận giải quyết hồ sơ — why the dossier is not accepted;
 *   04 Phiếu xin lỗi và hẹn lại ngày trả kết quả — the result will be late: why, and the new date;
 *   05 Thông báo dừng giải quyết hồ sơ — processing stops (e.g. the supplement never came).
 * Set in the embedded Unicode font (text extraction returns the diacritics); the officer who decided
 * at the desk signs it digitally (workers/request-supplement, workers/refuse-dossier).
 */
export interface NoticeData {
  kind: 'supplement' | 'refusal' | 'apology' | 'stop';
  agencyName: string;
  dossierCode: string;
  procedureName: string;
  applicantName: string;
  /** as staff read it: "09 giờ 30 phút, ngày 23/11/2026" */
  receivedAtText: string;
  /** what to supplement, or why refused, as the officer wrote it */
  reason: string;
  /** supplement: until when the applicant may bring it, as people read it */
  supplementUntilText?: string;
  /** apology: the appointment first given, and the new one */
  dueAtText?: string;
  newDueAtText?: string;
  officerName?: string;
  /** "Đắk La, ngày 23 tháng 11 năm 2026" */
  placeDateText: string;
  lookupUrl: string;
}

const TITLE = {
  supplement: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
  refusal: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
  apology: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
  stop: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
} as const;

export async function renderNotice(data: NoticeData, createdAt: Date): Promise<Buffer> {
  const form = await startOneStopForm({ title: TITLE[data.kind], dossierCode: data.dossierCode, agencyName: data.agencyName, dateText: data.placeDateText, createdAt });
  const { doc, page, regular, bold, width } = form;
  const line = form.line;
  /** what the officer wrote, one item per line, set apart from the text around it */
  const items = () => {
    form.y -= 2;
    for (const item of data.reason.split('\n').map((s) => s.trim()).filter(Boolean)) line(`   – ${item}`, bold);
    form.y -= 2;
  };
  line(`${data.agencyName} tiếp nhận hồ sơ của: ${data.applicantName}`);
  line(`Nội dung yêu cầu giải quyết: ${data.procedureName}`);
  line(`Thời gian nhận hồ sơ: ${data.receivedAtText}`);
  form.y -= 4;
  if (data.kind === 'supplement') {
    line('Sau khi xem xét, đối chiếu, hồ sơ chưa đầy đủ, chưa hợp lệ. Đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:');
    items();
    if (data.supplementUntilText) line(`Thời hạn bổ sung, hoàn thiện: đến ${data.supplementUntilText}; quá thời hạn này hồ sơ không được tiếp nhận.`);
    line('Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ Bộ phận Tiếp nhận và Trả kết quả để được hướng dẫn.');
  } else if (data.kind === 'apology') {
    if (data.dueAtText) line(`Ngày hẹn trả kết quả: ${data.dueAtText}.`);
    line('Tuy nhiên đến nay, cơ quan giải quyết chưa trả kết quả giải quyết hồ sơ cho Ông/Bà đúng hẹn. Lý do:');
    items();
    line('Sự chậm trễ này đã gây phiền hà cho Ông/Bà. Chúng tôi thành thật xin lỗi và hẹn lại thời gian trả kết quả:');
    if (data.newDueAtText) line(data.newDueAtText, bold);
  } else {
    line(data.kind === 'stop'
      ? 'Bộ phận Tiếp nhận và Trả kết quả thông báo dừng giải quyết hồ sơ này với lý do cụ thể như sau:'
      : 'Qua xem xét, Bộ phận Tiếp nhận và Trả kết quả thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:');
    items();
    line('Xin thông báo để Ông/Bà được biết và thực hiện.');
  }
  line(`Tra cứu tình trạng hồ sơ: ${data.lookupUrl}`, regular, 10);
  const y = form.y - 30;
  centered(page, 'NGƯỜI TIẾP NHẬN HỒ SƠ', width - 160, y, bold, 11);
  centered(page, data.officerName ? '(Ký số)' : '(Ký và ghi rõ họ tên)', width - 160, y - 14, regular, 9);
  if (data.officerName) centered(page, data.officerName, width - 160, y - 90, bold, 11);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
