import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import type { ZodIssue } from 'zod';
import { AppError, badRequest, forbidden, notFound, unavailable, type Violation } from '../../core/errors';
import type { StaffMember } from '../../core/auth/staff-token';
import { mayActOnDossier, mayDo, type AccessDecision, type DossierAction } from '../../core/rules/access';
import { staffOf } from '../auth';
import { Approval, IdempotencyKey, IntakeDecision, OtpCode, PortalIdentity, PortalRegistration, ReviewDecision, SubmitDossier, Supplement, Withdrawal, ConsultationReply, Handover, DeskPayment } from './dossiers.schemas';
import { withdrawDossier } from './withdrawal.service';
import { replyToConsultation } from './consultation.service';
import { reviewDossier } from './review.service';
import { handOverResult } from './handover.service';
import { recordDeskPayment } from './payment.service';
import { decideIntake, getIntakeNotice, supplementDossier } from './intake-decision.service';
import { checkAccountIdentity, confirmAccountRegistration, resendAccountOtp, startAccountRegistration, type PortalAccountDeps } from './portal-account.service';
import { approveDossier, getDraft, listDrafts } from './approval.service';
import { getReceipt } from './receipt';
import { getControlSheet } from './control-sheet';
import { getDossierView, submitDossier, toView, type DossierServiceDeps } from './dossiers.service';

/**
 * POST /api/dossiers (multipart: `data` JSON + one PDF per component code), GET /api/dossiers/:code,
 * GET /api/dossiers/:code/draft (the draft result, PDF), POST /api/dossiers/:code/approval (the leader).
 */
