import type { StaffMember } from '../../core/auth/staff-token';
import { findAgency } from '../../core/data/agencies';
import { conflict, notFound, ruleViolated } from '../../core/errors';
import { CONSULTATION_REPLIED } from '../../core/process/steps';
import { auditStep, findDossier, updateDossier, type DossierRecord } from '../../core/repositories/dossiers';
import { deleteFile, putFileFromPath } from '../../core/repositories/files';
import { sniffType } from '../../core/pdf/scan';
import type { UploadedFile } from '../../core/rules/intake';
import { mayDo } from '../../core/rules/access';
import { open } from 'node:fs/promises';
import type { ConsultationReply } from './dossiers.schemas';
import type { DossierServiceDeps } from './dossiers.service';
import { publishPending } from './engine-calls';

/**
 * The consulted agency answers (xin ý kiến, during review): its specialist, logged in with their own
 * agency, sends the signed reply letter (PDF) and the opinion in words. The letter is kept as an
 * intermediate document of the dossier — flagged not a procedure result — and the process, waiting at
 * await-consultation-reply, resumes (message consultation.replied of that round, as an outbox entry).
 * Only the agency asked may answer, once per round; the dossier's own agency is not it.
 */
export async function replyToConsultation(
  deps: DossierServiceDeps, code: string, round: number, input: ConsultationReply, files: UploadedFile[], staff: StaffMember,
): Promise<DossierRecord> {
  const dossier = await findDossier(code);
  const asked = dossier?.consultations?.find((c) => c.round === round);
  // another agency's dossier stays invisible unless this person's agency was asked
  if (!dossier || !asked || !mayDo(staff, 'review').allowed || staff.agency !== asked.agencyCode) throw notFound('yêu cầu xin ý kiến', `${code} lần ${round}`);
  if (asked.state !== 'requested') throw conflict('This consultation was answered already', 'Yêu cầu xin ý kiến này đã được trả lời');
  const letter = files.find((f) => f.fieldname === 'reply');
  if (!letter || files.length !== 1) throw ruleViolated([{ field: 'reply', rule: 'one-pdf', message: 'Gửi đúng một tệp PDF văn bản trả lời (trường reply)' }]);
  const head = await fileHead(letter.path, 1024);
  if (sniffType(head) !== 'pdf') throw ruleViolated([{ field: 'reply', rule: 'pdf', message: 'Văn bản trả lời phải là tệp PDF' }]);
  const agencyName = findAgency(staff.agency)?.name ?? staff.agency;
  const stored = await putFileFromPath(letter.path, `${code}.y-kien-${round}.pdf`, letter.sha256, {
    key: `consultation-reply:${code}:${round}`, dossierCode: code, kind: 'consultation-reply',
    // an intermediate document: kept with the dossier, never a result of the procedure
    intermediate: true, procedureResult: false, issuer: agencyName,
  });
  const now = deps.now();
  // by position (FerretDB 1.x has no positional $ operator), guarded by the round and its state
  const i = dossier.consultations!.indexOf(asked);
  const res = await updateDossier({ code, [`consultations.${i}.round`]: round, [`consultations.${i}.state`]: 'requested' }, {
    $set: {
      [`consultations.${i}.state`]: 'replied',
      [`consultations.${i}.reply`]: { opinion: input.opinion, fileId: stored.id, sha256: stored.sha256, by: staff.subject, byName: staff.name, at: now, message: 'pending' },
    },
    $push: { history: { step: `consultation-reply:${round}`, at: now, actor: `${staff.name} (${agencyName})`, actorSubject: staff.subject, note: `Ý kiến trả lời: ${input.opinion}` } },
  });
  if (res.matchedCount === 0) {
    if (stored.created) await deleteFile(stored.id).catch(() => undefined);
    throw conflict('This consultation was answered meanwhile', 'Yêu cầu xin ý kiến này vừa được trả lời');
  }
  await auditStep(code, `consultation-reply:${round}`, { actor: staff.name, actorSubject: staff.subject, note: `Ý kiến trả lời của ${agencyName}` }, now);
  const saved = await findDossier(code);
  if (!saved) throw new Error(`dossier ${code} vanished after the consultation reply`);
  await publishConsultationReply(deps, saved, round).catch((err: unknown) => deps.log.warn({ err, dossierCode: code }, 'consultation reply not published yet; retried'));
  return saved;
}

/** Publishes a recorded reply's message, once (the message id is the round's). */
export async function publishConsultationReply(deps: DossierServiceDeps, dossier: DossierRecord, round: number): Promise<void> {
  const c = dossier.consultations?.find((x) => x.round === round);
  if (c?.reply?.message !== 'pending') return;
  await deps.engine.publishMessageOnce({
    name: CONSULTATION_REPLIED, correlationKey: `${dossier.code}:${round}`, messageId: `consultation-reply:${dossier.code}:${round}`,
    timeToLiveMs: 24 * 3600_000, variables: { consultationOpinion: c.reply.opinion },
  });
  const i = dossier.consultations!.indexOf(c);
  await updateDossier({ code: dossier.code, [`consultations.${i}.round`]: round }, { $set: { [`consultations.${i}.reply.message`]: 'published' } });
}

/** Replies recorded while the engine was away (the API runs this with the start retries). */
export function publishPendingConsultationReplies(deps: DossierServiceDeps): Promise<number> {
  return publishPending(deps, { 'consultations.reply.message': 'pending' }, async (d) => {
    for (const c of d.consultations ?? []) if (c.reply?.message === 'pending') await publishConsultationReply(deps, d, c.round);
  }, 'consultation reply');
}

/** The first `bytes` of a file, without reading the rest (a letter may be tens of MB). */
async function fileHead(path: string, bytes: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(bytes), 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
