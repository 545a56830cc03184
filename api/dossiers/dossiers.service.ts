import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { Config } from '../../core/config';
import type { Engine } from '../../core/adapters/camunda';
import { findAgency } from '../../core/data/agencies';
import holidays from '../../core/data/holidays.json';
import { findProcedure, type ProcedureSpec } from '../../core/data/procedures';
import { AppError, conflict, notFound, ruleViolated, unavailable, type Violation } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { DossierModel, endedStatuses } from '../../core/models/dossier.model';
import type { DossierStartVariables } from '../../core/process/steps';
import type { PaymentPlatform } from '../../core/adapters/payment-platform';
import { deleteFile, deleteOrphanScans, getVerifiedFile, putFileFromPath, type StoredFile } from '../../core/repositories/files';
import { inspectPdf } from '../../core/pdf/inspect-pdf';
import { auditStep, findDossier, findDossierByIntakeKey, type DossierRecord, updateDossier } from '../../core/repositories/dossiers';
import { allocateSequence, releaseSequence } from '../../core/repositories/sequences';
import { dossierSequenceScope, formatDossierCode } from '../../core/rules/codes';
import { identityViolations, maskId, maskWarehouseCode, type IdType } from '../../core/rules/identity';
import { dateProblem, safeFileName } from '../../core/rules/text';
import { intakeFingerprint, intakeViolations, resultDeliveryOf, type UploadedFile } from '../../core/rules/intake';
import { feeItems, feeTotal } from '../../core/rules/fees';
import { formatLocalDateTime, localIsoDate } from '../../core/rules/local-time';
import { beforeByWorkingHalfDays, dueDate } from '../../core/rules/working-days';
import type { SubmitDossier } from './dossiers.schemas';
import type { ScanCheck } from './intake-scans';
import { runScanCheck, ScanTooComplex } from './scan-check';
import { issueReceipt } from './receipt';
import { checkReuse } from './reuse.service';
import type { KeyStore } from '../../core/adapters/signer/key-store';
import type { NationalPortal } from '../../core/adapters/national-portal';
import type { PopulationDb } from '../../core/adapters/population-db';

export interface DossierServiceDeps {
  config: Config;
  engine: Engine;
  log: Logger;
  now: () => Date;
  /** the officers' keys, for the receipt each signs at intake (absent: receipts wait, intake goes on) */
  keys?: KeyStore;
  /** the national portal (account creation at the desk) and the population database (identity check) */
  portal?: NationalPortal;
  // the desk checks identities only; registering births is the workers' (render-draft)
  population?: Pick<PopulationDb, 'verify'>;
  /** the payment platform, asked for a payment's status when it calls back */
  payments?: Pick<PaymentPlatform, 'getPayment'>;
}

/**
 * Receive a dossier: check it against the procedure, give it its code, store the scans, save it,
 * then ask the engine to start its process. A failure before the dossier is saved removes what was
 * stored (scans, number), so the caller can simply retry. Once saved, the dossier is never taken
 * back: its process start is an outbox entry, retried (here, on a repeated request with the same
 * Idempotency-Key, and by startPendingProcesses) until the engine has taken it; the engine keeps
 * it to one instance per dossier however often the start is repeated.
 */
/** The logged-in officer, from their verified token. */
export interface Actor {
  name: string;
  subject: string;
}

