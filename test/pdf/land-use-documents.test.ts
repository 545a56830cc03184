import { areaText, renderLandUseDecision, renderLandUseSubmission, type LandUseDecisionData, type LandUseSubmissionData } from '../../core/pdf/render-land-use';
import { RESULT_LAYOUT } from '../../core/pdf/render-result';
import { pdftotext, pdfWords } from './poppler';

/**
 * The land-use decision of the Provincial People's Committee and the department's submission asking for it, read back by poppler: every part an
 * individual decision has (Decree 30/2020 Annex I), in place, with the organization, the parcel and the
 * purposes as recorded; the number and date blank in the draft and filled in the issued document.
 */
const data: LandUseDecisionData = {
  symbol: 'QĐ-UBND',
  issuedAt: new Date('2026-11-23T02:00:00Z'),
  provinceName: 'Gia Lai',
  submittingAgencyName: 'Sở Tài nguyên và Môi trường',
  organizationName: 'Công ty TNHH Nông sản Ia Grai',
  organizationTaxCode: '5900123456',
  dossierCode: '000.00.14.H21-261123-0001',
  record: {
    parcel: { number: '125', mapSheet: '18', areaM2: 12_500.5, address: 'xã Ia Dêr, huyện Ia Grai, tỉnh Gia Lai' },
    fromPurpose: 'đất trồng cây lâu năm', toPurpose: 'đất cơ sở sản xuất phi nông nghiệp', term: '50 năm kể từ ngày ký quyết định',
    submission: { number: '4999/TTr-STNMT', date: '20/11/2026' },
  },
};

const flat = async (pdf: Buffer) => (await pdftotext(pdf)).replace(/\s+/g, ' ');

describe('the land-use purpose change decision', () => {
  it('when the draft is rendered, then it reads as the decision with the parcel, the purposes and the grounds, number and date left blank', async () => {
    const text = await flat(await renderLandUseDecision(data));
    for (const part of [
      'ỦY BAN NHÂN DÂN', 'TỈNH GIA LAI', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Gia Lai, ngày tháng năm',
      'QUYẾT ĐỊNH', 'Về việc cho phép Công ty TNHH Nông sản Ia Grai chuyển mục đích sử dụng đất', 'ỦY BAN NHÂN DÂN TỈNH GIA LAI',
      'Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;', 'Xét đề nghị của Sở Tài nguyên và Môi trường tại Tờ trình số 4999/TTr-STNMT ngày 20/11/2026',
      'QUYẾT ĐỊNH:', 'Điều 1. Cho phép Công ty TNHH Nông sản Ia Grai (mã số thuế 5900123456) chuyển mục đích sử dụng 12.500,5 m² đất tại thửa đất số 125, tờ bản đồ số 18',
      'từ đất trồng cây lâu năm sang đất cơ sở sản xuất phi nông nghiệp', 'Thời hạn sử dụng đất: 50 năm kể từ ngày ký quyết định', 'Điều 2.', 'Điều 3.',
      'Nơi nhận:', 'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH',
    ]) expect(text).toContain(part);
    expect(text).toContain('Số: /QĐ-UBND');
  });

  it('when the decision is issued, then the number and date stand in the blanks the clerk fills', async () => {
    const pdf = await renderLandUseDecision({ ...data, documentNumber: '07/QĐ-UBND' });
    const text = await flat(pdf);
    expect(text).toContain('Số: 07 /QĐ-UBND'); // the number in its blank, then the symbol
    expect(text).toContain('Gia Lai, ngày 23 tháng 11 năm 2026');
    // the number sits in RESULT_LAYOUT.number (poppler's y runs from the top of the page)
    const words = await pdfWords(pdf);
    const seven = words.find((w) => w.word.startsWith('07'))!;
    const box = RESULT_LAYOUT.number;
    expect(seven.xMin).toBeGreaterThanOrEqual(box.x);
    expect(seven.xMax).toBeLessThanOrEqual(box.x + box.width);
    expect(seven.pageHeight - seven.yMax).toBeGreaterThanOrEqual(box.y - 1);
  });

  it('when the articles would run into the signature block, then rendering refuses rather than print over the signature', async () => {
    const long = { ...data, record: { ...data.record, parcel: { ...data.record.parcel, address: 'thôn Plei Ring, '.repeat(120) } } };
    await expect(renderLandUseDecision(long)).rejects.toThrow(/signature block/);
  });

  it('when an area has a fraction, then it is written the Vietnamese way', () => {
    expect(areaText(12500.5)).toBe('12.500,5');
    expect(areaText(300)).toBe('300');
  });
});

