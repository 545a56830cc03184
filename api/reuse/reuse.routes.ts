import { Router } from 'express';
import { z } from 'zod';
import { badRequest, forbidden } from '../../core/errors';
import { idTypes } from '../../core/rules/identity';
import { mayDo } from '../../core/rules/access';
import { staffOf } from '../auth';
import type { DossierServiceDeps } from '../dossiers/dossiers.service';
import { reuseOffers, viewWarehouseDocument } from '../dossiers/reuse.service';

/**
 * For the one-stop officer at intake (POST, so the applicant's ID never sits in a URL or an access log):
 *   POST /api/reuse-offers          { procedureCode, idType, idNumber } → reusable documents per component
 *   POST /api/warehouse/:id/view    { ownerIdNumber } → the document (PDF); the opening is audited
 */
const OffersQuery = z.object({ procedureCode: z.string().min(1).max(40), idType: z.enum(idTypes), idNumber: z.string().min(1).max(20) });
const ViewQuery = z.object({ ownerIdNumber: z.string().min(1).max(20) });

export function reuseRouter(deps: DossierServiceDeps): Router {
  const router = Router();
  router.use((_req, res, next) => {
    const decision = mayDo(staffOf(res), 'intake');
    if (!decision.allowed) throw forbidden('Only the one-stop desk looks into warehouses at intake', 'Chỉ Bộ phận Một cửa tra cứu kho dữ liệu khi tiếp nhận');
    next();
  });
  router.post('/reuse-offers', async (req, res) => {
    const query = OffersQuery.safeParse(req.body);
    if (!query.success) throw badRequest(query.error.issues.map((i) => ({ field: i.path.join('.'), rule: i.code, message: i.message })));
    res.set('Cache-Control', 'no-store').json(await reuseOffers(deps, query.data));
  });
  router.post('/warehouse/:id/view', async (req, res) => {
    const query = ViewQuery.safeParse(req.body);
    if (!query.success) throw badRequest(query.error.issues.map((i) => ({ field: i.path.join('.'), rule: i.code, message: i.message })));
    const pdf = await viewWarehouseDocument(deps, staffOf(res), req.params.id, query.data.ownerIdNumber);
    res.type('application/pdf').set('Cache-Control', 'private, no-store').send(pdf);
  });
  return router;
}
