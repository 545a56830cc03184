import { randomUUID } from 'node:crypto';
import type { StaffMember } from '../../core/auth/staff-token';
import { findProcedure } from '../../core/data/procedures';
import holidays from '../../core/data/holidays.json';
import { conflict, notFound, ruleViolated, type Violation } from '../../core/errors';
import { DossierModel } from '../../core/models/dossier.model';
import { DOSSIER_SUPPLEMENTED, FormId, supplementCorrelationKey } from '../../core/process/steps';
import { auditStep, findDossier, recordStep, type DossierRecord, updateDossier } from '../../core/repositories/dossiers';
import { deleteFile, getVerifiedFile, putFileFromPath, type StoredFile } from '../../core/repositories/files';
import type { UploadedFile } from '../../core/rules/intake';
import { safeFileName } from '../../core/rules/text';
import { dueDate, extendByWorkingHalfDays, workingHalfDaysBetween } from '../../core/rules/working-days';
import type { IntakeDecision, Supplement } from './dossiers.schemas';
import { checkUploadedScans, deadlineVariables, type DossierServiceDeps } from './dossiers.service';
import { engineCall, openTaskOf, publishPending } from './engine-calls';

const decisionVi = { accept: 'Tiếp nhận hồ sơ', supplement: 'Yêu cầu bổ sung, hoàn thiện', refuse: 'Từ chối tiếp nhận' } as const;

/**
 * The one-stop officer's decision on the components, made on the desk page with their own login: the
 * engine's check-components task is completed in their name, with `intakeDecision` naming them (the
 * notice of a supplement request or refusal is then signed with their key), and the decision is kept
 * on the dossier with who made it, not only in process variables.
 */
export async function decideIntake(
  deps: DossierServiceDeps, code: string, input: IntakeDecision, staff: StaffMember, authorize: (agencyCode: string) => void,
): Promise<{ decision: IntakeDecision['decision'] }> {
  const dossier = await findDossier(code);
  if (!dossier) throw notFound('hồ sơ', code);
  authorize(dossier.agencyCode);
  const task = await openTaskOf(deps, dossier, FormId.checkComponents, 'kiểm tra thành phần hồ sơ', 'the components check');
  const note = input.note ?? '';
  const intakeDecision = { decision: input.decision, by: staff.subject, name: staff.name, taskKey: task.key };
  const now = deps.now();
  // on the dossier first: the workers sign a notice only for a decision the API recorded here, never
  // for an `intakeDecision` variable alone (a Tasklist user could set one naming anybody)
  await updateDossier({ code }, { $push: { intakeDecisions: { ...intakeDecision, ...(note ? { note } : {}), at: now } } });
  const outcome = await engineCall(() => deps.engine.completeUserTaskAs(task.key, staff.username ?? staff.subject, {
    componentsDecision: input.decision, componentsNote: note, intakeDecision,
  }));
  if (outcome === 'gone') throw conflict('The components check was completed meanwhile', 'Bước kiểm tra thành phần hồ sơ vừa được hoàn thành bởi người khác');
  await recordStep(code, `${FormId.checkComponents}:${task.key}`, {
    actor: staff.name, actorSubject: staff.subject, note: `${decisionVi[input.decision]}${note ? `: ${note}` : ''}`,
  }, now);
  return { decision: input.decision };
}

/**
 * The applicant brings what the supplement request asked for: the files are checked like at intake,
 * stored, and replace the components of the same code; the due date counts again from now (asked at
 * intake: the dossier is complete only now) or moves by the working time the clock stood still (asked
 * during review); then the process resumes where it stopped (message `dossier.supplemented` of
 * that round). The round is taken by one request only: a second one at the same time gets 409 and its
 * files are removed. The message is an outbox entry: published now, or by publishPendingSupplements.
 */
