import { z } from 'zod';
import { findAgency } from '../../core/data/agencies';
import { findProcedure } from '../../core/data/procedures';
import { JobType } from '../../core/process/steps';
import { renderBirthExtract } from '../../core/pdf/render-result';
import { findFileByKey, putFile } from '../../core/repositories/files';
import { getDossier, recordStep } from '../../core/repositories/dossiers';
import { allocateSequence } from '../../core/repositories/sequences';
import { formatDocumentIdentifier, formatDocumentNumber } from '../../core/rules/codes';
import { localDateParts } from '../../core/rules/local-time';
import { defineStep } from '../step';

/**
 * Ban hành kết quả — the approved draft becomes an official document: a number and symbol from
 * the agency's register for the year (Decree 30/2020 Art. 15, restarts on 1 January), the document
 * identifier, the leader's signature, then the organization's (seed 003 step 5; DOMAIN §10).
 * Idempotent: the number is issued once per dossier (sequences), the signed file once per dossier.
 */
export const issueResult = defineStep({
  type: JobType.issueResult,
  description: 'Number, render and sign the result document',
  input: z.object({ dossierCode: z.string().min(1), leaderName: z.string().min(1) }),
  timeoutMs: 60_000,
  async handle({ dossierCode, leaderName }, { deps }) {
    const dossier = await getDossier(dossierCode);
    const procedure = findProcedure(dossier.procedureCode);
    if (!procedure) throw new Error(`procedure ${dossier.procedureCode} is not in the catalog`);
    const agency = findAgency(dossier.agencyCode);
    const { symbol } = procedure.result;
    const key = `result:${dossierCode}`;
    let stored = await findFileByKey(key);
    if (!stored) {
      const now = deps.now();
      const scope = (at: Date) => `docnum:${dossier.agencyCode}:${localDateParts(at, deps.config.TZ_OFFSET).year}:${symbol}`;
      // a re-delivery after a crash gets the number (and so the date and year) issued the first time
      const { value: number, issuedAt } = await allocateSequence(scope(now), `docnum:${dossierCode}`, now);
      const { year } = localDateParts(issuedAt, deps.config.TZ_OFFSET);
      const documentNumber = formatDocumentNumber(number, symbol);
      const documentIdentifier = formatDocumentIdentifier(dossier.agencyCode, year, number, symbol);
      const draft = await renderBirthExtract({
        documentNumber,
        issuedAt,
        agencyName: agency?.name ?? dossier.agencyCode,
        childName: dossier.subject?.fullName ?? '',
        childDateOfBirth: dossier.subject?.dateOfBirth ?? '',
        applicantName: dossier.applicant.fullName,
        dossierCode,
      });
      const leader = deps.signers.leader;
      const signedByLeader = await leader.signer.signPdf(draft, {
        signerName: leader.name,
        reason: `Phê duyệt — ${leaderName}`,
        signedAt: now,
        placement: 'bottom-right',
        lines: [documentNumber],
      });
      const org = deps.signers.organization;
      const signed = await org.signer.signPdf(signedByLeader, {
        signerName: org.name,
        reason: 'Ban hành',
        signedAt: now,
        placement: 'top-right',
        lines: [documentNumber, documentIdentifier],
      });
      stored = await putFile(signed, `${documentIdentifier}.pdf`, {
        key, dossierCode, kind: 'result', documentNumber, documentIdentifier, issuedAt, leaderName: leader.name,
      });
    }
    const meta = stored.metadata as { documentNumber: string; documentIdentifier: string; issuedAt: string | Date; leaderName: string };
    const issuedAt = new Date(meta.issuedAt);
    await recordStep(dossierCode, JobType.issueResult, {
      status: 'issued',
      actor: meta.leaderName,
      note: meta.documentNumber,
      set: {
        'result.documentNumber': meta.documentNumber,
        'result.documentIdentifier': meta.documentIdentifier,
        'result.issuedAt': issuedAt,
        'result.signature': { signerName: meta.leaderName, role: 'leader', signedAt: issuedAt, fileId: stored.id, sha256: stored.sha256 },
      },
    }, deps.now());
    return { resultDocumentNumber: meta.documentNumber, resultDocumentIdentifier: meta.documentIdentifier };
  },
});
