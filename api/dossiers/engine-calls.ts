import { findProcedure } from '../../core/data/procedures';
import { AppError, conflict, unavailable } from '../../core/errors';
import { DossierModel } from '../../core/models/dossier.model';
import type { DossierRecord } from '../../core/repositories/dossiers';
import type { DossierServiceDeps } from './dossiers.service';

/** The engine away is a 503 the person can retry, never a 500. */
export async function engineCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw err instanceof AppError ? err : unavailable('Camunda', err);
  }
}

export async function instanceOf(deps: DossierServiceDeps, dossier: DossierRecord): Promise<string | undefined> {
  if (dossier.processInstanceKey) return dossier.processInstanceKey;
  const procedure = findProcedure(dossier.procedureCode);
  return procedure ? deps.engine.findInstanceOfDossier(procedure.processId, { ref: String(dossier._id) }) : undefined;
}

/**
 * The dossier's open user task `elementId`, or a 409 naming the step it is not at (`stepVi`): in the
 * dossier's own instance (and what it called), else, in an inter-agency procedure, in the deciding
 * agency's instance for the dossier (its leader approves the result there).
 */
export async function openTaskOf(deps: DossierServiceDeps, dossier: DossierRecord, elementId: string, stepVi: string, stepEn: string): Promise<{ key: string }> {
  const instanceKey = await engineCall(() => instanceOf(deps, dossier));
  let task = instanceKey ? await engineCall(() => deps.engine.findOpenUserTask(instanceKey, elementId)) : undefined;
  const decidingProcessId = findProcedure(dossier.procedureCode)?.decidingProcessId;
  if (!task && decidingProcessId) {
    const decidingKey = await engineCall(() => deps.engine.findInstanceOfDossier(decidingProcessId, { ref: String(dossier._id) }));
    task = decidingKey ? await engineCall(() => deps.engine.findOpenUserTask(decidingKey, elementId)) : undefined;
  }
  if (!task) throw conflict(`The dossier is not waiting for ${stepEn}`, `Hồ sơ không ở bước ${stepVi}`);
  return task;
}

/**
 * The outbox's retry: the dossiers matching `filter` still owe the engine a message (recorded while it was
 * away, or whose publish failed); each is published again, a failure logged and left for the next round.
 * The API runs these with the process-start retries.
 */
export async function publishPending(deps: DossierServiceDeps, filter: Record<string, unknown>, publish: (dossier: DossierRecord) => Promise<void>, what: string, limit = 50): Promise<number> {
  const pending = (await DossierModel.find(filter).limit(limit).lean()) as unknown as DossierRecord[];
  let published = 0;
  for (const d of pending) {
    try {
      await publish(d);
      published++;
    } catch (err) {
      deps.log.warn({ err, dossierCode: d.code }, `${what} still not published`);
    }
  }
  return published;
}