export async function supplementDossier(
  deps: DossierServiceDeps, code: string, body: Supplement, files: UploadedFile[], staff: StaffMember,
  authorize: (agencyCode: string) => void, workDir: string,
): Promise<DossierRecord> {
  const dossier = await findDossier(code);
  if (!dossier) throw notFound('hồ sơ', code);
  authorize(dossier.agencyCode);
  const index = (dossier.supplements?.length ?? 0) - 1;
  const round = dossier.supplements?.[index];
  if (dossier.status !== 'awaiting-supplement' || !round || round.state !== 'requested') {
    throw conflict('The dossier is not waiting for a supplement', 'Hồ sơ không ở trạng thái chờ bổ sung, hoàn thiện');
  }
  const procedure = findProcedure(dossier.procedureCode);
  if (!procedure) throw new Error(`procedure ${dossier.procedureCode} left the catalog`);
  const violations: Violation[] = [];
  if (files.length === 0) violations.push({ field: 'files', rule: 'required', message: 'Cần ít nhất một thành phần hồ sơ bổ sung' });
  const seen = new Set<string>();
  for (const f of files) {
    if (!procedure.components.some((c) => c.code === f.fieldname)) violations.push({ field: f.fieldname, rule: 'known-component', message: `Thủ tục không có thành phần mã ${f.fieldname}` });
    if (seen.has(f.fieldname)) violations.push({ field: f.fieldname, rule: 'one-file-per-component', message: 'Mỗi thành phần hồ sơ gửi một tệp' });
    seen.add(f.fieldname);
  }
  if (violations.length > 0) throw ruleViolated(violations);
  const checked = await checkUploadedScans(deps, procedure.code, files, body.pages ?? {}, workDir, dossier.channel === 'online');

  const attempt = randomUUID();
  const created: StoredFile[] = [];
  try {
    const components = [...dossier.components];
    const brought: { code: string; fileId: StoredFile['id']; sha256: string; replacedFileId?: StoredFile['id'] }[] = [];
    for (const scan of checked.scans) {
      const spec = procedure.components.find((c) => c.code === scan.code);
      if (!spec) throw new Error(`unreachable: scan of unknown component ${scan.code}`);
      const fileName = safeFileName(scan.fileName);
      const s = await putFileFromPath(scan.pdfPath, fileName, scan.sha256, { key: `supplement:${code}:${round.round}:${attempt}:${spec.code}`, dossierCode: code, component: spec.code, kind: 'scan', sourceType: scan.sourceType, minDpi: scan.minDpi });
      if (s.created) created.push(s);
      const component = { code: spec.code, name: spec.name, digitization: spec.digitization, documentTypeCode: spec.documentTypeCode,
        fileId: s.id, fileName, mimeType: 'application/pdf', size: s.size, sha256: s.sha256, pageCount: scan.pageCount,
        ...(dossier.channel === 'online' ? { receivedElectronically: true } : scan.minDpi ? { scanDpi: scan.minDpi } : {}) };
      const at = components.findIndex((c) => c.code === spec.code);
      brought.push({ code: spec.code, fileId: s.id, sha256: s.sha256, ...(at >= 0 ? { replacedFileId: components[at]!.fileId } : {}) });
      if (at >= 0) components[at] = component;
      else components.push(component);
    }
    const now = deps.now();
    // at intake the dossier is complete only now: the due date counts anew; asked during review, the
    // clock stood still from the request to now, and the due date moves by exactly that time
    const pausedHalfDays = round.phase === 'review' ? workingHalfDaysBetween(round.requestedAt, now, holidays, deps.config.TZ_OFFSET) : undefined;
    const due = pausedHalfDays === undefined
      ? dueDate(now, procedure.workingDays, holidays, deps.config.TZ_OFFSET)
      : extendByWorkingHalfDays(dossier.dueAt, pausedHalfDays, holidays, deps.config.TZ_OFFSET);
    const res = await updateDossier(
      { code, status: 'awaiting-supplement', [`supplements.${index}.round`]: round.round, [`supplements.${index}.state`]: 'requested' },
      {
        $set: {
          status: 'received', components, dueAt: due,
          [`supplements.${index}.state`]: 'received', [`supplements.${index}.receivedAt`]: now, [`supplements.${index}.receivedBy`]: staff.subject,
          [`supplements.${index}.components`]: brought, [`supplements.${index}.message`]: 'pending', supplementMessagePending: round.round,
          ...(pausedHalfDays === undefined ? {} : { [`supplements.${index}.pausedHalfDays`]: pausedHalfDays }),
        },
        $push: { history: { step: `supplement:${round.round}`, at: now, actor: staff.name, actorSubject: staff.subject,
          note: `Nhận bổ sung lần ${round.round}: ${brought.map((b) => b.code).join(', ')}${pausedHalfDays === undefined ? '' : `; thời hạn lùi ${pausedHalfDays / 2} ngày làm việc đã tạm dừng`}` } },
      },
    );
    if (res.matchedCount === 0) throw conflict('This supplement was received meanwhile', 'Hồ sơ vừa được nhận bổ sung ở một yêu cầu khác');
  } catch (err) {
    await Promise.all(created.map((s) => deleteFile(s.id).catch(() => undefined)));
    throw err;
  }
  const saved = await findDossier(code);
  if (!saved) throw new Error(`dossier ${code} vanished after its supplement`);
  await auditStep(code, `supplement:${round.round}`, { actor: staff.name, actorSubject: staff.subject, status: 'received', note: `Nhận bổ sung lần ${round.round}` }, saved.supplements?.[index]?.receivedAt ?? deps.now());
  await publishSupplement(deps, saved).catch((err: unknown) => deps.log.warn({ err, dossierCode: code }, 'supplement message not published yet; retried'));
  return saved;
}

