import { Types } from 'mongoose';
import type { DossierRecord } from '../../core/repositories/dossiers';
import { portalDossierPackage, portalStatusCode, portalTime } from '../../core/rules/portal-package';

/** The package the national portal receives, from a dossier record, field by field against hand-written expectations. */
const at = (iso: string) => new Date(iso);
const component = (code: string, extra: Record<string, unknown>) => ({
  code, name: code === 'to-khai' ? 'Tờ khai đăng ký khai sinh' : 'Giấy chứng sinh', digitization: 'mandatory', documentTypeCode: 'TK.HT.KS',
  fileId: new Types.ObjectId(), fileName: `${code}.pdf`, mimeType: 'application/pdf', size: 1000, sha256: 'x'.repeat(64), pageCount: 1, ...extra,
});
const signature = { fileId: new Types.ObjectId(), sha256: 'y'.repeat(64), signerName: 'Nguyễn Văn An', signedAt: at('2026-11-23T02:05:00Z') };

function dossier(over: Partial<DossierRecord> = {}): DossierRecord {
  return {
    _id: new Types.ObjectId(), createdAt: at('2026-11-23T02:00:00Z'), updatedAt: at('2026-11-23T02:00:00Z'),
    code: 'H34.29.2-261123-0001', intakeKey: 'k', procedureCode: '1.001193.000.00.00.H34', agencyCode: 'H34.29.2', channel: 'in-person',
    applicant: { idType: 'CCCD', idNumber: '001203004567', fullName: 'Võ Đặng Ngọc Giang' },
    officerName: 'Nguyễn Văn An', status: 'digitized',
    receivedAt: at('2026-11-23T02:00:00Z'), dueAt: at('2026-11-24T10:00:00Z'),
    components: [
      component('to-khai', { signature, warehouseCode: '001203004567.TK.HT.KS.000001' }),
      component('giay-chung-sinh', { reusedFrom: { documentId: 'd1', warehouseCode: '001203004567.GT.YT.GCS.000003', confirmedBy: 'officer', at: at('2026-11-23T02:00:00Z') } }),
    ],
    history: [
      { step: 'intake', at: at('2026-11-23T02:00:00Z'), actor: 'Nguyễn Văn An' },
      { step: 'sign-scan', at: at('2026-11-23T02:05:00Z') },
    ],
    ...over,
  } as unknown as DossierRecord;
}
const context = { procedureName: 'Đăng ký khai sinh', resultName: 'Trích lục khai sinh', publicBaseUrl: 'https://dichvucong.example.vn', tzOffset: '+07:00' };

