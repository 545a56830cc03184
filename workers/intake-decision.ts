import { z } from 'zod';

/**
 * The one-stop officer's decision as the API recorded it when the officer decided on the desk page
 * (api/dossiers/intake-decision.service.ts): who (token subject and name) and which task. Absent when the
 * task was completed in Tasklist; then no personal signature is made on the notice.
 */
export const intakeDecisionSchema = z.object({
  decision: z.enum(['accept', 'supplement', 'refuse']),
  by: z.string().min(1),
  name: z.string().min(1),
  taskKey: z.string().min(1),
});
export type IntakeDecision = z.infer<typeof intakeDecisionSchema>;
