import { z } from 'zod';
import { issuedDocuments } from '../../core/models/dossier.model';
import { issuanceOf, issuancePaths, issuedDocumentSpec } from '../../core/rules/issuance';
import { findProcedure } from '../../core/data/procedures';
import { BusinessRuleError, IncidentError, BpmnErrorCode } from '../../core/errors';
import { JobType } from '../../core/process/steps';
import { commonName } from '../../core/adapters/signer/key-store';
import { preparePdfSignature } from '../../core/adapters/signer/pdf-signer';
import { handwrittenImageRect } from '../../core/adapters/signer/visuals';
import { RESULT_LAYOUT } from '../../core/pdf/render-result';
import { imageInfo } from '../../core/pdf/scan';
import { findFileByKey, getVerifiedFile, putFile } from '../../core/repositories/files';
import { getDossier, recordStep } from '../../core/repositories/dossiers';
import { approvalSchema, leaderSignatureKeys } from '../leader-signature';
import { defineStep } from '../step';

/**
 * Yêu cầu ký số phê duyệt — after the leader approved the draft they saw, ask the remote signing service
 * to sign it with THAT leader's key: the digest of the prepared draft goes to the service, the leader
 * confirms on their phone, and the process waits for the answer (next: a message or a timer, then
 * apply-leader-signature). Nothing is signed here. Idempotent: one prepared file and one transaction
 * per approval (the approval task's key), whatever the number of deliveries.
 */
export const requestLeaderSignature = defineStep({
  type: JobType.requestLeaderSignature,
  description: 'Ask the remote signing service for the approving leader\'s signature of the draft',
  // `approval` is checked below: its absence is a business outcome, not malformed input
  input: z.object({ dossierCode: z.string().min(1), approval: z.unknown().optional(), issuedDocument: z.enum(issuedDocuments).optional().nullable() }),
  outputs: ['leaderSignatureRequestId', 'leaderSignatureWait'],
  timeoutMs: 60_000,
  async handle({ dossierCode, approval, issuedDocument: documentInput }, { deps }) {
    const issuedDocument = documentInput ?? 'result';
    const parsed = approvalSchema.safeParse(approval);
    if (!parsed.success) {
      // approved without the leader's login (e.g. straight in Tasklist): nobody to ask for a signature
      throw new BusinessRuleError(BpmnErrorCode.APPROVER_NOT_AUTHENTICATED!, 'approval has no authenticated leader; approve on the desk page');
    }
    const { by, taskKey, draftSha256 } = parsed.data;
    const dossier = await getDossier(dossierCode);
    const { draft } = issuanceOf(dossier, issuedDocument);
    if (!draft || draft.sha256 !== draftSha256) {
      throw new IncidentError(`dossier ${dossierCode}: the approved draft is not the current draft`);
    }
    const keys = leaderSignatureKeys(dossierCode, taskKey);
    let prepared = await findFileByKey(keys.prepared);
    if (!prepared) {
      const certificates = await deps.remoteSigning.certificates(by);
      if (!certificates) throw new IncidentError(`the remote signing service has no certificate for leader ${by}`);
      const signerName = commonName(certificates[0]!);
      const signedAt = deps.now();
      // Decree 30/2020 Annex I: the leader's own signature image and name in the signature block
      const image = await deps.keys.signatureImage(by);
      const area = RESULT_LAYOUT.signature;
      const { width, height } = imageInfo(image, 'png');
      const half = await preparePdfSignature(await getVerifiedFile(draft.fileId, draft.sha256, `draft of ${dossierCode}`), {
        signerName, reason: 'Phê duyệt', signedAt, placement: 'bottom-right', timestamped: true,
        visual: { kind: 'handwritten', area, image, name: signerName },
      }, certificates);
      prepared = await putFile(half.pdf, `${dossierCode}.leader-prepared.pdf`, {
        key: keys.prepared, dossierCode, kind: 'leader-prepared', signerSubject: by, signerName, signedAt,
        imageRect: handwrittenImageRect(area, width, height),
        byteRange: half.byteRange, digest: half.digest.toString('hex'),
        signedAttributes: half.signedAttributes.toString('base64'), certificates: certificates.map((c) => c.toString('base64')),
      });
    }
    const meta = prepared.metadata as { digest: string; signerName: string };
    const procedure = findProcedure(dossier.procedureCode);
    const tx = await deps.remoteSigning.requestSignature({
      userId: by,
      transactionId: keys.transaction,
      description: `Ký phê duyệt ${procedure ? issuedDocumentSpec(procedure, issuedDocument).name : 'kết quả'} — hồ sơ ${dossierCode}`,
      digest: Buffer.from(meta.digest, 'hex'),
      callbackUrl: deps.config.REMOTE_SIGNING_CALLBACK_URL,
    });
    await recordStep(dossierCode, `${JobType.requestLeaderSignature}:${taskKey}`, {
      actor: meta.signerName,
      note: 'Đã gửi yêu cầu ký số, chờ lãnh đạo xác nhận',
      set: { [issuancePaths(issuedDocument).leaderSignature]: { state: 'requested', requestId: tx.tranId, signerSubject: by, signerName: meta.signerName, requestedAt: deps.now() } },
    }, deps.now());
    return { leaderSignatureRequestId: tx.tranId, leaderSignatureWait: deps.config.REMOTE_SIGNING_WAIT };
  },
});
