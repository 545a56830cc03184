import { z } from 'zod';
import { issuedDocuments } from '../../core/models/dossier.model';
import { issuancePaths } from '../../core/rules/issuance';
import { IncidentError } from '../../core/errors';
import { JobType, type ApplyLeaderSignatureOutput } from '../../core/process/steps';
import { verifyDigestSignature } from '../../core/adapters/signer/digest-signer';
import { completePdfSignature, timestampOf, type PreparedPdfSignature } from '../../core/adapters/signer/pdf-signer';
import type { Rect } from '../../core/adapters/signer/visuals';
import type { TimestampAuthority } from '../../core/adapters/timestamp-authority';
import { findFileByKey, getFile, putFile, type StoredFile } from '../../core/repositories/files';
import { recordStep } from '../../core/repositories/dossiers';
import { approvalSchema, leaderSignatureKeys } from '../leader-signature';
import { defineStep } from '../step';

/**
 * Gắn chữ ký số phê duyệt — after the signing service announced an answer (message) or the wait ran out
 * (timer): ask the service how the leader answered. Confirmed → the returned signature is checked against
 * the leader's certificate and put into the prepared draft, which is now signed by the leader. Rejected
 * or expired (also: still pending when the wait ran out) → nothing is signed, and the diagram goes back
 * to the leader's approval. Idempotent: one signed draft per approval.
 */
type Outcome = ApplyLeaderSignatureOutput['leaderSignatureStatus'];

interface PreparedMeta {
  byteRange: [number, number, number, number];
  digest: string;
  signedAttributes: string;
  certificates: string[];
  signerName: string;
  signerSubject: string;
  signedAt: string | Date;
  imageRect: Rect;
}

export const applyLeaderSignature = defineStep({
  type: JobType.applyLeaderSignature,
  description: 'Collect the leader\'s answer from the remote signing service and sign the draft when confirmed',
  input: z.object({
    dossierCode: z.string().min(1), leaderSignatureRequestId: z.string().min(1), approval: approvalSchema,
    issuedDocument: z.enum(issuedDocuments).optional().nullable(),
  }),
  outputs: ['leaderSignatureStatus', 'approval'],
  timeoutMs: 60_000,
  async handle({ dossierCode, leaderSignatureRequestId, approval, issuedDocument }, { deps }) {
    const at = issuancePaths(issuedDocument ?? 'result').leaderSignature;
    const keys = leaderSignatureKeys(dossierCode, approval.taskKey);
    let signed = await findFileByKey(keys.signed);
    let outcome: Outcome = 'signed';
    if (!signed) {
      const tx = await deps.remoteSigning.transaction(leaderSignatureRequestId);
      if (tx?.status === 'confirmed' && tx.signature) {
        signed = await signDraft(await preparedOf(keys.prepared), tx.signature, keys.signed, dossierCode, deps.tsa);
      } else {
        // unknown to the service, expired, or still pending when this process stopped waiting
        outcome = tx?.status === 'rejected' ? 'rejected' : 'expired';
      }
    }
    if (outcome !== 'signed' || !signed) {
      await recordStep(dossierCode, `${JobType.applyLeaderSignature}:${approval.taskKey}`, {
        actor: approval.name,
        note: outcome === 'rejected' ? 'Lãnh đạo từ chối ký số; trở lại bước phê duyệt' : 'Yêu cầu ký số hết hạn; trở lại bước phê duyệt',
        set: { [`${at}.state`]: outcome },
      }, deps.now());
      // the next approval must come from the leader again (the desk sets a new one); never reuse this one
      return { leaderSignatureStatus: outcome, approval: null };
    }
    const meta = signed.metadata as { signerName: string; signerSubject: string; signedAt: string | Date; imageRect: Rect };
    await recordStep(dossierCode, `${JobType.applyLeaderSignature}:${approval.taskKey}`, {
      actor: meta.signerName,
      note: 'Lãnh đạo đã ký số dự thảo',
      set: {
        [`${at}.state`]: 'signed',
        [`${at}.signedAt`]: new Date(meta.signedAt),
        [`${at}.fileId`]: signed.id,
        [`${at}.sha256`]: signed.sha256,
        [`${at}.imageRect`]: meta.imageRect,
      },
    }, deps.now());
    return { leaderSignatureStatus: 'signed' satisfies Outcome };
  },
});

async function preparedOf(key: string): Promise<{ prepared: PreparedPdfSignature; meta: PreparedMeta }> {
  const file = await findFileByKey(key);
  if (!file) throw new IncidentError(`prepared draft ${key} is missing; the signature cannot be put in`);
  const meta = file.metadata as unknown as PreparedMeta;
  return {
    meta,
    prepared: {
      pdf: await getFile(file.id),
      byteRange: meta.byteRange,
      digest: Buffer.from(meta.digest, 'hex'),
      signedAttributes: Buffer.from(meta.signedAttributes, 'base64'),
      certificates: meta.certificates.map((c) => Buffer.from(c, 'base64')),
    },
  };
}

async function signDraft({ prepared, meta }: Awaited<ReturnType<typeof preparedOf>>, signature: Buffer, key: string, dossierCode: string, tsa: TimestampAuthority): Promise<StoredFile> {
  // the service's answer must be the leader's key's signature of exactly this digest
  if (!verifyDigestSignature(prepared.certificates[0]!, prepared.digest, signature)) {
    throw new IncidentError(`the signature returned for dossier ${dossierCode} does not verify with the leader's certificate`);
  }
  // PAdES B-T: the authority's token over the leader's signature value
  const pdf = completePdfSignature(prepared, signature, await timestampOf(tsa, signature));
  return putFile(pdf, `${dossierCode}.leader-signed.pdf`, {
    key, dossierCode, kind: 'leader-signed', signerName: meta.signerName, signerSubject: meta.signerSubject, signedAt: meta.signedAt,
    imageRect: meta.imageRect,
  });
}
