import { z } from 'zod';
import type { DossierRecord } from '../core/repositories/dossiers';

/**
 * A staff decision as the API recorded it when the person decided with their own login: the one-stop
 * officer's on the components (api/dossiers/intake-decision.service.ts, variable `intakeDecision`) or the
 * specialist's review (api/dossiers/review.service.ts, variable `reviewDecider`): who (token subject and
 * name) and which task. Absent when the task was completed in Tasklist; then no personal signature is
 * made on the notice.
 */
export const intakeDecisionSchema = z.object({
  decision: z.enum(['accept', 'supplement', 'refuse', 'consult']),
  by: z.string().min(1),
  name: z.string().min(1),
  taskKey: z.string().min(1),
});
export type IntakeDecision = z.infer<typeof intakeDecisionSchema>;
export type DecisionPhase = 'intake' | 'review';

/**
 * The person whose key may sign the notice of `decision`: the variable counts only when the API recorded
 * the same decision, person and task on the dossier (a variable alone proves nothing: whoever completes
 * the task in Tasklist may set it), and only once: a decision already answered by an earlier supplement
 * round is stale (the variable outlives the task it came from).
 */
export function verifiedDecider(dossier: DossierRecord, variable: IntakeDecision | null | undefined, decision: IntakeDecision['decision'], phase: DecisionPhase = 'intake'): IntakeDecision | undefined {
  if (!variable || variable.decision !== decision) return undefined;
  const recorded = (phase === 'intake' ? dossier.intakeDecisions : dossier.reviewDecisions)
    ?.some((d) => d.taskKey === variable.taskKey && d.by === variable.by && d.decision === decision);
  if (!recorded) return undefined;
  if (dossier.supplements?.some((r) => r.decisionTaskKey === variable.taskKey)) return undefined;
  return variable;
}
