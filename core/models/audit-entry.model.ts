import { Schema, model, type Query } from 'mongoose';
import { auditActorKinds, type ChainedAuditEntry } from '../rules/audit-chain';

/**
 * One entry of the audit log of dossier state changes: who (actor), when (at), from where (source),
 * what (action, details). Entries form one hash chain over the whole log (core/rules/audit-chain.ts)
 * and are only ever inserted: the middleware below refuses every update, replace and delete made
 * through this model, so application code cannot rewrite history by accident. A direct write to the
 * collection can still change it — that is what the chain makes visible (stack/audit-verify.ts).
 *
 * No timestamps and no version key: `at` is the event's own time and is hashed; a field mongoose
 * wrote beside it would be an unhashed one anyone could edit unnoticed.
 */
export type AuditEntry = ChainedAuditEntry;

const auditEntrySchema = new Schema<AuditEntry>(
  {
    seq: { type: Number, required: true }, // position in the chain, 1, 2, 3… with no gap
    eventId: { type: String, required: true }, // the event's own key (dossier + step + job), see appendAudit
    dossierCode: { type: String, required: true },
    at: { type: Date, required: true },
    action: { type: String, required: true }, // dossier.received, step.sign-scan, approval.approved…
    actor: {
      kind: { type: String, enum: auditActorKinds, required: true },
      subject: { type: String },
      name: { type: String },
    },
    source: {
      ip: { type: String },
      userAgent: { type: String },
      worker: { type: String },
      jobKey: { type: String },
      host: { type: String },
    },
    details: { type: Schema.Types.Mixed }, // small object, stored as its canonical JSON (appendAudit)
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  // minimize off: an empty `source` or `details` is stored as {} exactly as it was hashed
  { collection: 'audit_entries', versionKey: false, minimize: false },
);

// serves: the head of the chain (highest seq) and forbids two entries in one place of the chain
auditEntrySchema.index({ seq: 1 }, { unique: true });
// serves: idempotent append — the same event delivered twice is stored once
auditEntrySchema.index({ eventId: 1 }, { unique: true });
// serves: listAudit(dossierCode) in seq order (the processing control sheet of one dossier)
auditEntrySchema.index({ dossierCode: 1, seq: 1 });

class AppendOnlyError extends Error {
  constructor(operation: string) {
    super(`audit_entries is append-only: ${operation} refused`);
    this.name = 'AppendOnlyError';
  }
}

const queryWrites = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
  'findOneAndReplace',
] as const;

// query middleware: Model.updateOne(…), findByIdAndUpdate, findByIdAndDelete… all run through these
for (const op of queryWrites) {
  auditEntrySchema.pre(op, { query: true, document: false }, function (this: Query<unknown, AuditEntry>) {
    throw new AppendOnlyError(`${op} on ${JSON.stringify(this.getFilter())}`);
  });
}
// document middleware: entry.updateOne(…), entry.deleteOne()
auditEntrySchema.pre(['updateOne', 'deleteOne'], { document: true, query: false }, function () {
  throw new AppendOnlyError('a document update or delete');
});
// a loaded entry saved again would be an update
auditEntrySchema.pre('save', function () {
  if (!this.isNew) throw new AppendOnlyError(`save of the existing entry seq ${this.seq}`);
});
// bulkWrite mixes inserts with updates and deletes and skips the chain: appendAudit is the way in
auditEntrySchema.pre('bulkWrite', function () {
  throw new AppendOnlyError('bulkWrite');
});

export const AuditEntryModel = model<AuditEntry>('AuditEntry', auditEntrySchema);
