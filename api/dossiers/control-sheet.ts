import { findAgency } from '../../core/data/agencies';
import { findProcedure } from '../../core/data/procedures';
import { notFound } from '../../core/errors';
import { renderControlSheet, type ControlSheetRow } from '../../core/pdf/render-control-sheet';
import { stepLabelVi } from '../../core/process/steps';
import { listAudit } from '../../core/repositories/audit';
import { findDossier } from '../../core/repositories/dossiers';
import { formatLocalDateTime, localIsoDate, receiptDateTime } from '../../core/rules/local-time';
import type { DossierServiceDeps } from './dossiers.service';

/** Before the due day, on it, or after the due time: how form 06 marks each hand-over. */
export function timingOf(at: Date, dueAt: Date, tz: string): ControlSheetRow['timing'] {
  if (at.getTime() > dueAt.getTime()) return 'Quá hạn';
  return localIsoDate(at, tz) < localIsoDate(dueAt, tz) ? 'Trước hạn' : 'Đúng hạn';
}

/**
 * The processing control sheet (form 06) of a dossier, made now from its audit log: every recorded step,
 * who did it (the person of the token, or the system for an automatic step) and when, against the due date.
 */
export async function getControlSheet(deps: DossierServiceDeps, code: string, authorize: (agencyCode: string) => void): Promise<Buffer> {
  const dossier = await findDossier(code);
  if (!dossier) throw notFound('hồ sơ', code);
  authorize(dossier.agencyCode);
  const tz = deps.config.TZ_OFFSET;
  const rows = (await listAudit(code)).map((entry): ControlSheetRow => {
    const details = (entry.details ?? {}) as { note?: unknown };
    return {
      atText: formatLocalDateTime(new Date(entry.at), tz),
      step: stepLabelVi(entry.action),
      actor: entry.actor.kind === 'staff' ? entry.actor.name ?? 'Cán bộ' : 'Hệ thống',
      timing: timingOf(new Date(entry.at), dossier.dueAt, tz),
      ...(typeof details.note === 'string' ? { note: details.note.slice(0, 160) } : {}),
    };
  });
  return renderControlSheet({
    agencyName: findAgency(dossier.agencyCode)?.name ?? dossier.agencyCode,
    dossierCode: code,
    procedureName: findProcedure(dossier.procedureCode)?.name ?? dossier.procedureCode,
    applicantName: dossier.applicant.fullName,
    receivedAtText: receiptDateTime(dossier.receivedAt, tz),
    dueAtText: receiptDateTime(dossier.dueAt, tz),
    rows,
  }, deps.now());
}
