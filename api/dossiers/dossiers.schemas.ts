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
