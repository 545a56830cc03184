import { renderNotice } from '../../core/pdf/render-notice';
import { durationMs } from '../../core/rules/duration';
import { idCardScanType } from '../../core/rules/id-card-scan';
import { maskPhone } from '../../core/rules/identity';
import { renderTestScan } from '../../core/pdf/render-result';
import { pdftotext } from '../pdf/poppler';

describe('durationMs (the supplement wait, as the timer reads it)', () => {
  it.each([
    ['P30D', 30 * 86_400_000], ['PT20S', 20_000], ['PT6M', 360_000], ['P1DT12H', 36 * 3_600_000], ['PT1H30M5S', 5_405_000],
  ])('%s → %d ms', (iso, ms) => expect(durationMs(iso)).toBe(ms));
  it.each(['P', 'PT', 'P1M', 'P1Y', '30D', 'P1DT'])('when it is %s, then it is refused', (iso) => expect(() => durationMs(iso)).toThrow(/ISO 8601/));
});

describe('the ID-card scan of an account registration is typed by its content', () => {
  it('when it is a PDF, a Word 97 file or a .docx package, then its type is named', async () => {
    expect(idCardScanType(await renderTestScan(1, 'CCCD'))).toBe('pdf');
    expect(idCardScanType(Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]))).toBe('doc');
    const docx = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.from('....[Content_Types].xml....word/document.xml....')]);
    expect(idCardScanType(docx)).toBe('docx');
  });
  it('when it is a ZIP that is not a Word document, an image or an executable, then it has no type', () => {
    expect(idCardScanType(Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.from('[Content_Types].xml xl/workbook.xml')]))).toBeUndefined();
    expect(idCardScanType(Buffer.from('ffd8ffe000104a464946', 'hex'))).toBeUndefined();
    expect(idCardScanType(Buffer.from('MZ\x90\x00'))).toBeUndefined();
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last two digits', () => {
    expect(maskPhone('0912345678')).toBe('091*****78');
    expect(maskPhone('+84912345678')).toBe('849******78');
    expect(maskPhone('123')).toBe('***');
  });
});

describe('the intake notices (forms 02 and 03)', () => {
  const base = {
    agencyName: 'UBND xã Đắk La', dossierCode: 'H34.29.2-261123-0007', procedureName: 'Đăng ký khai sinh', applicantName: 'Võ Đặng Ngọc Giang',
    receivedAtText: '09 giờ 30 phút, ngày 23/11/2026', placeDateText: 'ngày 23 tháng 11 năm 2026', lookupUrl: 'http://localhost:3000/tra-cuu/H34.29.2-261123-0007',
  };
  it('when a supplement is asked for, then each line of the note is an item and the deadline is printed, diacritics intact', async () => {
    const pdf = await renderNotice({ ...base, kind: 'supplement', reason: 'Giấy chứng sinh thiếu trang 2\nBản chính tờ khai', supplementUntilText: '17 giờ 00 phút, ngày 23/12/2026', officerName: 'Nguyễn Thị Một Cửa' }, new Date());
    const text = await pdftotext(pdf);
    expect(text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(text).toContain('– Giấy chứng sinh thiếu trang 2');
    expect(text).toContain('– Bản chính tờ khai');
    expect(text).toContain('ngày 23/12/2026');
    expect(text).toContain('Nguyễn Thị Một Cửa');
  });
  it('when the result will be late, then form 04 apologizes, gives the reason, the first and the new appointment', async () => {
    const text = (await pdftotext(await renderNotice({ ...base, kind: 'apology', reason: 'Chờ ý kiến của Sở Tư pháp', dueAtText: '17 giờ 00 phút, ngày 24/11/2026', newDueAtText: '17 giờ 00 phút, ngày 26/11/2026' }, new Date()))).replace(/\s+/g, ' ');
    for (const expected of ['PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ', 'Ngày hẹn trả kết quả: 17 giờ 00 phút, ngày 24/11/2026', '– Chờ ý kiến của Sở Tư pháp', 'thành thật xin lỗi', '17 giờ 00 phút, ngày 26/11/2026']) expect(text).toContain(expected);
  });
  it('when processing stops, then form 05 says so with the reason', async () => {
    const text = (await pdftotext(await renderNotice({ ...base, kind: 'stop', reason: 'Quá thời hạn bổ sung hồ sơ' }, new Date()))).replace(/\s+/g, ' ');
    expect(text).toContain('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain('thông báo dừng giải quyết hồ sơ này');
    expect(text).toContain('– Quá thời hạn bổ sung hồ sơ');
  });
  it('when a dossier is refused, then the reason is printed and, without an officer, a handwritten signature is asked for', async () => {
    const text = await pdftotext(await renderNotice({ ...base, kind: 'refusal', reason: 'Quá thời hạn bổ sung, hoàn thiện hồ sơ' }, new Date()));
    expect(text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain('Quá thời hạn bổ sung, hoàn thiện hồ sơ');
    expect(text).toContain('(Ký và ghi rõ họ tên)');
  });
});