export async function submitDossier(
  deps: DossierServiceDeps,
  body: SubmitDossier,
  files: UploadedFile[],
  actor: Actor,
  intakeKey: string = randomUUID(),
  /** a folder of this request's own, for the PDFs made from page images (the route removes it) */
  workDir: string = tmpdir(),
): Promise<{ dossier: DossierRecord; created: boolean }> {
  const fingerprint = intakeFingerprint(body, files);
  const previous = await findDossierByIntakeKey(intakeKey);
  if (previous) return repeatedIntake(deps, previous, fingerprint);

  const procedure = findProcedure(body.procedureCode);
  const violations: Violation[] = [];
  if (!procedure) violations.push({ field: 'procedureCode', rule: 'known-procedure', message: `Không có thủ tục mã ${body.procedureCode}` });
  if (!findAgency(body.agencyCode)) violations.push({ field: 'agencyCode', rule: 'known-agency', message: `Không có cơ quan mã ${body.agencyCode}` });
  const now = deps.now();
  violations.push(...personViolations('applicant', body.applicant, now, deps.config.TZ_OFFSET));
  if (body.authorizer) violations.push(...personViolations('authorizer', body.authorizer, now, deps.config.TZ_OFFSET));
  if (body.subject) violations.push(...dateViolations('subject.dateOfBirth', body.subject.dateOfBirth, now, deps.config.TZ_OFFSET));
  const reuseRequested = body.reuse ?? {};
  if (procedure) violations.push(...intakeViolations(procedure, body, files, new Set(Object.keys(reuseRequested))));
  const reuse = procedure
    ? await checkReuse(deps, procedure, body.applicant, reuseRequested, new Set(files.map((f) => f.fieldname)), actor.subject)
    : { violations: [], reused: [] };
  violations.push(...reuse.violations);
  if (violations.length > 0) throw ruleViolated(violations);
  if (!procedure) throw new Error('unreachable: procedure checked above');

  const checked = await checkUploadedScans(deps, procedure.code, files, body.pages ?? {}, workDir, body.channel === 'online');

  const receivedAt = deps.now();
  const tz = deps.config.TZ_OFFSET;
  const numberKey = `intake:${intakeKey}`;
  // this attempt's own files: a concurrent attempt with the same key never touches them, nor they its
  const attempt = randomUUID();
  const created: StoredFile[] = [];
  let code: string | undefined;
  try {
    const scope = dossierSequenceScope(body.agencyCode, receivedAt, tz);
    let issued = await allocateSequence(scope, numberKey, receivedAt);
    if (issued.scope !== scope) {
      // an attempt on an earlier day took a number and never saved its dossier: give it back
      await releaseSequence(numberKey);
      issued = await allocateSequence(scope, numberKey, receivedAt);
    }
    code = formatDossierCode(body.agencyCode, receivedAt, issued.value, tz);
    const due = dueDate(receivedAt, procedure.workingDays, holidays, tz);
    const components = [];
    for (const scan of checked.scans) {
      const spec = procedure.components.find((c) => c.code === scan.code);
      if (!spec) throw new Error(`unreachable: scan of unknown component ${scan.code}`);
      const fileName = safeFileName(scan.fileName);
      const s = await putFileFromPath(scan.pdfPath, fileName, scan.sha256, { key: `scan:${intakeKey}:${attempt}:${spec.code}`, intakeKey, dossierCode: code, component: spec.code, kind: 'scan', sourceType: scan.sourceType, minDpi: scan.minDpi });
      if (s.created) created.push(s);
      components.push({ code: spec.code, name: spec.name, digitization: spec.digitization, documentTypeCode: spec.documentTypeCode,
        fileId: s.id, fileName, mimeType: 'application/pdf', size: s.size, sha256: s.sha256, pageCount: scan.pageCount,
        ...(body.channel === 'online' ? { receivedElectronically: true } : scan.minDpi ? { scanDpi: scan.minDpi } : {}) });
    }
    for (const { spec, doc } of reuse.reused) {
      // taken from the warehouse as it is: not scanned, not signed again, not stored a second time
      const pdf = await getVerifiedFile(doc.fileId, doc.sha256, `warehouse document for ${spec.code}`);
      // counted when it was stored; only entries from before that are counted here
      const pages = doc.pageCount ? { ok: true as const, pageCount: doc.pageCount } : await inspectPdf(pdf);
      components.push({ code: spec.code, name: spec.name, digitization: spec.digitization, documentTypeCode: spec.documentTypeCode,
        fileId: doc.fileId, fileName: `${spec.code}.pdf`, mimeType: 'application/pdf', size: pdf.length, sha256: doc.sha256,
        pageCount: pages.ok ? pages.pageCount : 0, warehouseCode: doc.code,
        reusedFrom: { documentId: String(doc._id), warehouseCode: doc.code, confirmedBy: actor.subject, at: receivedAt } });
    }
    await DossierModel.create({
      code, intakeKey, procedureCode: procedure.code, agencyCode: body.agencyCode, channel: body.channel, resultDelivery: resultDeliveryOf(body),
      fee: { items: feeItems(procedure.fee, body), total: feeTotal(feeItems(procedure.fee, body)) },
      applicant: body.applicant, authorizer: body.authorizer, subject: body.subject, intakeFingerprint: fingerprint, officerName: actor.name, officerSubject: actor.subject, status: 'received',
      receivedAt, dueAt: due, components, history: [{ step: 'intake', at: receivedAt, actor: actor.name, actorSubject: actor.subject }], stepsDone: { intake: receivedAt },
      processStart: { state: 'pending', attempts: 0 },
    });
  } catch (err) {
    await Promise.all(created.map((s) => deleteFile(s.id).catch(() => undefined)));
    if (isDuplicateKey(err)) {
      // the same submission arrived twice at once and the other request saved it first
      const winner = await findDossierByIntakeKey(intakeKey);
      if (winner) return repeatedIntake(deps, winner, fingerprint);
    }
    deps.log.error({ err, dossierCode: code }, 'intake failed before the dossier was saved; removing what was stored');
    await releaseSequence(numberKey).catch(() => undefined);
    throw err instanceof AppError ? err : unavailable('cơ sở dữ liệu', err);
  }
  const saved = await findDossier(code);
  if (!saved) throw new Error(`dossier ${code} vanished after intake`);
  await auditIntake(saved);
  // the receipt, signed by this officer now; if signing fails the dossier stands and the receipt is made on request
  await issueReceipt(deps, saved, actor).catch((err: unknown) => deps.log.warn({ err, dossierCode: code }, 'receipt not issued at intake'));
  return { dossier: await requestProcessStart(deps, saved), created: true };
}

