import { z } from 'zod';
import { JobType } from '../../core/process/steps';
import { inspectPdf } from '../../core/pdf/inspect-pdf';
import { IncidentError } from '../../core/errors';
import { getVerifiedFile } from '../../core/repositories/files';
import { getDossier, recordStep, updateComponent } from '../../core/repositories/dossiers';
import { defineStep } from '../step';

/**
 * Số hóa thành phần hồ sơ — check each scanned component before it is signed and stored:
 * the bytes are still the ones received (SHA-256, seed 003: integrity during transfer), it is a
 * readable PDF, and the page count is recorded (number of images = number of input pages).
 * The API accepted only readable PDFs, so a failure here means storage trouble, not the applicant's:
 * a technical failure that ends as an incident an administrator sees in Operate.
 */
export const digitizeComponents = defineStep({
  type: JobType.digitizeComponents,
  description: 'Verify and record each scanned dossier component',
  input: z.object({ dossierCode: z.string().min(1) }),
  outputs: ['digitizedComponents'],
  async handle({ dossierCode }, { deps, log }) {
    const dossier = await getDossier(dossierCode);
    for (const component of dossier.components) {
      if (component.digitizedAt) continue; // done by an earlier delivery of this job
      if (component.reusedFrom || component.receivedElectronically) {
        // taken from the warehouse, or received online as an electronic document: not digitized here, only its integrity is checked
        await getVerifiedFile(component.fileId, component.sha256, `${component.reusedFrom ? 'reused' : 'electronic'} ${component.code} of ${dossierCode}`);
        continue;
      }
      // storage corruption is not the applicant's fault: an incident, an administrator looks
      const bytes = await getVerifiedFile(component.fileId, component.sha256, `scan ${component.code} of ${dossierCode}`);
      const check = await inspectPdf(bytes);
      if (!check.ok) {
        throw new IncidentError(`${component.code}: stored scan is no longer a readable PDF: ${check.reason} (${check.detail})`);
      }
      await updateComponent(dossierCode, component.code, { digitizedAt: deps.now(), pageCount: check.pageCount });
      log.debug({ component: component.code, pages: check.pageCount }, 'component digitized');
    }
    await recordStep(dossierCode, JobType.digitizeComponents, { note: `${dossier.components.length} thành phần` }, deps.now());
    return { digitizedComponents: dossier.components.length };
  },
});
