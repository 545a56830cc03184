import { z } from 'zod';
import { idTypes } from '../../core/rules/identity';
import { isPlausibleName, normalizeText, textProblem, textProblemVi } from '../../core/rules/text';

/** A person's or organization's name: NFC, trimmed; no hidden, reordering or markup characters. */
const Name = z.string().max(200).transform((raw, ctx) => {
  const problem = textProblem(raw);
  if (problem) {
    ctx.addIssue({ code: 'custom', params: { rule: `name-${problem}` }, message: `Họ tên ${textProblemVi[problem]}` });
    return z.NEVER;
  }
  const name = normalizeText(raw);
  if (name.length < 2 || name.length > 100) {
    ctx.addIssue({ code: 'custom', params: { rule: 'name-length' }, message: 'Họ tên dài từ 2 đến 100 ký tự' });
    return z.NEVER;
  }
  if (!isPlausibleName(name)) {
    ctx.addIssue({ code: 'custom', params: { rule: 'name-characters' }, message: 'Họ tên chỉ gồm chữ cái (có dấu), khoảng trắng và dấu - \' .' });
    return z.NEVER;
  }
  return name;
});
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày theo dạng YYYY-MM-DD');
const Person = z.object({
  idType: z.enum(idTypes, { errorMap: () => ({ message: `Loại giấy tờ là một trong ${idTypes.join(', ')}` }) }),
  idNumber: z.string().min(1).max(20).transform((v) => v.trim().toUpperCase()),
  fullName: Name,
  dateOfBirth: IsoDate.optional(),
});

/**
 * The JSON part of a submission (multipart field `data`); files come as fields named by component
 * code. Who receives it is not part of it: that is the logged-in officer (an `officerName` sent
 * anyway is dropped, never recorded).
 */
export const SubmitDossier = z.object({
  procedureCode: z.string().min(1).max(40),
  agencyCode: z.string().min(1).max(20),
  channel: z.enum(['in-person', 'online', 'post']).default('in-person'),
  /** how the paper result goes back: at the desk or by post (default: by post for a dossier received by post) */
  resultDelivery: z.enum(['desk', 'post']).optional(),
  /** extra copies of the result the applicant asks for (bản sao cấp thêm), where the procedure sells them */
  resultCopies: z.number().int().min(0).max(20).optional(),
  applicant: Person.extend({
    phone: z.string().regex(/^\+?\d{9,12}$/, 'Số điện thoại gồm 9–12 chữ số').optional(),
    email: z.string().email('Địa chỉ thư điện tử không hợp lệ').max(200).optional(),
    /** the applicant agreed to be told on Zalo (ZNS) at that phone number, besides SMS */
    zalo: z.boolean().optional(),
    /** mailing address, required for a dossier received by post (the receipt and the result go back by post) */
    address: z.string().max(300).transform((raw, ctx) => {
      const problem = textProblem(raw);
      if (problem) {
        ctx.addIssue({ code: 'custom', params: { rule: `address-${problem}` }, message: `Địa chỉ ${textProblemVi[problem]}` });
        return z.NEVER;
      }
      return normalizeText(raw);
    }).optional(),
  }),
  /** with a power of attorney (ủy quyền): the person who authorized the applicant; their portal account is used */
  authorizer: Person.optional(),
  subject: z.object({ fullName: Name, dateOfBirth: IsoDate }).optional(),
  /** components taken from the applicant's warehouse instead of a scan: the offer's id, opened first (GET /api/reuse-offers) */
  reuse: z.record(z.string().max(60), z.object({ documentId: z.string().min(1).max(40) })).optional(),
  /**
   * Paper handed over per component code, as the officer counts it: the scan must have that many pages
   * (both sides unless a back is blank, a page with a sticky note twice). Absent for online dossiers.
   */
  pages: z.record(z.string().max(60), z.object({
    sheets: z.number().int().min(1).max(2000),
    blankBacks: z.number().int().min(0).max(2000).optional(),
    notes: z.number().int().min(0).max(2000).optional(),
    doubleSided: z.boolean().optional(),
  })).optional(),
});
export type SubmitDossier = z.infer<typeof SubmitDossier>;

export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9._:-]{8,100}$/);

/**
 * The leader's decision on the draft (POST /api/dossiers/:code/approval). Who decides is the token's
 * person; `draftSha256` is the draft as they opened it (header X-Draft-SHA256 of GET …/draft), so an
 * approval always names the exact version seen.
 */
export const Approval = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('approve'),
    draftSha256: z.string({ required_error: 'Cần mã SHA-256 của dự thảo đã xem' }).regex(/^[0-9a-f]{64}$/, 'Mã SHA-256 gồm 64 ký tự 0-9a-f'),
    opinion: z.string().max(2000).optional(),
  }),
  z.object({
    decision: z.literal('return'),
    opinion: z.string({ required_error: 'Cần ghi lý do trả lại thẩm định' }).min(3, 'Cần ghi lý do trả lại thẩm định').max(2000),
  }),
], { errorMap: () => ({ message: 'decision phải là "approve" hoặc "return"' }) });
export type Approval = z.infer<typeof Approval>;

