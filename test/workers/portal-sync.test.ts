import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPortalDossierSync, type PortalDossierSync } from '../../core/adapters/national-portal';
import { createLogger } from '../../core/logger';
import { DossierModel } from '../../core/models/dossier.model';
import { PortalSyncModel } from '../../core/models/portal-sync.model';
import { auditStep, recordStep } from '../../core/repositories/dossiers';
import { findPortalSync, markDossierChanged } from '../../core/repositories/portal-sync';
import { createPortalSimulatorWithState } from '../../stack/simulators/national-portal';
import { notificationRetryDelayMs } from '../../workers/outbox/dispatch-notifications';
import { syncDueDossiers, type PortalSyncDeps } from '../../workers/outbox/sync-portal';
import { useTestDatabase } from '../helpers/db';

/**
 * The per-dossier sync to the national portal against the real database and the portal simulator: one
 * row per dossier whose version grows with every change; the package sent whole after the claim; a
 * change during a send sent again; a portal away retried; a refusal kept for an administrator; two
 * dispatchers at once leaving the portal with every dossier's newest version.
 */
useTestDatabase();

const portal = createPortalSimulatorWithState();
let server: Server;
const lines: string[] = [];
const log = createLogger('portal-sync-test', 'trace', { write: (l: string) => { lines.push(l); } });
let clock = new Date('2026-11-23T03:00:00Z');
const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const deps = (sync: PortalDossierSync = createPortalDossierSync(url(), 2000)): PortalSyncDeps => ({
  portalSync: sync, log, now: () => clock, publicBaseUrl: 'https://dichvucong.example.vn', tzOffset: '+07:00',
});

beforeAll(async () => {
  server = portal.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});
beforeEach(async () => {
  await Promise.all([DossierModel.deleteMany({}), PortalSyncModel.deleteMany({})]);
  portal.synced.clear();
  portal.setFailing(false);
});

async function received(code: string): Promise<void> {
  await DossierModel.create({
    code, intakeKey: `k-${code}`, procedureCode: '1.001193.000.00.00.H34', agencyCode: 'H34.29.2', channel: 'in-person',
    applicant: { idType: 'CCCD', idNumber: '001203004567', fullName: 'Võ Đặng Ngọc Giang', phone: '0912345678' },
    officerName: 'Nguyễn Văn An', status: 'received', receivedAt: clock, dueAt: new Date(clock.getTime() + 86_400_000),
    components: [], history: [{ step: 'intake', at: clock, actor: 'Nguyễn Văn An' }], stepsDone: { intake: clock },
  });
  await auditStep(code, 'intake', { actor: 'Nguyễn Văn An', status: 'received' }, clock);
}

it('when a dossier is received and changes twice before the dispatcher runs, then the portal gets one package, the newest, under the row\'s version', async () => {
  await received('H34.29.2-261123-0001');
  await recordStep('H34.29.2-261123-0001', 'digitize-components', { status: 'digitized' }, clock);
  expect(await findPortalSync('H34.29.2-261123-0001')).toMatchObject({ version: 2, state: 'pending' });
  expect(await syncDueDossiers(deps())).toBe(1);
  expect(await syncDueDossiers(deps())).toBe(0);
  const held = portal.synced.get('H34.29.2-261123-0001')!;
  expect(held).toMatchObject({ version: 2, received: 1 });
  expect(held.data).toMatchObject({ TrangThaiHoSo: 4, SoDinhDanh: '001203004567', QuaTrinhXuLy: [expect.objectContaining({ TrangThai: 2 }), expect.objectContaining({ TrangThai: 4 })] });
  expect(await findPortalSync('H34.29.2-261123-0001')).toMatchObject({ state: 'sent', sentVersion: 2 });
  // what is logged names the dossier and the version, never the applicant's numbers
  expect(lines.join('\n')).not.toMatch(/001203004567|0912345678/);
});

