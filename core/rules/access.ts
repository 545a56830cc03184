import type { StaffMember, StaffRole } from '../auth/staff-token';

/**
 * Who may do what, as pure rules over a verified staff member (core/auth/staff-token.ts). Roles
 * decide the action; the agency claim decides which dossiers: a person acts only on dossiers their
 * own agency received. Routes call these; they never read identity from a request body.
 */
export type DossierAction = 'intake' | 'read' | 'read-draft' | 'review' | 'approve';

const actionRoles: Record<DossierAction, readonly StaffRole[]> = {
  // receiving a dossier is the one-stop desk's work
  intake: ['intake'],
  // anyone of the agency who works on dossiers may read them
  read: ['intake', 'review', 'approve', 'issue', 'administer'],
  // the draft result: who prepares it, who decides on it, who issues it
  'read-draft': ['review', 'approve', 'issue'],
  // reviewing a dossier (and recording the civil-status entry) is the specialist's work; so is a consulted
  // agency's reply (checked against the consulted agency, not the dossier's)
  review: ['review'],
  // approving (and so signing) a result is the leader's alone
  approve: ['approve'],
};

export type AccessDecision =
  | { allowed: true }
  | { allowed: false; reason: 'no-agency' | 'role' | 'other-agency' };

/** Whether the person may do `action` at all, before any dossier is looked up (so a refusal reveals none). */
export function mayDo(staff: StaffMember, action: DossierAction): AccessDecision {
  if (!staff.agency) return { allowed: false, reason: 'no-agency' };
  if (!actionRoles[action].some((r) => staff.roles.includes(r))) return { allowed: false, reason: 'role' };
  return { allowed: true };
}

export function mayActOnDossier(staff: StaffMember, action: DossierAction, dossierAgency: string): AccessDecision {
  const general = mayDo(staff, action);
  if (!general.allowed) return general;
  if (staff.agency !== dossierAgency) return { allowed: false, reason: 'other-agency' };
  return { allowed: true };
}