describe('the per-dossier package for the national portal', () => {
  it('when a moment is written, then it is yyyyMMddHHmmss in the agency\'s local time', () => {
    expect(portalTime(at('2026-11-23T17:30:05Z'), '+07:00')).toBe('20261124003005');
  });

  it('when a dossier was received at the desk and every component is digitized or reused, then the package says so per file and for the dossier', () => {
    const pkg = portalDossierPackage(dossier({ portalAccount: { exists: true, verifiedBy: 'vneid' } }), context);
    expect(pkg).toMatchObject({
      MaHoSo: 'H34.29.2-261123-0001', MaTTHC: '1.001193.000.00.00.H34', TenTTHC: 'Đăng ký khai sinh', MaCoQuan: 'H34.29.2',
      KenhThucHien: 1, ChuHoSo: 'Võ Đặng Ngọc Giang', LoaiDinhDanh: 1, SoDinhDanh: '001203004567',
      NgayTiepNhan: '20261123090000', NgayHenTra: '20261124170000', TrangThaiHoSo: 4, HinhThucTraKetQua: 1,
      HoSoCoThanhPhanSoHoa: 1, TaiKhoanDuocXacThucVoiVNeID: 1, DuocThanhToanTrucTuyen: 0, DanhSachGiayToKetQua: [],
    });
    expect(pkg.DanhSachTepDinhKem).toEqual([
      { TenGiayTo: 'Tờ khai đăng ký khai sinh', MaThanhPhanHoSo: 'to-khai', DuocSoHoa: 1, DuocTaiSuDung: 0, DuocLayTuKhoDMQG: 0, MaKetQuaThayThe: '001203004567.TK.HT.KS.000001' },
      { TenGiayTo: 'Giấy chứng sinh', MaThanhPhanHoSo: 'giay-chung-sinh', DuocSoHoa: 1, DuocTaiSuDung: 1, DuocLayTuKhoDMQG: 0, MaKetQuaThayThe: '001203004567.GT.YT.GCS.000003' },
    ]);
    expect(pkg.QuaTrinhXuLy).toEqual([
      { NguoiXuLy: 'Nguyễn Văn An', ThoiDiemXuLy: '20261123090000', TrangThai: 2, NoiDungXuLy: 'Tiếp nhận hồ sơ', NgayKetThucTheoQuyDinh: '20261124170000' },
      { NguoiXuLy: 'Hệ thống', ThoiDiemXuLy: '20261123090500', TrangThai: 4, NoiDungXuLy: 'Ký số cá nhân lên bản số hóa', NgayKetThucTheoQuyDinh: '20261124170000' },
    ]);
  });

  it('when a declaration is scanned only (not signed) and stored, then it counts as digitized', () => {
    const d = dossier();
    d.components[0]!.signature = undefined;
    d.components[0]!.digitizedAt = at('2026-11-23T02:04:00Z');
    expect(portalDossierPackage(d, context).DanhSachTepDinhKem[0]).toMatchObject({ DuocSoHoa: 1 });
  });

  it('when a component is not digitized yet, or the account was only matched in the population database, then those flags are 0', () => {
    const d = dossier({ portalAccount: { exists: true, verifiedBy: 'population-db' } });
    d.components[0]!.signature = undefined;
    d.components[0]!.warehouseCode = undefined;
    const pkg = portalDossierPackage(d, context);
    expect(pkg.HoSoCoThanhPhanSoHoa).toBe(0);
    expect(pkg.DanhSachTepDinhKem[0]).toMatchObject({ DuocSoHoa: 0, DuocTaiSuDung: 0 });
    expect(pkg.TaiKhoanDuocXacThucVoiVNeID).toBe(0);
  });

  it('when the result is stored and sent by post after an apology, then the package has the result, the new appointment and the return', () => {
    const pkg = portalDossierPackage(dossier({
      channel: 'post', resultDelivery: 'post', status: 'returned', appointmentAt: at('2026-11-26T10:00:00Z'), returnedAt: at('2026-11-25T03:00:00Z'),
      result: { warehouseCode: '062226000123.KQ.HT.KS.000001', documentNumber: '05/TLKS' },
      payment: { state: 'paid', amount: 16000, method: 'online', paidAt: at('2026-11-25T02:00:00Z') },
      applicant: { idType: 'TAX_CODE', idNumber: '0101234567', fullName: 'Công ty TNHH An Phát' },
      history: [{ step: 'post-result', at: at('2026-11-25T03:00:00Z'), note: 'số hiệu RR000000014VN' }],
    }), context);
    expect(pkg).toMatchObject({
      KenhThucHien: 3, HinhThucTraKetQua: 2, LoaiDinhDanh: 3, DuocThanhToanTrucTuyen: 1, TrangThaiHoSo: 10, NgayHenTra: '20261126170000', NgayTraKetQua: '20261125100000',
      DanhSachGiayToKetQua: [{ TenGiayTo: 'Trích lục khai sinh', MaGiayToKetQua: '062226000123.KQ.HT.KS.000001', DuongDanTepTinKetQua: 'https://dichvucong.example.vn/tra-cuu/H34.29.2-261123-0001' }],
    });
    expect(pkg.QuaTrinhXuLy[0]).toMatchObject({ TrangThai: 10, NoiDungXuLy: 'Gửi kết quả qua bưu chính: số hiệu RR000000014VN' });
  });

  it.each([
    ['received', 2], ['digitized', 4], ['awaiting-supplement', 5], ['refused', 3], ['withdrawn', 7], ['stopped', 8], ['issued', 9], ['ready-for-collection', 9], ['returned', 10],
  ] as const)('when the dossier is %s, then the portal status code is %i', (status, code) => {
    expect(portalStatusCode[status]).toBe(code);
    expect(portalDossierPackage(dossier({ status }), context).TrangThaiHoSo).toBe(code);
  });
});