export function dossiersRouter(deps: PortalAccountDeps): Router {
  // uploads stream to a folder of the request's own, removed when the answer has gone out
  const dirOf = (req: Request): string => {
    const r = req as Request & { uploadDir?: string };
    r.uploadDir ??= mkdtempSync(path.join(deps.config.UPLOAD_TMP_DIR ?? tmpdir(), 'dossier-upload-'));
    return r.uploadDir;
  };
  const upload = multer({
    storage: multer.diskStorage({
      destination: (req, _file, cb) => {
        try {
          cb(null, dirOf(req));
        } catch (err) {
          cb(err as Error, '');
        }
      },
      filename: (_req, _file, cb) => cb(null, randomUUID()),
    }),
    limits: { fileSize: deps.config.UPLOAD_MAX_BYTES, files: 40, fields: 5 },
    // file names as the browser sends them, in UTF-8 (busboy reads them as Latin-1 by default)
    defParamCharset: 'utf8',
  });
  const router = Router();

  /** Before a byte of the files is read: only a one-stop officer (or, where said, a specialist) may upload, and within the total size. */
  const beforeUploadBy = (action: 'intake' | 'review'): RequestHandler => (req, res, next) => {
    res.once('close', () => {
      const dir = (req as Request & { uploadDir?: string }).uploadDir;
      if (dir) void rm(dir, { recursive: true, force: true });
    });
    refuse(mayDo(staffOf(res), action));
    const length = Number(req.get('content-length'));
    if (!Number.isFinite(length) || length <= 0) {
      throw new AppError('LENGTH_REQUIRED', 'A submission must state its Content-Length', 'Yêu cầu gửi hồ sơ phải có độ dài (Content-Length)');
    }
    if (length > deps.config.UPLOAD_MAX_TOTAL_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `A submission may carry at most ${deps.config.UPLOAD_MAX_TOTAL_BYTES} bytes`,
        `Tổng dung lượng một lần gửi tối đa ${Math.round(deps.config.UPLOAD_MAX_TOTAL_BYTES / 1024 / 1024)} MB`,
        [{ field: 'files', rule: 'total-size', message: `Tổng dung lượng ${Math.round(length / 1024 / 1024)} MB vượt mức cho phép` }]);
    }
    next();
  };
  const beforeUpload = beforeUploadBy('intake');

  /** multer, with a body it cannot parse (broken multipart) answered 400, never as a server error */
  const receiveFiles: RequestHandler = (req, res, next) => {
    upload.any()(req, res, (err?: unknown) => {
      if (!err || err instanceof multer.MulterError || err instanceof AppError) return next(err);
      if (typeof (err as { code?: unknown }).code === 'string' && /^E[A-Z]+$/.test((err as { code: string }).code)) {
        return next(unavailable('lưu tệp tạm', err)); // the server's own disk: ENOSPC, EACCES …
      }
      next(badRequest([{ field: 'body', rule: 'multipart', message: 'Nội dung gửi lên (multipart/form-data) không đọc được; hãy gửi lại' }]));
    });
  };

  /** The multipart field `data` as JSON, checked against `schema`; absent and optional → {}. */
  const dataOf = <T>(req: Request, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: ZodIssue[] } } }, optional = false): T => {
    const raw = (req.body as { data?: unknown } | undefined)?.data;
    let json: unknown = {};
    if (!(optional && raw === undefined)) {
      try {
        json = JSON.parse(String(raw ?? ''));
      } catch {
        throw badRequest([{ field: 'data', rule: 'json', message: 'Trường data phải là JSON hợp lệ' }]);
      }
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw badRequest(parsed.error.issues.map(violationOf));
    return parsed.data;
  };
  const filesOf = (req: Request) => Promise.all(((req.files ?? []) as Express.Multer.File[]).map(async (f) => ({
    fieldname: f.fieldname, originalname: f.originalname, size: f.size, path: f.path, sha256: await sha256OfFile(f.path),
  })));
  const jsonOf = <T>(req: Request, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: ZodIssue[] } } }): T => {
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) throw badRequest(parsed.error.issues.map(violationOf));
    return parsed.data;
  };

  router.post('/', beforeUpload, receiveFiles, async (req, res) => {
    const key = req.get('Idempotency-Key');
    if (key !== undefined && !IdempotencyKey.safeParse(key).success) {
      throw badRequest([{ field: 'header.Idempotency-Key', rule: 'format', message: 'Idempotency-Key gồm 8–100 ký tự chữ, số, . _ : -' }]);
    }
    const body = dataOf(req, SubmitDossier);
    const staff = staffOf(res);
    refuse(mayActOnDossier(staff, 'intake', body.agencyCode));
    const files = await filesOf(req);
    const { dossier, created } = await submitDossier(deps, body, files, { name: staff.name, subject: staff.subject }, key, dirOf(req));
    // 202: the dossier is saved and its process will start as soon as the engine takes it
    const status = dossier.processStart?.state === 'pending' ? 202 : created ? 201 : 200;
    res.status(status).location(`/api/dossiers/${encodeURIComponent(dossier.code)}`).json(toView(dossier));
  });

  // the one-stop officer's decision on the components: receive, ask for a supplement (form 02), refuse (form 03)
  router.post('/:code/intake-decision', async (req, res) => {
    refuse(mayDo(staffOf(res), 'intake'));
    const input = jsonOf(req, IntakeDecision);
    const staff = staffOf(res);
    res.status(202).json(await decideIntake(deps, codeOf(req), input, staff, authorizer(staff, 'intake', codeOf(req))));
  });

  // the specialist's review: accept (with the civil-status entry), ask for a supplement (form 02, the clock stops), refuse (form 03)
  router.post('/:code/review', async (req, res) => {
    refuse(mayDo(staffOf(res), 'review'));
    const input = jsonOf(req, ReviewDecision);
    const staff = staffOf(res);
    res.status(202).json(await reviewDossier(deps, codeOf(req), input, staff, authorizer(staff, 'review', codeOf(req))));
  });

  // the applicant withdraws the dossier, recorded at the desk: any time before the result is issued
  router.post('/:code/withdrawal', async (req, res) => {
    refuse(mayDo(staffOf(res), 'intake'));
    const input = jsonOf(req, Withdrawal);
    const staff = staffOf(res);
    res.status(202).json(toView(await withdrawDossier(deps, codeOf(req), input, staff, authorizer(staff, 'intake', codeOf(req)))));
  });

  // the fee paid in cash at the desk: the receipt for fees the officer issued
  router.post('/:code/payment', async (req, res) => {
    refuse(mayDo(staffOf(res), 'intake'));
    const input = jsonOf(req, DeskPayment);
    const staff = staffOf(res);
    res.status(202).json(toView(await recordDeskPayment(deps, codeOf(req), input, staff, authorizer(staff, 'intake', codeOf(req)))));
  });

  // the paper result handed over at the desk: who took it, the ID they showed (kept masked), an authorization letter for anyone else
  router.post('/:code/handover', async (req, res) => {
    refuse(mayDo(staffOf(res), 'intake'));
    const input = jsonOf(req, Handover);
    const staff = staffOf(res);
    res.status(202).json(toView(await handOverResult(deps, codeOf(req), input, staff, authorizer(staff, 'intake', codeOf(req)))));
  });

  // a consulted agency's reply (its specialist, their own agency): the signed letter `reply` (PDF) and `data` { opinion }
  router.post('/:code/consultations/:round/reply', beforeUploadBy('review'), receiveFiles, async (req, res) => {
    const round = Number.parseInt(String(req.params.round), 10);
    if (!Number.isInteger(round) || round < 1) throw badRequest([{ field: 'round', rule: 'positive-integer', message: 'Lần xin ý kiến là số nguyên dương' }]);
    const body = dataOf(req, ConsultationReply);
    const dossier = await replyToConsultation(deps, codeOf(req), round, body, await filesOf(req), staffOf(res));
    res.status(202).json({ code: dossier.code, round, state: 'replied' });
  });

  // what the applicant brings after a supplement request: files by component code, `data` optional ({ pages })
  router.post('/:code/supplement', beforeUpload, receiveFiles, async (req, res) => {
    const body = dataOf(req, Supplement, true);
    const staff = staffOf(res);
    const dossier = await supplementDossier(deps, codeOf(req), body, await filesOf(req), staff, authorizer(staff, 'intake', codeOf(req)), dirOf(req));
    res.status(202).json(toView(dossier));
  });

  // Tạo tài khoản: population check, registration with the ID-card scan (the portal texts an OTP), resend, confirm
  router.post('/:code/portal-account/identity', async (req, res) => {
    refuse(mayDo(staffOf(res), 'intake'));
    const staff = staffOf(res);
    res.json(await checkAccountIdentity(deps, codeOf(req), jsonOf(req, PortalIdentity), staff, authorizer(staff, 'intake', codeOf(req))));
  });
  router.post('/:code/portal-account/registration', beforeUpload, receiveFiles, async (req, res) => {
    const input = dataOf(req, PortalRegistration);
    const staff = staffOf(res);
    const files = await filesOf(req);
    const unexpected = files.find((f) => f.fieldname !== 'idCardScan');
    if (unexpected || files.length > 1) throw badRequest([{ field: unexpected?.fieldname ?? 'idCardScan', rule: 'one-id-card-scan', message: 'Chỉ gửi một tệp, tên trường idCardScan' }]);
    res.status(201).json(await startAccountRegistration(deps, codeOf(req), input, files[0], staff, authorizer(staff, 'intake', codeOf(req))));
  });
  router.post('/:code/portal-account/registration/otp', async (req, res) => {
    refuse(mayDo(staffOf(res), 'intake'));
    const staff = staffOf(res);
    res.json(await resendAccountOtp(deps, codeOf(req), staff, authorizer(staff, 'intake', codeOf(req))));
  });
  router.post('/:code/portal-account/registration/confirm', async (req, res) => {
    refuse(mayDo(staffOf(res), 'intake'));
    const staff = staffOf(res);
    res.json(await confirmAccountRegistration(deps, codeOf(req), jsonOf(req, OtpCode), staff, authorizer(staff, 'intake', codeOf(req))));
  });

  router.get('/:code', async (req, res) => {
    const view = await getDossierView(deps, req.params.code, authorizer(staffOf(res), 'read', req.params.code));
    res.json(view);
  });

  router.get('/:code/receipt', async (req, res) => {
    const staff = staffOf(res);
    const receipt = await getReceipt(deps, req.params.code, staff, authorizer(staff, 'read', req.params.code));
    res.type('application/pdf').set({ 'X-Receipt-SHA256': receipt.sha256, 'Cache-Control': 'private, no-store' }).send(receipt.pdf);
  });

  // the intake notices: the refusal (form 03) or the latest supplement request (form 02), as PDF
  router.get('/:code/notices/:kind', async (req, res) => {
    const staff = staffOf(res);
    const notice = await getIntakeNotice(String(req.params.kind), codeOf(req), authorizer(staff, 'read', codeOf(req)));
    res.type('application/pdf').set({ 'X-Notice-SHA256': notice.sha256, 'Cache-Control': 'private, no-store' }).send(notice.pdf);
  });

  // the processing control sheet (form 06), made from the audit log
  router.get('/:code/control-sheet', async (req, res) => {
    const staff = staffOf(res);
    const pdf = await getControlSheet(deps, codeOf(req), authorizer(staff, 'read', codeOf(req)));
    res.type('application/pdf').set({ 'Cache-Control': 'private, no-store' }).send(pdf);
  });

  router.get('/:code/drafts', async (req, res) => {
    refuse(mayDo(staffOf(res), 'read-draft'));
    res.json({ drafts: await listDrafts(codeOf(req), authorizer(staffOf(res), 'read-draft', codeOf(req))) });
  });

  router.get('/:code/draft', async (req, res) => {
    refuse(mayDo(staffOf(res), 'read-draft'));
    const raw = req.query.version;
    if (raw !== undefined && !(typeof raw === 'string' && /^[1-9]\d{0,3}(\.00)?$/.test(raw))) {
      throw badRequest([{ field: 'query.version', rule: 'format', message: 'Phiên bản dự thảo dạng 1, 2 … hoặc 1.00, 2.00 …' }]);
    }
    const version = raw === undefined ? undefined : Number.parseInt(raw, 10);
    const draft = await getDraft(req.params.code, authorizer(staffOf(res), 'read-draft', req.params.code), version);
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

const codeOf = (req: Request): string => String(req.params.code);

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
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