/** Free text staff write onto a notice (what to supplement, why refused): NFC, no hidden or markup characters. */
const NoticeText = z.string().max(2000).transform((raw, ctx) => {
  const problem = textProblem(raw.replace(/\n/g, ' '));
  if (problem) {
    ctx.addIssue({ code: 'custom', params: { rule: `note-${problem}` }, message: `Nội dung ${textProblemVi[problem]}` });
    return z.NEVER;
  }
  return raw.normalize('NFC').split('\n').map((l) => l.trim().replace(/\s+/g, ' ')).filter(Boolean).join('\n');
});

/**
 * The one-stop officer's decision on the components (POST /api/dossiers/:code/intake-decision): receive,
 * ask for a supplement (form 02: what to bring), or refuse (form 03: why). The officer is the token's person.
 */
export const IntakeDecision = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('accept'), note: NoticeText.optional() }),
  z.object({ decision: z.literal('supplement'), note: NoticeText.refine((v) => v.length >= 5, { message: 'Ghi rõ nội dung cần bổ sung, hoàn thiện (ít nhất 5 ký tự)', params: { rule: 'note-required' } }) }),
  z.object({ decision: z.literal('refuse'), note: NoticeText.refine((v) => v.length >= 5, { message: 'Ghi rõ lý do từ chối tiếp nhận (ít nhất 5 ký tự)', params: { rule: 'note-required' } }) }),
], { errorMap: () => ({ message: 'decision phải là "accept", "supplement" hoặc "refuse"' }) });
export type IntakeDecision = z.infer<typeof IntakeDecision>;

/** A place, residence or other line of free text on a civil-status record: NFC, no hidden or markup characters. */
const RecordText = (what: string, max = 200) => z.string().max(max).transform((raw, ctx) => {
  const problem = textProblem(raw);
  if (problem) {
    ctx.addIssue({ code: 'custom', params: { rule: `text-${problem}` }, message: `${what} ${textProblemVi[problem]}` });
    return z.NEVER;
  }
  const text = normalizeText(raw);
  if (text.length < 2) {
    ctx.addIssue({ code: 'custom', params: { rule: 'required' }, message: `Cần ghi ${what.toLowerCase()}` });
    return z.NEVER;
  }
  return text;
});
const thisYear = new Date().getUTCFullYear();
const Parent = z.object({
  fullName: Name,
  birthYear: z.number({ invalid_type_error: 'Năm sinh là một số' }).int().min(1900, 'Năm sinh từ 1900').max(thisYear, 'Năm sinh không ở tương lai').optional(),
  ethnicity: RecordText('Dân tộc', 50).optional(),
  nationality: RecordText('Quốc tịch', 50).optional(),
  residence: RecordText('Nơi cư trú').optional(),
}).strict();

/**
 * The birth-registration entry the civil-status officer records from the declaration at review (Luật Hộ
 * tịch 2014 Art. 14): what the extract prints. The personal ID number is not typed: the population
 * database assigns it. At least one parent is named.
 */
export const BirthRecordInput = z.object({
  sex: z.enum(['Nam', 'Nữ'], { errorMap: () => ({ message: 'Giới tính là "Nam" hoặc "Nữ"' }) }),
  placeOfBirth: RecordText('Nơi sinh'),
  ethnicity: RecordText('Dân tộc', 50),
  nationality: RecordText('Quốc tịch', 50).default('Việt Nam'),
  hometown: RecordText('Quê quán').optional(),
  mother: Parent.optional(),
  father: Parent.optional(),
}).strict().refine((r) => r.mother || r.father, { message: 'Cần ghi thông tin ít nhất một người cha hoặc mẹ', params: { rule: 'parent-required' }, path: ['mother'] });
export type BirthRecordInput = z.infer<typeof BirthRecordInput>;

/**
 * What the department's specialist records at review of a land-use purpose change (Circular 30/2014/
 * TT-BTNMT Art. 6; seed 003): the parcel as the land register has it, the purposes from and to, and the
 * term. The submission and the decision print it.
 */
export const LandUseRecordInput = z.object({
  parcel: z.object({
    number: z.string().regex(/^\d{1,6}$/, 'Số thửa là một số (tối đa 6 chữ số)'),
    mapSheet: z.string().regex(/^\d{1,4}$/, 'Số tờ bản đồ là một số (tối đa 4 chữ số)'),
    areaM2: z.number({ invalid_type_error: 'Diện tích là một số (m²)' }).positive('Diện tích phải lớn hơn 0').max(100_000_000, 'Diện tích quá lớn cho một thửa đất'),
    address: RecordText('Địa chỉ thửa đất'),
  }).strict(),
  fromPurpose: RecordText('Mục đích sử dụng đất hiện tại', 120),
  toPurpose: RecordText('Mục đích sử dụng đất xin chuyển sang', 120),
  term: RecordText('Thời hạn sử dụng đất', 120),
}).strict().refine((r) => r.fromPurpose !== r.toPurpose, { message: 'Mục đích xin chuyển sang phải khác mục đích hiện tại', params: { rule: 'purpose-unchanged' }, path: ['toPurpose'] });
export type LandUseRecordInput = z.infer<typeof LandUseRecordInput>;

