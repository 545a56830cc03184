/**
 * How long the leader's approval may take before the leaders are reminded, and again before the head of
 * the agency is told (issue 8: "e.g. 2 working days"): a fifth of the procedure's time, in half-days,
 * at least half a day and at most two days — half a day for a one-day commune procedure, two days for
 * a fifteen-day provincial one. A procedure may set its own (ProcedureSpec.approvalWorkingDays).
 */
export function approvalStepWorkingDays(procedure: { workingDays: number; approvalWorkingDays?: number }): number {
  if (procedure.approvalWorkingDays !== undefined) return procedure.approvalWorkingDays;
  const fifth = Math.round((procedure.workingDays / 5) * 2) / 2;
  return Math.min(2, Math.max(0.5, fifth));
}
