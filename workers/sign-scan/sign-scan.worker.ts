import { z } from 'zod';
import { findAgency } from '../../core/data/agencies';
import { JobType } from '../../core/process/steps';
import { findFileByKey, getVerifiedFile, putFile } from '../../core/repositories/files';
import { getDossier, recordStep, updateComponent } from '../../core/repositories/dossiers';
import type { SignRequest } from '../../core/adapters/signer/signer';
import type { DossierComponent } from '../../core/models/dossier.model';
import { IncidentError } from '../../core/errors';
import type { NamedSigner } from '../../core/adapters/signer/key-store';
import type { Signature } from '../../core/models/dossier.model';
import { defineStep } from '../step';

/**
 * Ký số bản số hóa — each scan that must be signed, before data is extracted from it:
 *  - mandatory digitization: the digitizer's PERSONAL signature showing name and time, top-left of
 *    page 1 (seed 004; DOMAIN §4.3), with the key of the officer who received the dossier — the subject
 *    of the token the intake was made with, recorded on the dossier; never anyone else's key;
 *  - on-demand digitization: an electronic copy from paper, so the ORGANIZATION signs, top-right of
 *    page 1, showing the copy type and agency (Decree 30/2020 Art. 25–27, Annex I).
 * Application forms (scan-only) are not signed. Idempotent: the signed copy is stored under a key
 * per dossier component and reused on re-delivery.
 */
type SignerRole = Signature['role'];

function signatureFor(component: DossierComponent, dossierCode: string, agencyName: string): { role: SignerRole; request: Omit<SignRequest, 'signerName' | 'signedAt'> } | undefined {
  switch (component.digitization) {
    case 'scan-only':
      return undefined;
    case 'mandatory':
      return { role: 'digitizer', request: { reason: 'Số hóa từ bản giấy', placement: 'top-left', lines: [`Hồ sơ ${dossierCode}`] } };
    case 'on-demand':
      return { role: 'organization', request: { reason: 'Sao y từ bản giấy', placement: 'top-right', lines: ['SAO Y', agencyName] } };
  }
}

export const signScan = defineStep({
  type: JobType.signScan,
  description: 'Sign each scan that must be signed: personal signature for mandatory digitization, organization for on-demand copies',
  input: z.object({ dossierCode: z.string().min(1) }),
  outputs: [],
  timeoutMs: 60_000,
  async handle({ dossierCode }, { deps }) {
    const dossier = await getDossier(dossierCode);
    const agencyName = findAgency(dossier.agencyCode)?.name ?? dossier.agencyCode;
    const signerOf = async (role: SignerRole): Promise<NamedSigner & { subject?: string }> => {
      if (role === 'organization') return deps.keys.organization(dossier.agencyCode);
      if (!dossier.officerSubject) throw new IncidentError(`dossier ${dossierCode} does not say which officer received it; no personal signature can be made`);
      return { ...(await deps.keys.person(dossier.officerSubject)), subject: dossier.officerSubject };
    };
    const signers: string[] = [];
    for (const component of dossier.components) {
      const plan = signatureFor(component, dossierCode, agencyName);
      // a document reused from the warehouse was signed when it was first digitized; an online dossier's
      // file was not scanned by anyone here, so nobody signs it as its digitizer (DOMAIN §4.3: not scanned)
      if (!plan || component.signature || component.reusedFrom || component.receivedElectronically) continue;
      const { signer, name, subject } = await signerOf(plan.role);
      const key = `signed-scan:${dossierCode}:${component.code}`;
      let stored = await findFileByKey(key);
      if (!stored) {
        const at = deps.now();
        const bytes = await signer.signPdf(await getVerifiedFile(component.fileId, component.sha256, `scan ${component.code} of ${dossierCode}`), { ...plan.request, signerName: name, signedAt: at });
        stored = await putFile(bytes, `${component.code}.signed.pdf`, { key, dossierCode, kind: 'signed-scan', signedAt: at });
      }
      const signedAt = new Date(stored.metadata.signedAt as string | Date);
      await updateComponent(dossierCode, component.code, {
        signature: { signerName: name, ...(subject ? { signerSubject: subject } : {}), role: plan.role, signedAt, fileId: stored.id, sha256: stored.sha256 },
      });
      signers.push(name);
    }
    await recordStep(dossierCode, JobType.signScan, { actor: signers[0], note: `Ký số ${signers.length} bản số hóa` }, deps.now());
    return {};
  },
});