it('when the dossier changes while its package is on the way, then the row stays due and the newer package follows', async () => {
  await received('H34.29.2-261123-0002');
  const real = createPortalDossierSync(url(), 2000);
  let changedDuringSend = false;
  const slow: PortalDossierSync = {
    async syncDossier(pkg, version) {
      if (!changedDuringSend) {
        changedDuringSend = true;
        await recordStep('H34.29.2-261123-0002', 'refuse-dossier', { status: 'refused' }, clock);
      }
      return real.syncDossier(pkg, version);
    },
  };
  expect(await syncDueDossiers(deps(slow))).toBe(2); // the first send, then the change it raced with
  expect(portal.synced.get('H34.29.2-261123-0002')).toMatchObject({ version: 2, data: expect.objectContaining({ TrangThaiHoSo: 3 }) });
  expect(await findPortalSync('H34.29.2-261123-0002')).toMatchObject({ state: 'sent', sentVersion: 2 });
});

it('when an older package arrives after a newer one, then the portal keeps the newer', async () => {
  const sync = createPortalDossierSync(url(), 2000);
  const pkg = (status: number) => ({ MaHoSo: 'H34.29.2-261123-0003', MaTTHC: 'x', MaCoQuan: 'H34.29.2', TrangThaiHoSo: status, NgayTiepNhan: '1', NgayHenTra: '1', SoDinhDanh: '1', QuaTrinhXuLy: [] });
  expect(await sync.syncDossier(pkg(4) as never, 3)).toBe('accepted');
  expect(await sync.syncDossier(pkg(2) as never, 2)).toBe('stale');
  expect(portal.synced.get('H34.29.2-261123-0003')?.data).toMatchObject({ TrangThaiHoSo: 4 });
});

it('when the portal is away, then the package waits with the outbox\'s backoff and goes once the portal is back', async () => {
  await received('H34.29.2-261123-0004');
  portal.setFailing(true);
  expect(await syncDueDossiers(deps())).toBe(0);
  const row = await findPortalSync('H34.29.2-261123-0004');
  expect(row).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.stringContaining('503') });
  expect(row!.nextAttemptAt.getTime() - clock.getTime()).toBe(notificationRetryDelayMs(1));
  portal.setFailing(false);
  expect(await syncDueDossiers(deps())).toBe(0); // not due yet
  clock = new Date(clock.getTime() + notificationRetryDelayMs(1));
  expect(await syncDueDossiers(deps())).toBe(1);
  expect(portal.synced.get('H34.29.2-261123-0004')?.version).toBe(1);
});

it('when the portal refuses a package, then it waits as failed with the field named, and the next change sends it again', async () => {
  await received('H34.29.2-261123-0005');
  const refusing: PortalDossierSync = { syncDossier: (pkg, version) => createPortalDossierSync(url(), 2000).syncDossier({ ...pkg, NgayHenTra: '' }, version) };
  await syncDueDossiers(deps(refusing));
  expect(await findPortalSync('H34.29.2-261123-0005')).toMatchObject({ state: 'failed', lastError: expect.stringContaining('NgayHenTra') });
  await markDossierChanged('H34.29.2-261123-0005', clock);
  expect(await syncDueDossiers(deps())).toBe(1);
  expect(portal.synced.get('H34.29.2-261123-0005')?.version).toBe(2);
});

it('when two dispatchers run at once over dossiers that keep changing, then the portal ends with every dossier\'s newest version', async () => {
  const codes = Array.from({ length: 12 }, (_, i) => `H34.29.2-261123-01${String(i).padStart(2, '0')}`);
  for (const code of codes) await received(code);
  const changes = Promise.all(codes.map((code, i) => recordStep(code, `sign-scan`, { status: 'digitized', note: `lần ${i}` }, clock)));
  await Promise.all([changes, syncDueDossiers(deps()), syncDueDossiers(deps())]);
  while ((await syncDueDossiers(deps())) > 0) { /* drain what changed during the passes */ }
  for (const code of codes) {
    const row = await findPortalSync(code);
    expect(row).toMatchObject({ state: 'sent', version: 2, sentVersion: 2 });
    expect(portal.synced.get(code)).toMatchObject({ version: 2, data: expect.objectContaining({ TrangThaiHoSo: 4 }) });
  }
});
