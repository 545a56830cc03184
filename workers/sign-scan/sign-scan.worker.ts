import { z } from 'zod';
import { JobType } from '../../core/process/steps';
import { findFileByKey, getFile, putFile } from '../../core/repositories/files';
import { getDossier, recordStep, updateComponent } from '../../core/repositories/dossiers';
import { defineStep } from '../step';

/**
 * Ký số cá nhân lên bản số hóa — the digitizer signs each scan that must be signed with a PERSONAL
 * digital signature showing the signer's name and time, at the top-left of page 1, before data is
 * extracted (seed 004; DOMAIN §4.3). Application forms (scan-only) are not signed.
 * Idempotent: the signed copy is stored under a key per dossier component and reused on re-delivery.
 */
export const signScan = defineStep({
  type: JobType.signScan,
  description: "Apply the digitizer's personal signature to mandatory scans",
  input: z.object({ dossierCode: z.string().min(1) }),
  timeoutMs: 60_000,
  async handle({ dossierCode }, { deps }) {
    const dossier = await getDossier(dossierCode);
    const { signer, name } = deps.signers.digitizer;
    let signed = 0;
    for (const component of dossier.components) {
      if (component.digitization === 'scan-only' || component.signature) continue;
      const key = `signed-scan:${dossierCode}:${component.code}`;
      let stored = await findFileByKey(key);
      if (!stored) {
        const signedAt = deps.now();
        const bytes = await signer.signPdf(await getFile(component.fileId), {
          signerName: name,
          reason: 'Số hóa từ bản giấy',
          signedAt,
          placement: 'top-left',
          lines: [`Hồ sơ ${dossierCode}`],
        });
        stored = await putFile(bytes, `${component.code}.signed.pdf`, { key, dossierCode, kind: 'signed-scan', signedAt });
      }
      const signedAt = new Date(stored.metadata.signedAt as string | Date);
      await updateComponent(dossierCode, component.code, {
        signature: { signerName: name, role: 'digitizer', signedAt, fileId: stored.id, sha256: stored.sha256 },
      });
      signed++;
    }
    await recordStep(dossierCode, JobType.signScan, { actor: name, note: `Ký số ${signed} bản số hóa` }, deps.now());
    return {};
  },
});
