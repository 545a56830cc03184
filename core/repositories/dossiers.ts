import type { UpdateQuery } from 'mongoose';
import { DossierModel, type Dossier, type DossierStatus } from '../models/dossier.model';
import { notFound } from '../errors';
import { currentAuditSource } from '../audit-source';
import { appendAudit } from './audit';
import { markDossierChanged } from './portal-sync';
import { serialized } from './document-lock';

export type DossierRecord = Dossier & { _id: unknown; createdAt: Date; updatedAt: Date };

/**
 * Every update of a dossier goes through here: one single-document update, whose filter and change are
 * atomic on MongoDB and made so on FerretDB by a per-dossier lock (document-lock.ts).
 */
export function updateDossier(filter: { code: string } & Record<string, unknown>, update: UpdateQuery<Dossier>) {
  return serialized(`dossier:${filter.code}`, () => DossierModel.updateOne(filter, update));
}

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
 * Records a step once: `stepsDone.<step>` marks it, so a re-delivered job that already wrote it adds
 * no second history entry. `set` fields are applied in the same single-document update; `push`
 * (array entries) only with the first recording, like the history entry.
 * (A marker field rather than `$ne` on the history array: FerretDB 1.x matches arrays differently.)
 * Then the step goes into the audit log (who, when, from where, what), keyed by dossier and step: a
 * crash between the two is mended by the re-delivery, which appends what is missing and nothing twice.
 */
export async function recordStep(
  code: string,
  step: string,
  entry: { actor?: string; actorSubject?: string; note?: string; status?: DossierStatus; set?: Record<string, unknown>; push?: Record<string, unknown> },
  at: Date,
): Promise<void> {
  const set: Record<string, unknown> = { ...(entry.set ?? {}) };
  if (entry.status) set.status = entry.status;
  const history = { step, at, actor: entry.actor, ...(entry.actorSubject ? { actorSubject: entry.actorSubject } : {}), note: entry.note };
  const marker = `stepsDone.${step}`;
  const res = await updateDossier(
    { code, [marker]: { $exists: false } },
    { $set: { ...set, [marker]: at }, $push: { history, ...(entry.push ?? {}) } },
  );
  if (res.matchedCount === 0) {
    // either unknown dossier or the step was already recorded: apply the fields, never a second entry
    if (Object.keys(set).length === 0) {
      if (!(await DossierModel.exists({ code }))) throw notFound('hồ sơ', code);
    } else {
      const again = await updateDossier({ code }, { $set: set });
      if (again.matchedCount === 0) throw notFound('hồ sơ', code);
    }
  }
  await auditStep(code, step, entry, at);
}

/**
 * The audit entry of a recorded step; the first recording's time stands when a step is recorded again.
 * Every step and desk action passes here, so here the dossier is also marked changed for the national
 * portal's per-dossier sync (core/repositories/portal-sync.ts).
 */
export async function auditStep(
  code: string,
  step: string,
  entry: { actor?: string; actorSubject?: string; note?: string; status?: DossierStatus },
  at: Date,
): Promise<void> {
  await appendAudit({
    eventId: `${code}:${step}`,
    dossierCode: code,
    action: step,
    actor: entry.actorSubject
      ? { kind: 'staff', subject: entry.actorSubject, ...(entry.actor ? { name: entry.actor } : {}) }
      : { kind: 'system', ...(entry.actor ? { name: entry.actor } : {}) },
    source: currentAuditSource(),
    details: { ...(entry.status ? { status: entry.status } : {}), ...(entry.note ? { note: entry.note } : {}) },
    at,
  });
  await markDossierChanged(code, new Date());
}

/**
 * Sets fields of one component in a single-document update. The array index is looked up first
 * and guarded in the filter (FerretDB 1.x has no positional `$` operator).
 */
export async function updateComponent(code: string, componentCode: string, fields: Record<string, unknown>): Promise<void> {
  const dossier = await DossierModel.findOne({ code }, { 'components.code': 1 }).lean();
  const index = dossier?.components.findIndex((c) => c.code === componentCode) ?? -1;
  if (index < 0) throw notFound('thành phần hồ sơ', `${code}/${componentCode}`);
  const set = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`components.${index}.${k}`, v]));
  const res = await updateDossier({ code, [`components.${index}.code`]: componentCode }, { $set: set });
  if (res.matchedCount === 0) throw new Error(`component ${componentCode} of ${code} moved during the update; retry`);
}
