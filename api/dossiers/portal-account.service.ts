import { readFile } from 'node:fs/promises';
import type { StaffMember } from '../../core/auth/staff-token';
import { PortalRefusedError, PortalUnavailableError, type NationalPortal } from '../../core/adapters/national-portal';
import type { PopulationDb } from '../../core/adapters/population-db';
import { AppError, conflict, notFound, ruleViolated, unavailable } from '../../core/errors';
import { FormId } from '../../core/process/steps';
import { auditStep, findDossier, recordStep, type DossierRecord, updateDossier } from '../../core/repositories/dossiers';
import { deleteFile, putFile } from '../../core/repositories/files';
import { ID_CARD_SCAN_MAX_BYTES, idCardScanMimeTypes, idCardScanType } from '../../core/rules/id-card-scan';
import { maskId, maskPhone } from '../../core/rules/identity';
import type { UploadedFile } from '../../core/rules/intake';
import { safeFileName } from '../../core/rules/text';
import type { OtpCode, PortalIdentity, PortalRegistration } from './dossiers.schemas';
import type { DossierServiceDeps } from './dossiers.service';
import { engineCall, openTaskOf } from './engine-calls';

/**
 * Tạo tài khoản — the applicant has no account on the national portal (check-portal-account said so) and
 * the one-stop officer creates one with them at the desk (seed 001 §1; DOMAIN §4.2): the population
 * database confirms the ID number, name and date of birth (and pre-fills the rest for the officer to
 * compare), the portal takes the ID-card scan and the applicant's own phone and texts a 6-digit OTP valid
 * 2 minutes, the applicant reads it back; then the create-portal-account task is completed in the
 * officer's name. The OTP is checked by the portal, never kept or logged here; the phone is shown masked.
 */
export type PortalAccountDeps = DossierServiceDeps & { portal?: NationalPortal; population?: Pick<PopulationDb, 'verify'> };

const TASK = [FormId.createPortalAccount, 'tạo tài khoản Cổng DVCQG', 'the portal account to be created'] as const;

async function dossierAtAccountStep(deps: PortalAccountDeps, code: string, authorize: (agencyCode: string) => void): Promise<{ dossier: DossierRecord; task: { key: string } }> {
  const dossier = await findDossier(code);
  if (!dossier) throw notFound('hồ sơ', code);
  authorize(dossier.agencyCode);
  const task = await openTaskOf(deps, dossier, ...TASK);
  return { dossier, task };
}

const ownerOf = (d: DossierRecord) => d.authorizer ?? d.applicant;

function portalOf(deps: PortalAccountDeps): NationalPortal {
  if (!deps.portal) throw new AppError('DEPENDENCY_UNAVAILABLE', 'The national portal is not configured for the API', 'Chưa cấu hình kết nối Cổng DVCQG');
  return deps.portal;
}

/** A portal call: an outage is a 503 to retry, what the portal refuses a 422 naming its field. */
async function portalCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof PortalRefusedError) {
      throw ruleViolated([{ field: `portal.${err.field}`, rule: 'portal-refused', message: `Cổng DVCQG không chấp nhận: ${err.message}` }]);
    }
    if (err instanceof PortalUnavailableError) throw unavailable('Cổng DVCQG', err);
    throw err;
  }
}

async function verifyIdentity(deps: PortalAccountDeps, dossier: DossierRecord, input: { fullName: string; dateOfBirth: string }) {
  if (!deps.population) throw new AppError('DEPENDENCY_UNAVAILABLE', 'The population database is not configured for the API', 'Chưa cấu hình kết nối CSDLQG về dân cư');
  const population = deps.population;
  let check;
  try {
    check = await population.verify({ idNumber: ownerOf(dossier).idNumber, fullName: input.fullName, dateOfBirth: input.dateOfBirth });
  } catch (err) {
    throw unavailable('CSDLQG về dân cư', err);
  }
  if (!check.match) {
    throw ruleViolated([{ field: 'fullName', rule: 'population-match', message: 'Họ tên, ngày sinh và số định danh không khớp với CSDLQG về dân cư; kiểm tra lại với giấy tờ của người nộp' }]);
  }
  return check.citizen;
}

/** The population database's record for the name and date of birth the applicant states (…/identity). */
export async function checkAccountIdentity(deps: PortalAccountDeps, code: string, input: PortalIdentity, staff: StaffMember, authorize: (agencyCode: string) => void) {
  const { dossier } = await dossierAtAccountStep(deps, code, authorize);
  const citizen = await verifyIdentity(deps, dossier, input);
  await auditStep(code, `population-check:${deps.now().getTime()}`, { actor: staff.name, actorSubject: staff.subject, note: 'Đối chiếu CSDLQG về dân cư: khớp' }, deps.now());
  return { match: true, citizen: { ...citizen, idNumber: maskId(citizen.idNumber) } };
}

