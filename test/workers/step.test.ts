import { z } from 'zod';
import { BusinessRuleError } from '../../core/errors';
import { createLogger } from '../../core/logger';
import type { WorkerDeps } from '../../workers/deps';
import { defineStep, retryBackOffMs, runStep, type JobLike } from '../../workers/step';

/** The step runner's three answers — complete, BPMN error, fail — on a recorded fake job. */
type Call = [string, unknown];
function job(variables: Record<string, unknown>, retries = 3): JobLike & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    key: '1', type: 'demo-step', processInstanceKey: '2', elementInstanceKey: '3', retries, variables, calls,
    complete: async (v) => calls.push(['complete', v]),
    error: async (e) => calls.push(['error', e]),
    fail: async (f) => calls.push(['fail', f]),
  };
}
const deps = { log: createLogger('test', 'silent') } as WorkerDeps;
const step = defineStep({
  type: 'sign-scan',
  description: 'demo',
  input: z.object({ dossierCode: z.string(), outcome: z.enum(['ok', 'business', 'crash', 'undeclared']) }),
  outputs: ['done'],
  async handle({ outcome }) {
    if (outcome === 'business') throw new BusinessRuleError('DEMO_REFUSED', 'refused by rule');
    if (outcome === 'crash') throw new Error('signer unreachable');
    if (outcome === 'undeclared') return { done: true, surprise: 1 };
    return { done: true };
  },
});

describe('runStep', () => {
  it('when the handler returns, then the job completes with its variables', async () => {
    const j = job({ dossierCode: 'X', outcome: 'ok' });
    await runStep(step, j, deps);
    expect(j.calls).toEqual([['complete', { done: true }]]);
  });

  it('when the handler reports a business outcome, then a BPMN error with its code is thrown to the diagram', async () => {
    const j = job({ dossierCode: 'X', outcome: 'business' });
    await runStep(step, j, deps);
    expect(j.calls).toEqual([['error', { errorCode: 'DEMO_REFUSED', errorMessage: 'refused by rule', variables: {} }]]);
  });

  it('when the handler crashes, then the job fails with one retry less and a growing backoff', async () => {
    const j = job({ dossierCode: 'X', outcome: 'crash' }, 2);
    await runStep(step, j, deps);
    expect(j.calls).toEqual([['fail', { errorMessage: 'signer unreachable', retries: 1, retryBackOff: 20_000 }]]);
  });

  it('when the variables do not match the input schema, then the job fails with no retries (incident)', async () => {
    const j = job({ outcome: 'nonsense' });
    await runStep(step, j, deps);
    expect(j.calls).toHaveLength(1);
    expect(j.calls[0]?.[0]).toBe('fail');
    expect(j.calls[0]?.[1]).toMatchObject({ retries: 0, errorMessage: expect.stringMatching(/dossierCode.*outcome/s) });
  });

  it('when the handler returns a variable its step does not declare, then the job raises an incident instead of completing', async () => {
    const j = job({ dossierCode: 'X', outcome: 'undeclared' }, 3);
    await runStep(step, j, deps);
    expect(j.calls).toEqual([['fail', expect.objectContaining({ retries: 0, errorMessage: 'step sign-scan returned variables it does not declare: surprise' })]]);
  });

  it.each([[2, 5_000], [1, 20_000], [0, 80_000], [3, 5_000], [-5, 600_000]])(
    'when %i retries remain, then the backoff is %i ms',
    (remaining, ms) => expect(retryBackOffMs(remaining)).toBe(ms),
  );
});
