import { areaText, renderLandUseDecision, type LandUseDecisionData } from '../../core/pdf/render-decision';
import { RESULT_LAYOUT } from '../../core/pdf/render-result';
import { pdftotext, pdfWords } from './poppler';

/**
 * The land-use decision of the Provincial People's Committee, read back by poppler: every part an
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