/**
 * The uploaded scans checked in a worker thread of their own (type by content, pages, resolution, page
 * count against the paper declared): the checked PDFs, or the 415/422 that names what is wrong.
 */
export async function checkUploadedScans(
  deps: DossierServiceDeps, procedureCode: string, files: UploadedFile[], declarations: NonNullable<SubmitDossier['pages']>, workDir: string, electronic = false,
): Promise<Extract<ScanCheck, { ok: true }>> {
  let checked: ScanCheck;
  try {
    checked = await runScanCheck(
      { procedureCode, files: files.map(({ fieldname, originalname, path }) => ({ fieldname, originalname, path })), declarations, outDir: workDir, electronic },
      { maxHeapMb: deps.config.SCAN_CHECK_HEAP_MB, timeoutMs: deps.config.SCAN_CHECK_TIMEOUT_MS },
    );
  } catch (err) {
    if (!(err instanceof ScanTooComplex)) throw err;
    throw ruleViolated([{ field: 'files', rule: 'scan-too-complex', message: 'Tệp quét quá nặng hoặc quá phức tạp để kiểm tra trong giới hạn cho phép; hãy quét lại thành tệp PDF đơn giản hơn' }]);
  }
  if (!checked.ok) {
    throw checked.status === 415
      ? new AppError('UNSUPPORTED_MEDIA_TYPE', 'A scan is not a PDF, JPEG, PNG or TIFF this component accepts', 'Tệp quét không đúng loại thành phần hồ sơ nhận (PDF, JPEG, PNG, TIFF)', checked.violations)
      : ruleViolated(checked.violations);
  }
  return checked;
}

/**
 * The same Idempotency-Key again: the same submission gets its dossier back (its process start
 * retried if pending); a different submission under a used key is refused, never handed someone
 * else's dossier.
 */
async function repeatedIntake(deps: DossierServiceDeps, previous: DossierRecord, fingerprint: string): Promise<{ dossier: DossierRecord; created: boolean }> {
  if (previous.intakeFingerprint && previous.intakeFingerprint !== fingerprint) {
    throw conflict(
      'This Idempotency-Key was used for a different submission; use a new key for a new dossier',
      'Mã chống gửi trùng (Idempotency-Key) đã dùng cho một hồ sơ khác; hãy dùng mã mới cho hồ sơ mới',
    );
  }
  await auditIntake(previous); // mends a crash between saving and auditing; never a second entry
  return { dossier: await requestProcessStart(deps, previous), created: false };
}

