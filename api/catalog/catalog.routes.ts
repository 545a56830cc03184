import { Router } from 'express';
import { CATALOG_VERSION, procedures } from '../../core/data/procedures';

/** GET /api/procedures — the procedure catalog as the desk needs it (staff only; it is public data anyway). */
export function catalogRouter(): Router {
  const router = Router();
  router.get('/procedures', (_req, res) => {
    res.json({
      version: CATALOG_VERSION,
      procedures: procedures.map((p) => ({
        code: p.code, name: p.name, level: p.level, field: p.field, workingDays: p.workingDays, fee: p.fee,
        subjectRequired: p.subjectRequired, applicantIdTypes: p.applicantIdTypes,
        components: p.components.map((c) => ({
          code: c.code, name: c.name, required: c.required, condition: c.condition, classification: c.classification,
          digitization: c.digitization, copy: c.copy, quantity: c.quantity, acceptedTypes: c.acceptedTypes,
          maxBytes: c.maxBytes, doubleSided: c.doubleSided, minDpi: c.minDpi,
        })),
      })),
    });
  });
  return router;
}
