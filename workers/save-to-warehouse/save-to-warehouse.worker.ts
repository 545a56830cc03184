import { z } from 'zod';
import { getVerifiedFile } from '../../core/repositories/files';
import { findProcedure } from '../../core/data/procedures';
import { JobType } from '../../core/process/steps';
import { getDossier, recordStep, updateComponent } from '../../core/repositories/dossiers';
import { saveToWarehouse as saveEntry } from '../../core/repositories/warehouse';
import { defineStep } from '../step';

/**
 * Lưu vào kho dữ liệu điện tử — every digitized component goes to the applicant's warehouse with
 * its code <owner ID>.<document type code> and the minimum metadata (seed 003: type code, owner ID,
 * name, summary, validity). The signed copy is stored where there is one, else the scan.
 */
export const saveToWarehouse = defineStep({
  type: JobType.saveToWarehouse,
  description: "Store each digitized component in the applicant's electronic data warehouse",
  input: z.object({ dossierCode: z.string().min(1) }),
  outputs: ['componentsInWarehouse'],
  async handle({ dossierCode }, { deps }) {
    const dossier = await getDossier(dossierCode);
    const procedure = findProcedure(dossier.procedureCode);
    const codes: string[] = [];
    for (const component of dossier.components) {
      if (component.reusedFrom) {
        // already in the warehouse: the dossier refers to that entry, no second one is made
        codes.push(component.reusedFrom.warehouseCode);
        continue;
      }
      const file = component.signature ?? { fileId: component.fileId, sha256: component.sha256 };
      // what goes into the warehouse is exactly what was signed (or scanned): checked at this hand-over too
      await getVerifiedFile(file.fileId, file.sha256, `${component.code} of ${dossierCode} for the warehouse`);
      const { code } = await saveEntry({
        sourceKey: `${dossierCode}:${component.code}`,
        dossierCode,
        procedureCode: dossier.procedureCode,
        owner: dossier.applicant,
        documentTypeCode: component.documentTypeCode,
        name: component.name,
        summary: `${component.name} — hồ sơ ${dossierCode} (${procedure?.name ?? dossier.procedureCode})`,
        kind: 'component',
        fileId: file.fileId,
        sha256: file.sha256,
        pageCount: component.pageCount,
      });
      if (component.warehouseCode !== code) await updateComponent(dossierCode, component.code, { warehouseCode: code });
      codes.push(code);
    }
    // warehouse codes begin with the owner's full ID number: kept in the database, not in notes or process variables
    await recordStep(dossierCode, JobType.saveToWarehouse, { status: 'digitized', note: `Lưu ${codes.length} giấy tờ vào kho` }, deps.now());
    return { componentsInWarehouse: codes.length };
  },
});