/** Sends the registration to the portal, which texts the OTP (…/registration). Nothing is kept if it fails. */
export async function startAccountRegistration(
  deps: PortalAccountDeps, code: string, input: PortalRegistration, file: UploadedFile | undefined, staff: StaffMember, authorize: (agencyCode: string) => void,
) {
  if (!file) throw ruleViolated([{ field: 'idCardScan', rule: 'required', message: 'Cần bản quét hai mặt giấy tờ tùy thân' }]);
  if (file.size > ID_CARD_SCAN_MAX_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', 'The ID card scan may be at most 5 MB', 'Bản quét giấy tờ tùy thân tối đa 5 MB',
      [{ field: 'idCardScan', rule: 'max-size', message: 'Bản quét giấy tờ tùy thân tối đa 5 MB' }]);
  }
  const bytes = await readFile(file.path);
  const type = idCardScanType(bytes);
  if (!type) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'The ID card scan must be a doc, docx or PDF file', 'Bản quét giấy tờ tùy thân phải là tệp doc, docx hoặc pdf',
      [{ field: 'idCardScan', rule: 'id-card-scan-type', message: 'Bản quét giấy tờ tùy thân phải là tệp doc, docx hoặc pdf (theo nội dung tệp)' }]);
  }
  const { dossier } = await dossierAtAccountStep(deps, code, authorize);
  if (dossier.portalAccount?.exists) throw conflict('The applicant has a portal account now', 'Người nộp đã có tài khoản Cổng DVCQG');
  await verifyIdentity(deps, dossier, input);
  const owner = ownerOf(dossier);
  const fileName = safeFileName(file.originalname) || `giay-to-tuy-than.${type}`;
  const stored = await putFile(bytes, fileName, { key: `id-card:${code}:${file.sha256}`, dossierCode: code, kind: 'id-card-scan', mimeType: idCardScanMimeTypes[type] });
  let started;
  try {
    started = await portalCall(() => portalOf(deps).startRegistration({
      idType: owner.idType, idNumber: owner.idNumber, fullName: input.fullName, dateOfBirth: input.dateOfBirth, phone: input.phone,
      idCardScan: { fileName, mimeType: idCardScanMimeTypes[type], bytes },
    }));
  } catch (err) {
    if (stored.created) await deleteFile(stored.id).catch(() => undefined);
    throw err;
  }
  const now = deps.now();
  const registration = { id: started.registrationId, otpExpiresAt: started.otpExpiresAt, phoneMasked: maskPhone(input.phone), scanFileId: stored.id, startedBy: staff.subject, startedAt: now };
  await updateDossier({ code }, { $set: { 'portalAccount.registration': registration } });
  await auditStep(code, `portal-registration:${started.registrationId}`, { actor: staff.name, actorSubject: staff.subject, note: `Gửi mã OTP tới ${registration.phoneMasked}` }, now);
  return { otpExpiresAt: started.otpExpiresAt.toISOString(), phone: registration.phoneMasked };
}

function registrationOf(dossier: DossierRecord) {
  const registration = dossier.portalAccount?.registration;
  if (!registration) throw conflict('No account registration was started for this dossier', 'Chưa gửi thông tin tạo tài khoản cho hồ sơ này');
  return registration;
}

/** A new OTP (…/registration/otp): the previous one stops working. */
export async function resendAccountOtp(deps: PortalAccountDeps, code: string, staff: StaffMember, authorize: (agencyCode: string) => void) {
  const { dossier } = await dossierAtAccountStep(deps, code, authorize);
  const registration = registrationOf(dossier);
  const { otpExpiresAt } = await portalCall(() => portalOf(deps).resendOtp(registration.id));
  await updateDossier({ code }, { $set: { 'portalAccount.registration.otpExpiresAt': otpExpiresAt } });
  return { otpExpiresAt: otpExpiresAt.toISOString(), phone: registration.phoneMasked };
}

const otpRefusal = {
  'otp-expired': 'Mã OTP đã hết hiệu lực (2 phút); bấm "Gửi lại mã" để nhận mã mới',
  'otp-attempts': 'Nhập sai mã OTP quá số lần cho phép; hãy gửi lại thông tin tạo tài khoản',
  'unknown-registration': 'Cổng DVCQG không còn giữ yêu cầu tạo tài khoản này; hãy gửi lại thông tin',
} as const;

/** The applicant's OTP (…/registration/confirm): the account is made, the task completed in the officer's name. */
export async function confirmAccountRegistration(deps: PortalAccountDeps, code: string, input: OtpCode, staff: StaffMember, authorize: (agencyCode: string) => void) {
  const { dossier, task } = await dossierAtAccountStep(deps, code, authorize);
  const registration = registrationOf(dossier);
  // an earlier confirmation made the account but did not reach the engine: only the task is left to do
  let accountId = dossier.portalAccount?.exists ? dossier.portalAccount.accountId : undefined;
  if (!accountId) {
    const outcome = await portalCall(() => portalOf(deps).confirmRegistration(registration.id, input.otp));
    if (!outcome.ok) {
      const message = outcome.reason === 'otp-wrong' ? `Mã OTP không đúng; còn ${outcome.attemptsLeft} lần thử` : otpRefusal[outcome.reason];
      throw ruleViolated([{ field: 'otp', rule: outcome.reason, message }]);
    }
    accountId = outcome.accountId;
    // kept at once: the account exists at the portal whatever happens next
    await updateDossier({ code }, { $set: { 'portalAccount.exists': true, 'portalAccount.accountId': accountId, 'portalAccount.createdAt': deps.now(), 'portalAccount.createdBy': staff.subject } });
  }
  const result = await engineCall(() => deps.engine.completeUserTaskAs(task.key, staff.username ?? staff.subject, {
    hasPortalAccount: true, portalAccountText: 'Đã tạo tài khoản Cổng DVCQG tại Bộ phận Một cửa',
  }));
  if (result === 'gone') throw conflict('The account step was completed meanwhile', 'Bước tạo tài khoản vừa được hoàn thành bởi người khác');
  const now = deps.now();
  await recordStep(code, `${FormId.createPortalAccount}:${task.key}`, {
    actor: staff.name, actorSubject: staff.subject, note: 'Đã tạo tài khoản Cổng DVCQG (xác thực OTP)',
    set: { 'portalAccount.exists': true, 'portalAccount.accountId': accountId },
  }, now);
  return { accountCreated: true };
}
