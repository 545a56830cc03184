import { z } from 'zod';
import { DEFAULT_SEAL_DIAMETER_MM, findAgency } from '../../core/data/agencies';
import { findProcedure } from '../../core/data/procedures';
import { sealArea } from '../../core/adapters/signer/visuals';
import { issueBlanksOf, templateOf } from '../../core/pdf/templates';
import { issuedDocuments } from '../../core/models/dossier.model';
import { issuanceOf, issuancePaths, issuedDocumentSpec } from '../../core/rules/issuance';
import { JobType } from '../../core/process/steps';
import { IncidentError } from '../../core/errors';
import { findFileByKey, getVerifiedFile, putFile } from '../../core/repositories/files';
import { getDossier, recordStep, updateDossier } from '../../core/repositories/dossiers';
import { allocateSequence } from '../../core/repositories/sequences';
import { formatDocumentIdentifier, formatDocumentNumber } from '../../core/rules/codes';
import { localDateParts } from '../../core/rules/local-time';
import { defineStep } from '../step';

/**
 * Ban hành kết quả — the draft the leader signed becomes an official document: a number and symbol from
 * the agency's register for the year (Decree 30/2020 Art. 15, restarts on 1 January), the document
 * identifier, and the organization's signature as a second signature by incremental update: the seal
 * over the leader's signature image, the number and date in the draft's blanks, an RFC 3161 timestamp
 * (seed 003 step 5; DOMAIN §10). The leader's signature is never made here: it came from the
 * leader's own key, confirmed by the leader (request-leader-signature, apply-leader-signature).
 * Idempotent: the number is issued once per dossier (sequences), the signed file once per dossier.
 */
export const issueResult = defineStep({
  type: JobType.issueResult,
  description: 'Number the leader-signed result and add the organization signature',
  input: z.object({
    dossierCode: z.string().min(1),
    issuedDocument: z.enum(issuedDocuments).optional().nullable(),
    issuingAgencyCode: z.string().min(1).optional().nullable(),
  }),
  outputs: ['resultDocumentNumber', 'resultDocumentIdentifier'],
  timeoutMs: 60_000,
  async handle({ dossierCode, issuedDocument: documentInput, issuingAgencyCode }, { deps }) {
    const issuedDocument = documentInput ?? 'result';
    const dossier = await getDossier(dossierCode);
    const procedure = findProcedure(dossier.procedureCode);
    if (!procedure) throw new Error(`procedure ${dossier.procedureCode} is not in the catalog`);
    const paths = issuancePaths(issuedDocument);
    const leaderSigned = issuanceOf(dossier, issuedDocument).leaderSignature;
    if (leaderSigned?.state !== 'signed' || !leaderSigned.fileId || !leaderSigned.sha256) {
      throw new IncidentError(`dossier ${dossierCode} has no ${issuedDocument} draft signed by its leader; it cannot be issued`);
    }
    // the agency whose leader approved it numbers it in its register and signs it as the organization
    const agencyCode = issuingAgencyCode ?? dossier.agencyCode;
    const { symbol } = issuedDocumentSpec(procedure, issuedDocument);
    // one file and one number per issued document: the result once per dossier (its keys of before); an
    // intermediate document once per leader-signed version (a submission the committee returned is issued again)
    const round = issuedDocument === 'result' ? '' : `:${String(leaderSigned.fileId)}`;
    const key = issuedDocument === 'result' ? `result:${dossierCode}` : `${issuedDocument}:${dossierCode}${round}`;
    const numberKey = issuedDocument === 'result' ? `docnum:${dossierCode}` : `docnum:${dossierCode}:${issuedDocument}${round}`;
    let stored = await findFileByKey(key);
    if (!stored) {
      const now = deps.now();
      // claim the document for numbering, unless the applicant withdrew the dossier first (one of the two wins)
      const claim = await updateDossier({ code: dossierCode, withdrawal: { $exists: false } }, { $min: { [paths.issuingSince]: now } });
      if (claim.matchedCount === 0) {
        // the withdrawal's message interrupts this process shortly; until then nothing is numbered
        throw new Error(`dossier ${dossierCode} was withdrawn; no number is issued`);
      }
      const scope = (at: Date) => `docnum:${agencyCode}:${localDateParts(at, deps.config.TZ_OFFSET).year}:${symbol}`;
      // a re-delivery after a crash gets the number (and so the date and year) issued the first time
      const { value: number, issuedAt } = await allocateSequence(scope(now), numberKey, now);
      const { year } = localDateParts(issuedAt, deps.config.TZ_OFFSET);
      const documentNumber = formatDocumentNumber(number, symbol);
      const documentIdentifier = formatDocumentIdentifier(agencyCode, year, number, symbol);
      const org = await deps.keys.organization(agencyCode);
      const agency = findAgency(agencyCode);
      if (!leaderSigned.imageRect) throw new IncidentError(`dossier ${dossierCode}: where the leader's signature image is was not recorded`);
      // Decree 30/2020 Annex I: the seal at real size over the left third of the leader's signature
      // image; the number and date written into the draft's blanks; timestamped (PAdES B-T)
      const signed = await org.signer.signPdf(await getVerifiedFile(leaderSigned.fileId, leaderSigned.sha256, `leader-signed draft of ${dossierCode}`), {
        signerName: org.name,
        reason: `Ban hành ${documentNumber}`,
        signedAt: now,
        placement: 'top-right',
        visual: { kind: 'seal', area: sealArea(leaderSigned.imageRect, agency?.sealDiameterMm ?? DEFAULT_SEAL_DIAMETER_MM), agencyName: agency?.name ?? org.name },
        filledLines: issueBlanksOf(templateOf(procedure, issuedDocument), number, issuedAt),
      }, deps.tsa);
      stored = await putFile(signed, `${documentIdentifier}.pdf`, {
        key, dossierCode, kind: issuedDocument, documentNumber, documentIdentifier, issuedAt, organizationName: org.name, agencyCode,
      });
    }
    const meta = stored.metadata as { documentNumber: string; documentIdentifier: string; issuedAt: string | Date; organizationName: string; agencyCode?: string };
    const issuedAt = new Date(meta.issuedAt);
    const issued = paths.issued;
    // an intermediate document does not change the dossier's status: the procedure's result is still to come
    await recordStep(dossierCode, issuedDocument === 'result' ? JobType.issueResult : `${JobType.issueResult}:${issuedDocument}:${meta.documentNumber}`, {
      ...(issuedDocument === 'result' ? { status: 'issued' as const } : {}),
      actor: meta.organizationName,
      note: meta.documentNumber,
      set: {
        [`${issued}.documentNumber`]: meta.documentNumber,
        [`${issued}.documentIdentifier`]: meta.documentIdentifier,
        [`${issued}.issuedAt`]: issuedAt,
        [`${issued}.agencyCode`]: meta.agencyCode ?? agencyCode,
        [`${issued}.signature`]: { signerName: meta.organizationName, role: 'organization', signedAt: issuedAt, fileId: stored.id, sha256: stored.sha256 },
      },
    }, deps.now());
    // an intermediate document may be issued again (a submission the committee returned): once this one
    // is issued, its claim ends, so a withdrawal is held back only while a number is being given
    if (issuedDocument !== 'result') await updateDossier({ code: dossierCode }, { $unset: { [paths.issuingSince]: '' } });
    return { resultDocumentNumber: meta.documentNumber, resultDocumentIdentifier: meta.documentIdentifier };
  },
});
