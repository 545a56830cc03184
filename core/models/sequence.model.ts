import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * One row per issued number (dossier daily sequence, warehouse code sequence, outgoing document
 * number). Inserting the row IS issuing the number: a single-document insert is atomic on MongoDB
 * and FerretDB alike, so a crash leaves either a complete issue or none — never a half-issued number.
 */
const sequenceSchema = new Schema(
  {
    scope: { type: String, required: true }, // e.g. dossier:H34.29.2:20261122, docnum:H34.29.2:2026:TLKS
    value: { type: Number, required: true },
    sourceKey: { type: String, required: true }, // who the number was issued to (dossier + step)
    issuedAt: { type: Date, required: true }, // the instant the number belongs to (its day / year)
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'sequences' },
);

// serves: "what is the highest number in this scope" and forbids two owners of one number
sequenceSchema.index({ scope: 1, value: -1 }, { unique: true });
// serves: "has this dossier step already been given its number" (idempotent re-delivery)
sequenceSchema.index({ sourceKey: 1 }, { unique: true });

export type SequenceRow = InferSchemaType<typeof sequenceSchema>;
export const SequenceModel = model('Sequence', sequenceSchema);
