import { z } from 'zod';

/**
 * The JSON part of a submission (multipart field `data`); files come as fields named by component
 * code. Who receives it is not part of it: that is the logged-in officer (an `officerName` sent
 * anyway is dropped, never recorded).
 */
export const SubmitDossier = z.object({
  procedureCode: z.string().min(1).max(40),
  agencyCode: z.string().min(1).max(20),
  channel: z.enum(['in-person', 'online', 'post']).default('in-person'),
  applicant: z.object({
    idType: z.enum(['CCCD', 'PASSPORT', 'TAX_CODE']),
    idNumber: z.string().min(1).max(20),
    fullName: z.string().min(2).max(100),
    dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    phone: z.string().regex(/^\+?\d{9,12}$/).optional(),
    email: z.string().email().optional(),
  }),
  subject: z
    .object({ fullName: z.string().min(2).max(100), dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })
    .optional(),
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
