import type { DossierRecord } from '../../core/repositories/dossiers';
import { verifiedDecider, type IntakeDecision } from '../../workers/intake-decision';

/** Whose key may sign an intake notice: only a decision the API recorded, and only once. */
const decision: IntakeDecision = { decision: 'supplement', by: 'officer-a', name: 'Nguyễn Văn An', taskKey: 'task-1' };
const dossier = (extra: Partial<DossierRecord> = {}) => ({
  intakeDecisions: [{ decision: 'supplement', by: 'officer-a', name: 'Nguyễn Văn An', at: new Date(), taskKey: 'task-1' }],
  supplements: [],
  ...extra,
}) as unknown as DossierRecord;

describe('verifiedDecider', () => {
  it('when the variable matches the decision the API recorded, then that officer signs', () => {
    expect(verifiedDecider(dossier(), decision, 'supplement')).toEqual(decision);
  });
  it('when the variable names a task, a person or a decision the API never recorded (set in Tasklist), then nobody signs', () => {
    expect(verifiedDecider(dossier(), { ...decision, taskKey: 'forged' }, 'supplement')).toBeUndefined();
    expect(verifiedDecider(dossier(), { ...decision, by: 'officer-b' }, 'supplement')).toBeUndefined();
    expect(verifiedDecider(dossier(), decision, 'refuse')).toBeUndefined();
    expect(verifiedDecider(dossier(), undefined, 'supplement')).toBeUndefined();
  });
  it('when an earlier supplement round already answered that decision (the variable outlived its task), then nobody signs again', () => {
    const answered = dossier({ supplements: [{ round: 1, decisionTaskKey: 'task-1' }] } as never);
    expect(verifiedDecider(answered, decision, 'supplement')).toBeUndefined();
  });
});