/** Identity of a person of the dossier: the ID against its rules and the date of birth given. */
function personViolations(field: 'applicant' | 'authorizer', p: { idType: IdType; idNumber: string; dateOfBirth?: string }, now: Date, tz: string): Violation[] {
  const dateProblems = dateViolations(`${field}.dateOfBirth`, p.dateOfBirth, now, tz);
  // the ID's birth year is compared with a date of birth only when that date itself is sound
  const dateOfBirth = dateProblems.length === 0 ? p.dateOfBirth : undefined;
  return [...identityViolations(p.idType, p.idNumber, { field: `${field}.idNumber`, ...(dateOfBirth ? { dateOfBirth } : {}), now }), ...dateProblems];
}

const dateProblemVi = { format: 'không đúng dạng YYYY-MM-DD', 'not-a-date': 'không có trên lịch', future: 'ở tương lai', 'too-old': 'trước năm 1890' } as const;

function dateViolations(field: string, iso: string | undefined, now: Date, tz: string): Violation[] {
  if (!iso) return [];
  const problem = dateProblem(iso, localIsoDate(now, tz));
  return problem ? [{ field, rule: `date-${problem}`, message: `Ngày ${iso} ${dateProblemVi[problem]}` }] : [];
}

/**
 * Scans of failed attempts that no dossier references (see deleteOrphanScans), uploaded one to 25 hours
 * ago: the hourly sweep sees each upload many times over a day, and never the whole history of scans.
 */
export function sweepOrphanScans(deps: Pick<DossierServiceDeps, 'now'>): Promise<number> {
  const now = deps.now().getTime();
  return deleteOrphanScans({ from: new Date(now - 25 * 3600_000), to: new Date(now - 3600_000) }, async (code, fileId) => {
    const dossier = await findDossier(code);
    // a scan a supplement replaced stays: the dossier's history refers to it
    return Boolean(dossier?.components.some((c) => fileId.equals(c.fileId))
      || dossier?.supplements?.some((r) => r.components?.some((c) => fileId.equals(c.fileId) || (c.replacedFileId && fileId.equals(c.replacedFileId)))));
  });
}

/** The intake in the audit log: the officer of the token, from the caller's address (api/app.ts). */
function auditIntake(d: DossierRecord): Promise<void> {
  return auditStep(d.code, 'intake', { actor: d.officerName, actorSubject: d.officerSubject, status: 'received', note: `Tiếp nhận (${d.channel})` }, d.receivedAt);
}

type StartSource = Pick<SubmitDossier, 'agencyCode'> & { officerName: string; applicant: { fullName: string; idNumber: string }; fee?: { total: number } };

function startVariables(procedure: ProcedureSpec, body: StartSource, code: string, ref: string, due: Date, config: Config): Record<string, unknown> {
  const variables: DossierStartVariables = {
    dossierCode: code, dossierRef: ref, procedureCode: procedure.code, procedureName: procedure.name, agencyCode: body.agencyCode,
    applicantName: body.applicant.fullName, applicantIdMasked: maskId(body.applicant.idNumber),
    officerName: body.officerName, feeAmount: body.fee?.total ?? 0, ...deadlineVariables(due, config, procedure.workingDays),
  };
  return { ...variables };
}

/**
 * The due date as the diagram reads it: for task due dates, forms, and the late-notice timers. The
 * notice goes out LATE_NOTICE_LEAD_HALF_DAYS before the due date, but never earlier than the last
 * half-day of the procedure's own time (a half-day procedure is not late before its due date).
 */
export function deadlineVariables(due: Date, config: Pick<Config, 'TZ_OFFSET' | 'LATE_NOTICE_LEAD_HALF_DAYS'>, workingDays: number): Pick<DossierStartVariables, 'dueAt' | 'dueAtText' | 'lateNoticeAt'> {
  const lead = Math.max(0, Math.min(config.LATE_NOTICE_LEAD_HALF_DAYS, Math.round(workingDays * 2) - 1));
  return {
    dueAt: due.toISOString(),
    dueAtText: formatLocalDateTime(due, config.TZ_OFFSET),
    lateNoticeAt: beforeByWorkingHalfDays(due, lead, holidays, config.TZ_OFFSET).toISOString(),
  };
}

