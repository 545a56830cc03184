import { DossierModel, type Dossier, type DossierStatus } from '../models/dossier.model';
import { notFound } from '../errors';

export type DossierRecord = Dossier & { _id: unknown; createdAt: Date; updatedAt: Date };

export async function findDossier(code: string): Promise<DossierRecord | undefined> {
  return ((await DossierModel.findOne({ code }).lean()) as DossierRecord | null) ?? undefined;
}

export async function getDossier(code: string): Promise<DossierRecord> {
  const dossier = await findDossier(code);
  if (!dossier) throw notFound('hồ sơ', code);
  return dossier;
}

export async function findDossierByIntakeKey(intakeKey: string): Promise<DossierRecord | undefined> {
  return ((await DossierModel.findOne({ intakeKey }).lean()) as DossierRecord | null) ?? undefined;
}

/**
 * Records a step once: the history entry is keyed by step name, so a re-delivered job that already
 * wrote it changes nothing. `set` fields are applied in the same single-document update.
 */
export async function recordStep(
  code: string,
  step: string,
  entry: { actor?: string; note?: string; status?: DossierStatus; set?: Record<string, unknown> },
  at: Date,
): Promise<void> {
  const set: Record<string, unknown> = { ...(entry.set ?? {}) };
  if (entry.status) set.status = entry.status;
  const history = { step, at, actor: entry.actor, note: entry.note };
  const res = await DossierModel.updateOne(
    { code, 'history.step': { $ne: step } },
    { $set: set, $push: { history } },
  );
  if (res.matchedCount === 0) {
    // either unknown dossier or the step was already recorded: apply the fields, never a second entry
    const again = await DossierModel.updateOne({ code }, { $set: set });
    if (again.matchedCount === 0) throw notFound('hồ sơ', code);
  }
}

/** Sets fields of one component (matched by its code) in a single-document update. */
export async function updateComponent(code: string, componentCode: string, fields: Record<string, unknown>): Promise<void> {
  const set = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`components.$.${k}`, v]));
  const res = await DossierModel.updateOne({ code, 'components.code': componentCode }, { $set: set });
  if (res.matchedCount === 0) throw notFound('thành phần hồ sơ', `${code}/${componentCode}`);
}
