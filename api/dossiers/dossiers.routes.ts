import { Router } from 'express';
import multer from 'multer';
import type { ZodIssue } from 'zod';
import { badRequest, forbidden, notFound, type Violation } from '../../core/errors';
import type { StaffMember } from '../../core/auth/staff-token';
import { mayActOnDossier, mayDo, type AccessDecision, type DossierAction } from '../../core/rules/access';
import { staffOf } from '../auth';
import { Approval, IdempotencyKey, SubmitDossier } from './dossiers.schemas';
import { approveDossier, getDraft } from './approval.service';
import { getDossierView, submitDossier, toView, type DossierServiceDeps } from './dossiers.service';

/**
 * POST /api/dossiers (multipart: `data` JSON + one PDF per component code), GET /api/dossiers/:code,
 * GET /api/dossiers/:code/draft (the draft result, PDF), POST /api/dossiers/:code/approval (the leader).
 */
export function dossiersRouter(deps: DossierServiceDeps): Router {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: deps.config.UPLOAD_MAX_BYTES, files: 20, fields: 5 },
    // file names as the browser sends them, in UTF-8 (busboy's default is Latin-1: "Tá» khai.pdf")
    defParamCharset: 'utf8',
  });
  const router = Router();

  router.post('/', upload.any(), async (req, res) => {
    const key = req.get('Idempotency-Key');
    if (key !== undefined && !IdempotencyKey.safeParse(key).success) {
      throw badRequest([{ field: 'header.Idempotency-Key', rule: 'format', message: 'Idempotency-Key gồm 8–100 ký tự chữ, số, . _ : -' }]);
    }
    let json: unknown;
    try {
      json = JSON.parse(String((req.body as { data?: unknown }).data ?? ''));
    } catch {
      throw badRequest([{ field: 'data', rule: 'json', message: 'Trường data phải là JSON hợp lệ' }]);
    }
    const parsed = SubmitDossier.safeParse(json);
    if (!parsed.success) {
      throw badRequest(parsed.error.issues.map(violationOf));
    }
    const staff = staffOf(res);
    refuse(mayActOnDossier(staff, 'intake', parsed.data.agencyCode));
    const files = (req.files ?? []) as Express.Multer.File[];
    const { dossier, created } = await submitDossier(deps, parsed.data, files, { name: staff.name, subject: staff.subject }, key);
    // 202: the dossier is saved and its process will start as soon as the engine takes it
    const status = dossier.processStart?.state === 'pending' ? 202 : created ? 201 : 200;
    res.status(status).location(`/api/dossiers/${encodeURIComponent(dossier.code)}`).json(toView(dossier));
  });

  router.get('/:code', async (req, res) => {
    const view = await getDossierView(deps, req.params.code, authorizer(staffOf(res), 'read', req.params.code));
    res.json(view);
  });

  router.get('/:code/draft', async (req, res) => {
    refuse(mayDo(staffOf(res), 'read-draft'));
    const draft = await getDraft(req.params.code, authorizer(staffOf(res), 'read-draft', req.params.code));
    res
      .type('application/pdf')
      .set({ 'X-Draft-Version': `${draft.version}.00`, 'X-Draft-SHA256': draft.sha256, ETag: `"${draft.sha256}"`, 'Cache-Control': 'private, no-store' })
      .send(draft.pdf);
  });

  router.post('/:code/approval', async (req, res) => {
    refuse(mayDo(staffOf(res), 'approve'));
    const parsed = Approval.safeParse(req.body);
    if (!parsed.success) {
      throw badRequest(parsed.error.issues.map((i) => ({ ...violationOf(i), field: i.path.join('.') || 'decision' })));
    }
    const staff = staffOf(res);
    const outcome = await approveDossier(deps, req.params.code, parsed.data, staff, authorizer(staff, 'approve', req.params.code));
    res.status(202).json(outcome);
  });

  return router;
}

/** A schema issue as a violation: the field, the rule (a custom rule's own name), the message. */
function violationOf(issue: ZodIssue): Violation {
  const rule = issue.code === 'custom' && typeof issue.params?.rule === 'string' ? issue.params.rule : issue.code;
  return { field: issue.path.join('.'), rule, message: issue.message };
}

/** Checks the person may do `action` on the dossier of `agencyCode`; another agency's dossier is not found. */
function authorizer(staff: StaffMember, action: DossierAction, code: string): (agencyCode: string) => void {
  return (agencyCode) => {
    const decision = mayActOnDossier(staff, action, agencyCode);
    // another agency's dossier is not there for this person: the same answer as an unknown code
    if (!decision.allowed && decision.reason === 'other-agency') throw notFound('hồ sơ', code);
    refuse(decision);
  };
}

function refuse(decision: AccessDecision): void {
  if (decision.allowed) return;
  switch (decision.reason) {
    case 'no-agency':
      throw forbidden('Your account has no agency', 'Tài khoản chưa được gán cơ quan; liên hệ quản trị');
    case 'role':
      throw forbidden('Your role may not do this', 'Vai trò của bạn không được thực hiện thao tác này');
    case 'other-agency':
      throw forbidden('This belongs to another agency', 'Hồ sơ thuộc cơ quan khác');
  }
}
