import type { DossierRecord } from '../repositories/dossiers';
import type { DossierStatus } from '../models/dossier.model';
import { stepLabelVi } from '../process/steps';
import { offsetMinutes } from './local-time';

/**
 * The dossier as the national public-service portal receives it (per-dossier sync; DOMAIN §10, field
 * names of QCVN 120:2019 packages as public sync code spells them — a secondary source, to be checked
 * against the province's integration contract). The whole dossier goes each time, processing log
 * included, so the portal's copy is the latest one whatever order two sends arrive in (it keeps the
 * highest version). Pure: from the dossier record to the package.
 */
export interface PortalFile {
  TenGiayTo: string;
  MaThanhPhanHoSo: string;
  /** scanned at the desk (signed where the component must be), received electronically, or reused */
  DuocSoHoa: 0 | 1;
  /** taken from the applicant's warehouse instead of paper */
  DuocTaiSuDung: 0 | 1;
  /** taken from a national or specialized database */
  DuocLayTuKhoDMQG: 0 | 1;
  /** the warehouse code of the electronic document that stands for the paper one */
  MaKetQuaThayThe: string;
}

export interface PortalResult {
  TenGiayTo: string;
  MaGiayToKetQua: string;
  DuongDanTepTinKetQua: string;
}

export interface PortalLogEntry {
  NguoiXuLy: string;
  ThoiDiemXuLy: string;
  TrangThai: number;
  NoiDungXuLy: string;
  NgayKetThucTheoQuyDinh: string;
}

export interface PortalDossierPackage {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  MaCoQuan: string;
  /** 1 at the desk, 2 online, 3 by post */
  KenhThucHien: 1 | 2 | 3;
  ChuHoSo: string;
  /** 1 personal ID (CCCD/CMND), 2 passport, 3 organization (tax code, organization ID) — this project's mapping */
  LoaiDinhDanh: 1 | 2 | 3;
  SoDinhDanh: string;
  NgayTiepNhan: string;
  NgayHenTra: string;
  TrangThaiHoSo: number;
  /** 1 at the desk, 2 by post */
  HinhThucTraKetQua: 1 | 2;
  NgayTraKetQua?: string;
  HoSoCoThanhPhanSoHoa: 0 | 1;
  TaiKhoanDuocXacThucVoiVNeID: 0 | 1;
  DuocThanhToanTrucTuyen: 0 | 1;
  DanhSachTepDinhKem: PortalFile[];
  DanhSachGiayToKetQua: PortalResult[];
  QuaTrinhXuLy: PortalLogEntry[];
}

/**
 * Dossier status codes of the portal's sync (1 registered … 10 result returned), as the national
 * portal's status list numbers them.
 */
export const portalStatusCode: Record<DossierStatus, number> = {
  received: 2, // được tiếp nhận
  digitized: 4, // đang xử lý
  'awaiting-supplement': 5, // yêu cầu bổ sung giấy tờ
  refused: 3, // không được tiếp nhận / từ chối
  withdrawn: 7, // công dân yêu cầu rút hồ sơ
  stopped: 8, // dừng xử lý
  issued: 9, // đã xử lý xong
  'ready-for-collection': 9,
  returned: 10, // đã trả kết quả
};

/** The status a processing-log entry stands for, by its step. */
function logStatus(step: string): number {
  const name = step.split(':')[0] ?? step;
  if (name === 'intake') return 2;
  if (name === 'refuse-dossier') return 3;
  if (name === 'request-supplement' || name === 'request-review-supplement') return 5;
  if (name === 'withdrawal' || name === 'withdraw-dossier') return 7;
  if (name === 'stop-processing') return 8;
  if (name === 'issue-result' || name === 'store-result') return 9;
  if (name === 'return-result' || name === 'record-handover' || name === 'post-result') return 10;
  return 4;
}

/** yyyyMMddHHmmss in the agency's local time, as the portal's packages write moments. */
export function portalTime(at: Date, tzOffset: string): string {
  const t = new Date(at.getTime() + offsetMinutes(tzOffset) * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(t.getUTCFullYear(), 4)}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}`;
}

export function portalDossierPackage(
  d: DossierRecord,
  context: { procedureName: string; resultName: string; publicBaseUrl: string; tzOffset: string },
): PortalDossierPackage {
  const time = (at: Date) => portalTime(at, context.tzOffset);
  const due = time(d.appointmentAt ?? d.dueAt);
  const files: PortalFile[] = d.components.map((c) => ({
    TenGiayTo: c.name,
    MaThanhPhanHoSo: c.code,
    // scanned at the desk (a declaration is scanned only; the others also signed), received electronically, or reused
    DuocSoHoa: c.digitizedAt || c.signature || c.warehouseCode || c.receivedElectronically || c.reusedFrom ? 1 : 0,
    DuocTaiSuDung: c.reusedFrom ? 1 : 0,
    DuocLayTuKhoDMQG: 0,
    MaKetQuaThayThe: c.reusedFrom?.warehouseCode ?? c.warehouseCode ?? '',
  }));
  const results: PortalResult[] = d.result?.warehouseCode
    ? [{ TenGiayTo: context.resultName, MaGiayToKetQua: d.result.warehouseCode, DuongDanTepTinKetQua: `${context.publicBaseUrl}/tra-cuu/${encodeURIComponent(d.code)}` }]
    : [];
  const delivery = d.resultDelivery ?? (d.channel === 'post' ? 'post' : 'desk');
  return {
    MaHoSo: d.code,
    MaTTHC: d.procedureCode,
    TenTTHC: context.procedureName,
    MaCoQuan: d.agencyCode,
    KenhThucHien: d.channel === 'online' ? 2 : d.channel === 'post' ? 3 : 1,
    ChuHoSo: d.applicant.fullName,
    LoaiDinhDanh: d.applicant.idType === 'PASSPORT' ? 2 : d.applicant.idType === 'TAX_CODE' || d.applicant.idType === 'ORGANIZATION_ID' ? 3 : 1,
    SoDinhDanh: d.applicant.idNumber,
    NgayTiepNhan: time(d.receivedAt),
    NgayHenTra: due,
    TrangThaiHoSo: portalStatusCode[d.status],
    HinhThucTraKetQua: delivery === 'post' ? 2 : 1,
    ...(d.returnedAt ? { NgayTraKetQua: time(d.returnedAt) } : {}),
    HoSoCoThanhPhanSoHoa: files.length > 0 && files.every((f) => f.DuocSoHoa === 1) ? 1 : 0,
    TaiKhoanDuocXacThucVoiVNeID: d.portalAccount?.exists && d.portalAccount.verifiedBy === 'vneid' ? 1 : 0,
    DuocThanhToanTrucTuyen: d.payment?.state === 'paid' && d.payment.method === 'online' ? 1 : 0,
    DanhSachTepDinhKem: files,
    DanhSachGiayToKetQua: results,
    QuaTrinhXuLy: d.history.map((h) => ({
      NguoiXuLy: h.actor ?? 'Hệ thống',
      ThoiDiemXuLy: time(h.at),
      TrangThai: logStatus(h.step),
      NoiDungXuLy: h.note ? `${stepLabelVi(h.step)}: ${h.note}` : stepLabelVi(h.step),
      NgayKetThucTheoQuyDinh: due,
    })),
  };
}