/**
 * Hand a saved dossier's start to the engine, unless it already took it. Never throws for the
 * engine: when it is away the start stays pending (the dossier is safe, the attempt is counted) and
 * startPendingProcesses tries again. Repeating a start the engine already took is harmless: it
 * refuses the second message with the same id.
 */
export async function requestProcessStart(deps: DossierServiceDeps, dossier: DossierRecord): Promise<DossierRecord> {
  if (dossier.processStart?.state !== 'pending') return dossier;
  const procedure = findProcedure(dossier.procedureCode);
  if (!procedure) throw new Error(`procedure ${dossier.procedureCode} left the catalog`);
  const code = dossier.code;
  try {
    const { alreadyStarted } = await deps.engine.startDossierProcess(procedure.processId, code,
      startVariables(procedure, dossier, code, String(dossier._id), dossier.dueAt, deps.config));
    const processStart = { state: 'requested' as const, attempts: (dossier.processStart.attempts ?? 0) + 1, requestedAt: deps.now() };
    await updateDossier({ code }, { $set: { processStart } });
    await auditStep(code, 'process-start', { note: alreadyStarted ? 'Quy trình đã được khởi tạo trước đó' : 'Khởi tạo quy trình' }, processStart.requestedAt);
    deps.log.info({ dossierCode: code, alreadyStarted }, 'process start taken by the engine');
    return { ...dossier, processStart };
  } catch (err) {
    const lastError = err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300);
    await updateDossier({ code }, { $inc: { 'processStart.attempts': 1 }, $set: { 'processStart.lastError': lastError } }).catch(() => undefined);
    deps.log.warn({ err, dossierCode: code }, 'engine did not take the process start; it stays pending and is retried');
    return { ...dossier, processStart: { state: 'pending', attempts: (dossier.processStart.attempts ?? 0) + 1, lastError } };
  }
}

/** Retry every pending process start, oldest first (the API runs this every PROCESS_START_RETRY_MS). */
export async function startPendingProcesses(deps: DossierServiceDeps, limit = 50): Promise<{ tried: number; started: number }> {
  const pending = (await DossierModel.find({ 'processStart.state': 'pending' }).sort({ receivedAt: 1 }).limit(limit).lean()) as unknown as DossierRecord[];
  let started = 0;
  for (const dossier of pending) {
    if ((await requestProcessStart(deps, dossier)).processStart?.state === 'requested') started++;
  }
  return { tried: pending.length, started };
}

const isDuplicateKey = (err: unknown) => (err as { code?: unknown })?.code === 11000;

/** The dossier as staff and applicants see it: record from the database, state from the engine. */
export async function getDossierView(deps: DossierServiceDeps, code: string, authorize: (agencyCode: string) => void) {
  const dossier = await findDossier(code);
  if (!dossier) throw notFound('hồ sơ', code);
  authorize(dossier.agencyCode);
  let engine: { available: boolean; state?: string; endDate?: string } = { available: false };
  if (!dossier.processInstanceKey && dossier.processStart?.state !== 'pending') {
    // the engine took the start; learn the instance's key once Operate has imported it
    const procedure = findProcedure(dossier.procedureCode);
    const key = procedure && (await deps.engine.findInstanceOfDossier(procedure.processId, { ref: String(dossier._id) }).catch(() => undefined));
    if (key) {
      await updateDossier({ code, processInstanceKey: { $exists: false } }, { $set: { processInstanceKey: key } });
      dossier.processInstanceKey = key;
    }
  }
  if (dossier.processInstanceKey) {
    try {
      const instance = await deps.engine.findProcessInstance(dossier.processInstanceKey);
      engine = { available: true, state: instance?.state ?? 'NOT_YET_VISIBLE', endDate: instance?.endDate };
    } catch (err) {
      deps.log.warn({ err, dossierCode: code }, 'engine unavailable while reading dossier state');
    }
  }
  return toView(dossier, engine);
}