const submission: LandUseSubmissionData = {
  symbol: 'TTr-STNMT',
  issuedAt: new Date('2026-11-20T02:00:00Z'),
  provinceName: 'Gia Lai',
  departmentName: 'Sở Tài nguyên và Môi trường',
  organizationName: data.organizationName,
  organizationTaxCode: data.organizationTaxCode,
  receivedOn: '16/11/2026',
  record: { parcel: data.record.parcel, fromPurpose: data.record.fromPurpose, toPurpose: data.record.toPurpose, term: data.record.term },
  reviewOpinion: 'Vị trí thửa đất phù hợp với kế hoạch sử dụng đất năm 2026 của huyện Ia Grai đã được phê duyệt.',
  dossierCode: data.dossierCode,
};

describe("the department's submission to the Provincial People's Committee", () => {
  it('when the draft is rendered, then it reads as a submission (tờ trình) of the department, with the review and the proposal, number and date blank', async () => {
    const text = await flat(await renderLandUseSubmission(submission));
    for (const part of [
      'UBND TỈNH GIA LAI', 'SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG', 'Số: /TTr-STNMT', 'Gia Lai, ngày tháng năm', 'TỜ TRÌNH',
      'Về việc đề nghị cho phép Công ty TNHH Nông sản Ia Grai chuyển mục đích sử dụng đất', 'Kính gửi: Ủy ban nhân dân tỉnh Gia Lai.',
      'Ngày 16/11/2026, Sở Tài nguyên và Môi trường tiếp nhận hồ sơ 000.00.14.H21-261123-0001 của Công ty TNHH Nông sản Ia Grai (mã số thuế 5900123456)',
      'chuyển mục đích sử dụng 12.500,5 m² đất tại thửa đất số 125, tờ bản đồ số 18', 'từ đất trồng cây lâu năm sang đất cơ sở sản xuất phi nông nghiệp',
      'Kết quả thẩm định: Vị trí thửa đất phù hợp với kế hoạch sử dụng đất năm 2026 của huyện Ia Grai đã được phê duyệt.',
      'kính trình Ủy ban nhân dân tỉnh xem xét, quyết định', 'Nơi nhận:', '- Như trên;', 'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC',
    ]) expect(text).toContain(part);
    expect(text).toContain('thời hạn sử dụng đất: 50 năm kể từ ngày ký quyết định (kèm theo dự thảo Quyết định)./.');
    // not the decision: no committee heading, no articles
    expect(text).not.toContain('TM. ỦY BAN NHÂN DÂN');
    expect(text).not.toContain('Điều 1.');
  });

  it('when it is issued, then the number and the date stand in the blanks', async () => {
    const text = await flat(await renderLandUseSubmission({ ...submission, documentNumber: '4999/TTr-STNMT' }));
    expect(text).toContain('Số: 4999 /TTr-STNMT');
    expect(text).toContain('Gia Lai, ngày 20 tháng 11 năm 2026');
  });

  it('when the review would run into the signature block, then rendering refuses', async () => {
    await expect(renderLandUseSubmission({ ...submission, reviewOpinion: 'Đạt yêu cầu. '.repeat(400) })).rejects.toThrow(/signature block/);
  });
});
