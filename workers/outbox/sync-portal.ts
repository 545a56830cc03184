import type { Logger } from '../../core/logger';
import { PortalRefusedError, type PortalDossierSync } from '../../core/adapters/national-portal';
import { findProcedure } from '../../core/data/procedures';
import { findDossier } from '../../core/repositories/dossiers';
import { claimDuePortalSync, markPortalSynced, markPortalSyncFailed } from '../../core/repositories/portal-sync';
import { portalDossierPackage } from '../../core/rules/portal-package';
import { notificationRetryDelayMs } from './dispatch-notifications';

/**
 * Sends each changed dossier to the national portal (core/models/portal-sync.model.ts): the row is
 * claimed, the dossier read after the claim — so the package holds at least every change the row's
 * version counts — and sent whole under that version. A portal away is retried with the outbox's backoff;
 * a package the portal refuses (a field it cannot take) waits as failed for an administrator until the
 * dossier changes again. Logs name the dossier and the version, never the package (it carries the
 * applicant's ID number).
 */
export interface PortalSyncDeps {
  portalSync: PortalDossierSync;
  log: Logger;
  now: () => Date;
  publicBaseUrl: string;
  tzOffset: string;
}

export const PORTAL_SYNC_MAX_ATTEMPTS = 12;
const LEASE_MS = 60_000;

export async function syncDueDossiers(deps: PortalSyncDeps, max = 50): Promise<number> {
  let sent = 0;
  for (let i = 0; i < max; i++) {
    const claim = await claimDuePortalSync(deps.now(), LEASE_MS);
    if (!claim) break;
    const log = deps.log.child({ dossierCode: claim.dossierCode, syncVersion: claim.version });
    try {
      const dossier = await findDossier(claim.dossierCode);
      if (!dossier) throw new PortalRefusedError('MaHoSo', `dossier ${claim.dossierCode} is not in the database`);
      const procedure = findProcedure(dossier.procedureCode);
      const pkg = portalDossierPackage(dossier, {
        procedureName: procedure?.name ?? dossier.procedureCode, resultName: procedure?.result.name ?? 'Kết quả',
        publicBaseUrl: deps.publicBaseUrl, tzOffset: deps.tzOffset,
      });
      const answer = await deps.portalSync.syncDossier(pkg, claim.version);
      await markPortalSynced(claim, deps.now());
      log.info({ attempts: claim.attempts, answer, status: pkg.TrangThaiHoSo }, 'dossier synced to the national portal');
      sent++;
    } catch (err) {
      const forGood = err instanceof PortalRefusedError || claim.attempts >= PORTAL_SYNC_MAX_ATTEMPTS;
      const retryAt = forGood ? undefined : new Date(deps.now().getTime() + notificationRetryDelayMs(claim.attempts));
      const message = err instanceof PortalRefusedError ? `${err.message} (field ${err.field})` : (err as Error).message;
      await markPortalSyncFailed(claim, message, retryAt);
      log[forGood ? 'error' : 'warn']({ attempts: claim.attempts, error: message, retryAt }, forGood ? 'portal sync given up until the dossier changes' : 'portal sync failed; will retry');
    }
  }
  return sent;
}