export function toView(d: DossierRecord, engine?: unknown) {
  return {
    code: d.code,
    procedureCode: d.procedureCode,
    agencyCode: d.agencyCode,
    channel: d.channel,
    status: d.status,
    ended: endedStatuses.includes(d.status),
    receivedAt: d.receivedAt,
    // the legal due date, and the appointment last given (after an apology, form 04)
    dueAt: d.dueAt,
    appointmentAt: d.appointmentAt ?? d.dueAt,
    returnedAt: d.returnedAt,
    resultDelivery: d.resultDelivery ?? (d.channel === 'post' ? 'post' : 'desk'),
    ...(d.handover ? { handover: { receiverName: d.handover.receiverName, receiverIdMasked: d.handover.receiverIdMasked, byName: d.handover.byName, at: d.handover.at } } : {}),
    ...(d.postal ? { postal: d.postal } : {}),
    ...(d.fee && d.fee.total > 0 ? { fee: d.fee } : {}),
    ...(d.payment ? { payment: { state: d.payment.state, amount: d.payment.amount, method: d.payment.method, paidAt: d.payment.paidAt, payUrl: d.payment.payUrl, receiptNumber: d.payment.receiptNumber } } : {}),
    ...(d.apology ? { apology: { newDueAt: d.apology.newDueAt, at: d.apology.at, lateAt: d.apology.lateAt } } : {}),
    ...(d.withdrawal ? { withdrawal: { reason: d.withdrawal.reason, requestedAt: d.withdrawal.requestedAt, closedAt: d.withdrawal.closedAt } } : {}),
    ...(d.stop ? { stop: { reason: d.stop.reason, at: d.stop.at } } : {}),
    applicant: { idType: d.applicant.idType, idNumber: maskId(d.applicant.idNumber), fullName: d.applicant.fullName },
    processInstanceKey: d.processInstanceKey,
    processStart: d.processStart?.state,
    portalAccount: d.portalAccount?.exists === undefined ? undefined : {
      exists: d.portalAccount.exists,
      ...(d.portalAccount.createdAt ? { createdAt: d.portalAccount.createdAt } : {}),
      ...(d.portalAccount.registration ? { registration: { otpExpiresAt: d.portalAccount.registration.otpExpiresAt, phone: d.portalAccount.registration.phoneMasked } } : {}),
    },
    intakeDecisions: d.intakeDecisions?.map((x) => ({ decision: x.decision, note: x.note, name: x.name, at: x.at })),
    supplements: d.supplements?.map((r) => ({
      round: r.round, note: r.note, requestedAt: r.requestedAt, noticeSigned: r.noticeSigned, state: r.state, receivedAt: r.receivedAt,
      components: r.components?.map((c) => c.code),
    })),
    refusal: d.refusal ? { reason: d.refusal.reason, source: d.refusal.source, byName: d.refusal.byName, at: d.refusal.at, signed: d.refusal.signed } : undefined,
    components: d.components.map((c) => ({
      code: c.code, name: c.name, digitization: c.digitization, fileName: c.fileName, size: c.size, sha256: c.sha256,
      pageCount: c.pageCount, digitizedAt: c.digitizedAt, signed: Boolean(c.signature), signedBy: c.signature?.signerName,
      ...(c.receivedElectronically ? { receivedElectronically: true } : {}), ...(c.reusedFrom ? { reused: true } : {}),
      warehouseCode: c.warehouseCode && maskWarehouseCode(c.warehouseCode, d.applicant.idNumber),
    })),
    result: d.result?.documentNumber
      ? { documentNumber: d.result.documentNumber, documentIdentifier: d.result.documentIdentifier, issuedAt: d.result.issuedAt, warehouseCode: d.result.warehouseCode && maskWarehouseCode(d.result.warehouseCode, d.applicant.idNumber) }
      : undefined,
    officerName: d.officerName,
    history: d.history.map((h) => ({ step: h.step, at: h.at, actor: h.actor, actorSubject: h.actorSubject, note: h.note })),
    engine,
  };
}
