import type { z } from 'zod';
import type { Logger } from '../core/logger';
import { withAuditSource, workerSource } from '../core/audit-source';
import { BusinessRuleError, IncidentError, type BpmnErrorCode } from '../core/errors';
import type { JobType } from '../core/process/steps';
import type { WorkerDeps } from './deps';

/**
 * A step = one job type. It declares its input variables (zod) and one handler that returns the
 * variables to complete with, or throws: BusinessRuleError → BPMN error the diagram catches;
 * anything else → job failure with retries and backoff (an incident in Operate when retries run out).
 */
export interface StepDefinition<I> {
  type: JobType;
  description: string;
  input: z.ZodType<I>;
  /**
   * The variables the step completes its job with, all of them: the contract a diagram may read (conditions,
   * timers, correlation keys) and what its element template shows a designer. A step that returns any other
   * variable is a programming error and raises an incident.
   */
  outputs: readonly string[];
  /** how long the engine waits before handing the job to another worker */
  timeoutMs?: number;
  handle(input: I, ctx: StepContext): Promise<Record<string, unknown>>;
}

export interface StepContext {
  deps: WorkerDeps;
  log: Logger;
  jobKey: string;
  /** the activation of the BPMN element: the same for a re-delivered job, new each time a loop comes back */
  elementInstanceKey: string;
}

/** The part of a Zeebe job a step runner needs; the SDK's job fits it, and so does a test's fake. */
export interface JobLike {
  key: string;
  type: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  retries: number;
  variables: Record<string, unknown>;
  complete(variables?: Record<string, unknown>): Promise<unknown>;
  error(e: { errorCode: string; errorMessage?: string; variables: Record<string, unknown> }): Promise<unknown>;
  fail(f: { errorMessage: string; retries?: number; retryBackOff?: number }): Promise<unknown>;
}

export const defineStep = <I>(def: StepDefinition<I>): StepDefinition<I> => def;

/**
 * Wait before the next attempt, by the retries left after this failure: with retries="3" in the
 * diagram, 5 s then 20 s (then an incident); longer retry counts grow ×4, capped at 10 minutes.
 */
export function retryBackOffMs(remainingRetries: number, configuredRetries = 3): number {
  const attempt = Math.max(0, configuredRetries - 1 - remainingRetries);
  return Math.min(5_000 * 4 ** attempt, 600_000);
}

export async function runStep<I>(def: StepDefinition<I>, job: JobLike, deps: WorkerDeps): Promise<void> {
  const dossierCode = typeof job.variables.dossierCode === 'string' ? job.variables.dossierCode : undefined;
  const log = deps.log.child({ jobType: job.type, jobKey: job.key, processInstanceKey: job.processInstanceKey, dossierCode });
  const parsed = def.input.safeParse(job.variables);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    log.error({ detail }, 'job variables do not match the step input; raising an incident');
    await job.fail({ errorMessage: `invalid variables for ${def.type}: ${detail}`, retries: 0 });
    return;
  }
  try {
    // what the step changes is audited as coming from this job
    const variables = await withAuditSource(workerSource(def.type, job.key), () =>
      def.handle(parsed.data, { deps, log, jobKey: job.key, elementInstanceKey: job.elementInstanceKey }));
    const undeclared = Object.keys(variables).filter((k) => !def.outputs.includes(k));
    if (undeclared.length > 0) throw new IncidentError(`step ${def.type} returned variables it does not declare: ${undeclared.join(', ')}`);
    await job.complete(variables);
    log.info('step completed');
  } catch (err) {
    if (err instanceof BusinessRuleError) {
      log.info({ bpmnError: err.bpmnCode }, err.message);
      await job.error({ errorCode: err.bpmnCode satisfies BpmnErrorCode, errorMessage: err.message, variables: {} });
      return;
    }
    // an IncidentError goes to Operate at once: retrying cannot mend it
    const retries = err instanceof IncidentError ? 0 : Math.max(0, job.retries - 1);
    const message = err instanceof Error ? err.message : String(err);
    log.warn({ err, retriesLeft: retries }, 'step failed');
    await job.fail({ errorMessage: message, retries, retryBackOff: retryBackOffMs(retries) });
  }
}