/**
 * The specialist's review (POST /api/dossiers/:code/review): accept (with the birth-registration entry
 * where the procedure's result is a birth extract), ask for a supplement (form 02: what to bring; the
 * deadline clock stops), or refuse (form 03: why). The specialist is the token's person.
 */
export const ReviewDecision = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('accept'), opinion: NoticeText.optional(), record: BirthRecordInput.optional(), landUse: LandUseRecordInput.optional() }).strict(),
  z.object({ decision: z.literal('supplement'), opinion: NoticeText.refine((v) => v.length >= 5, { message: 'Ghi rõ nội dung cần bổ sung, hoàn thiện (ít nhất 5 ký tự)', params: { rule: 'opinion-required' } }) }).strict(),
  z.object({ decision: z.literal('refuse'), opinion: NoticeText.refine((v) => v.length >= 5, { message: 'Ghi rõ lý do từ chối giải quyết (ít nhất 5 ký tự)', params: { rule: 'opinion-required' } }) }).strict(),
  z.object({
    decision: z.literal('consult'),
    agencyCode: z.string({ required_error: 'Cần mã cơ quan được xin ý kiến' }).regex(/^[0-9A-Z.]{3,20}$/, 'Mã cơ quan theo QCVN 102'),
    opinion: NoticeText.refine((v) => v.length >= 5, { message: 'Ghi rõ nội dung xin ý kiến (ít nhất 5 ký tự)', params: { rule: 'opinion-required' } }),
  }).strict(),
], { errorMap: () => ({ message: 'decision phải là "accept", "supplement", "refuse" hoặc "consult"' }) });

/** The consulted agency's reply (multipart `data`): its opinion in words; the signed letter is the file `reply`. */
export const ConsultationReply = z.object({
  opinion: NoticeText.refine((v) => v.length >= 2, { message: 'Ghi ý kiến trả lời', params: { rule: 'opinion-required' } }),
}).strict();
export type ConsultationReply = z.infer<typeof ConsultationReply>;
export type ReviewDecision = z.infer<typeof ReviewDecision>;

/** The applicant withdraws the dossier (POST /api/dossiers/:code/withdrawal), as recorded by the desk: why. */
export const Withdrawal = z.object({
  reason: NoticeText.refine((v) => v.length >= 5, { message: 'Ghi rõ lý do rút hồ sơ (ít nhất 5 ký tự)', params: { rule: 'reason-required' } }),
}).strict();
export type Withdrawal = z.infer<typeof Withdrawal>;

/**
 * The paper result handed over at the desk (POST /api/dossiers/:code/handover): who took it and the ID
 * document they showed. The number is checked against the applicant's (or their authorizer's) and kept
 * masked; a person who is neither needs the letter of authorization, named in `authorization`.
 */
export const Handover = z.object({
  receiverName: Name,
  receiverIdNumber: z.string().trim().toUpperCase().pipe(z.string().regex(/^[0-9A-Z]{6,20}$/, 'Số giấy tờ tùy thân gồm 6–20 chữ số hoặc chữ cái')),
  /** when the receiver is neither the applicant nor their authorizer: the authorization letter they brought */
  authorization: NoticeText.optional(),
}).strict();
export type Handover = z.infer<typeof Handover>;

/** The fee paid in cash at the desk (POST /api/dossiers/:code/payment): the number of the receipt for fees the officer issued. */
export const DeskPayment = z.object({
  receiptNumber: z.string().trim().pipe(z.string().regex(/^[0-9A-Za-z/.-]{1,30}$/, 'Số biên lai thu phí, lệ phí gồm chữ, số và / . -')),
}).strict();
export type DeskPayment = z.infer<typeof DeskPayment>;

/** The JSON part of a supplement (multipart field `data`, optional): the paper handed over, per component. */
export const Supplement = SubmitDossier.pick({ pages: true }).strict();
export type Supplement = z.infer<typeof Supplement>;

/** A Vietnamese mobile number of the applicant themself: 10 digits, 03x/05x/07x/08x/09x. */
const MobilePhone = z.string().regex(/^0[35789]\d{8}$/, 'Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09');

/** Identity as the applicant states it, checked against the population database (…/portal-account/identity). */
export const PortalIdentity = z.object({ fullName: Name, dateOfBirth: IsoDate }).strict();
export type PortalIdentity = z.infer<typeof PortalIdentity>;

/** The account to create (multipart field `data` of …/portal-account/registration, with the file `idCardScan`). */
export const PortalRegistration = PortalIdentity.extend({
  phone: MobilePhone,
  /** the officer compared the population database's record with the applicant and their ID card */
  identityConfirmed: z.literal(true, { errorMap: () => ({ message: 'Cán bộ phải xác nhận đã đối chiếu thông tin với CSDLQG về dân cư' }) }),
}).strict();
export type PortalRegistration = z.infer<typeof PortalRegistration>;

export const OtpCode = z.object({ otp: z.string().regex(/^\d{6}$/, 'Mã OTP gồm 6 chữ số') }).strict();
export type OtpCode = z.infer<typeof OtpCode>;
