import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * The per-dossier sync to the national portal, as an outbox of one row per dossier. Every change of the
 * dossier bumps `version` and makes the row pending (core/repositories/portal-sync.ts); the dispatcher
 * (workers/outbox/sync-portal.ts) reads the dossier after it claims the row and sends the whole package
 * under the row's version, so the portal ends with the newest state whatever order two sends arrive in,
 * and a change made while a send is under way is sent again.
 */
export const portalSyncStates = ['pending', 'sending', 'sent', 'failed'] as const;

const portalSyncSchema = new Schema(
  {
    dossierCode: { type: String, required: true },
    version: { type: Number, required: true },
    state: { type: String, enum: portalSyncStates, required: true },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: { type: Date },
    /** the version a dispatcher holds while 'sending' */
    claimedVersion: { type: Number },
    sentVersion: { type: Number },
    sentAt: { type: Date },
    lastError: { type: String },
  },
  { timestamps: true, collection: 'portal_sync' },
);

portalSyncSchema.index({ dossierCode: 1 }, { unique: true });
portalSyncSchema.index({ state: 1, nextAttemptAt: 1 });

export type PortalSyncRow = InferSchemaType<typeof portalSyncSchema>;
export const PortalSyncModel = model('PortalSync', portalSyncSchema);
