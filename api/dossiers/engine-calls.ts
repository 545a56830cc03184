import { findProcedure } from '../../core/data/procedures';
import { AppError, conflict, unavailable } from '../../core/errors';
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
  return procedure ? deps.engine.findInstanceOfDossier(procedure.processId, dossier.code) : undefined;
}

/** The dossier's open user task `elementId`, or a 409 naming the step it is not at (`stepVi`). */
export async function openTaskOf(deps: DossierServiceDeps, dossier: DossierRecord, elementId: string, stepVi: string, stepEn: string): Promise<{ key: string }> {
  const instanceKey = await engineCall(() => instanceOf(deps, dossier));
  const task = instanceKey ? await engineCall(() => deps.engine.findOpenUserTask(instanceKey, elementId)) : undefined;
  if (!task) throw conflict(`The dossier is not waiting for ${stepEn}`, `Hồ sơ không ở bước ${stepVi}`);
  return task;
}
