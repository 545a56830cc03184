import { createHash } from 'node:crypto';
import type { ProcedureSpec } from '../data/procedures';
import { canonicalJson } from './audit-chain';
import type { Violation } from '../errors';
import type { IdType } from './identity';

/**
 * An uploaded file as the route hands it over: streamed to a temporary file by multer (never held whole
 * in memory), with the SHA-256 of its bytes.
 */
export interface UploadedFile {
  fieldname: string;
  originalname: string;
  size: number;
  path: string;
  sha256: string;
}

export type ResultDelivery = 'desk' | 'post';

export interface IntakeInput {
  applicant: { idType: IdType; address?: string; phone?: string; zalo?: boolean };
  subject?: { fullName: string; dateOfBirth: string };
  channel?: 'in-person' | 'online' | 'post';
  /** how the paper result goes back (hình thức nhận kết quả); default: by post for a dossier received by post, else at the desk */
  resultDelivery?: ResultDelivery;
  resultCopies?: number;
  pages?: Record<string, unknown>;
}

export function resultDeliveryOf(input: Pick<IntakeInput, 'channel' | 'resultDelivery'>): ResultDelivery {
  return input.resultDelivery ?? (input.channel === 'post' ? 'post' : 'desk');
}

/**
 * Dossier components against the procedure (seed 003 step 3; DOMAIN §4.3): every required
 * component present, no unknown component, the applicant identified in a
 * way the procedure accepts, and the subject of the result named where the procedure needs it.
 * Returns every violation at once so the officer fixes the dossier in one go.
 */
export function intakeViolations(procedure: ProcedureSpec, input: IntakeInput, files: readonly Pick<UploadedFile, 'fieldname'>[], reused: ReadonlySet<string> = new Set()): Violation[] {
  const violations: Violation[] = [];
  if (!procedure.applicantIdTypes.includes(input.applicant.idType)) {
    violations.push({ field: 'applicant.idType', rule: 'accepted-id-type', message: `Thủ tục ${procedure.name} không nhận giấy tờ tùy thân loại ${input.applicant.idType}` });
  }
  const known = new Set(procedure.components.map((c) => c.code));
  const seen = new Map<string, number>();
  for (const f of files) {
    seen.set(f.fieldname, (seen.get(f.fieldname) ?? 0) + 1);
    if (!known.has(f.fieldname)) {
      violations.push({ field: `files.${f.fieldname}`, rule: 'known-component', message: `Thành phần ${f.fieldname} không thuộc thủ tục ${procedure.name}` });
    }
  }
  // several files for one component are allowed (page images); api/dossiers/intake-scans.ts checks them
  for (const c of procedure.components) {
    if (c.required && !seen.has(c.code) && !reused.has(c.code)) violations.push({ field: `files.${c.code}`, rule: 'required-component', message: `Thiếu thành phần hồ sơ: ${c.name}` });
  }
  // an online dossier's files are electronic documents, not scans of paper the desk counted (DOMAIN §4.3)
  if (input.channel === 'online' && input.pages && Object.keys(input.pages).length > 0) {
    violations.push({ field: 'pages', rule: 'online-not-scanned', message: 'Hồ sơ trực tuyến không quét lại từ giấy: không khai số tờ giấy' });
  }
  if ((input.channel === 'post' || resultDeliveryOf(input) === 'post') && !(input.applicant.address && input.applicant.address.length >= 10)) {
    violations.push({ field: 'applicant.address', rule: 'postal-address-required', message: 'Hồ sơ nhận hoặc trả kết quả qua bưu chính cần địa chỉ gửi (ít nhất 10 ký tự)' });
  }
  if ((input.resultCopies ?? 0) > 0 && !procedure.fee.resultCopy) {
    violations.push({ field: 'resultCopies', rule: 'copies-not-issued', message: `Thủ tục ${procedure.name} không cấp thêm bản sao kết quả` });
  }
  if (input.applicant.zalo && !input.applicant.phone) {
    violations.push({ field: 'applicant.zalo', rule: 'zalo-needs-phone', message: 'Nhận thông báo qua Zalo cần số điện thoại đăng ký Zalo' });
  }
  if (procedure.subjectRequired && !input.subject) {
    violations.push({ field: 'subject', rule: 'subject-required', message: 'Thiếu họ tên và ngày sinh của người được đăng ký' });
  }
  return violations;
}

/**
 * What a submission is, for its Idempotency-Key: the JSON part and each file's SHA-256 by component.
 * The same key with another fingerprint is another submission, refused rather than answered with the
 * first one's dossier.
 */
export function intakeFingerprint(body: unknown, files: readonly Pick<UploadedFile, 'fieldname' | 'sha256'>[]): string {
  const parts = files.map((f) => `${f.fieldname}:${f.sha256}`).sort();
  return createHash('sha256').update(canonicalJson({ body, files: parts })).digest('hex');
}