/** Publishes the pending resume message of a dossier's latest supplement (once: the message id is the round's). */
export async function publishSupplement(deps: DossierServiceDeps, dossier: DossierRecord): Promise<void> {
  const index = (dossier.supplements?.length ?? 0) - 1;
  const round = dossier.supplements?.[index];
  if (!round || round.message !== 'pending') return;
  await deps.engine.publishMessageOnce({
    name: DOSSIER_SUPPLEMENTED,
    correlationKey: supplementCorrelationKey(dossier.code, round.round),
    messageId: `supplement:${dossier.code}:${round.round}`,
    // the process may still be completing the request step when the applicant is already back
    timeToLiveMs: 24 * 3600_000,
    variables: deadlineVariables(dossier.dueAt, deps.config, findProcedure(dossier.procedureCode)?.workingDays ?? 1),
  });
  await updateDossier({ code: dossier.code, [`supplements.${index}.round`]: round.round }, { $set: { [`supplements.${index}.message`]: 'published' }, $unset: { supplementMessagePending: 1 } });
}

/** Supplements received while the engine was away: resume their processes (the API runs this with the start retries). */
export function publishPendingSupplements(deps: DossierServiceDeps): Promise<number> {
  return publishPending(deps, { supplementMessagePending: { $exists: true } }, (d) => publishSupplement(deps, d), 'supplement message');
}

/** The refusal (form 03), the latest supplement request (form 02) or the stop notice (form 05) of a dossier, checked against its hash. */
export async function getIntakeNotice(kind: string, code: string, authorize: (agencyCode: string) => void): Promise<{ pdf: Buffer; sha256: string }> {
  if (kind !== 'refusal' && kind !== 'supplement' && kind !== 'stop') throw notFound('loại phiếu', kind);
  const dossier = await findDossier(code);
  if (!dossier) throw notFound('hồ sơ', code);
  authorize(dossier.agencyCode);
  const stored = kind === 'refusal'
    ? dossier.refusal && { fileId: dossier.refusal.fileId, sha256: dossier.refusal.sha256 }
    : kind === 'stop'
      ? dossier.stop && { fileId: dossier.stop.fileId, sha256: dossier.stop.sha256 }
      : ((r) => r && { fileId: r.noticeFileId, sha256: r.noticeSha256 })(dossier.supplements?.at(-1));
  if (!stored) throw notFound({ refusal: 'phiếu từ chối của hồ sơ', supplement: 'phiếu yêu cầu bổ sung của hồ sơ', stop: 'thông báo dừng xử lý của hồ sơ' }[kind], code);
  return { pdf: await getVerifiedFile(stored.fileId, stored.sha256, `${kind} notice of ${code}`), sha256: stored.sha256 };
}
