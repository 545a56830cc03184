import type { Camunda8 } from '@camunda8/sdk';
import type { Logger } from '../core/logger';
import type { WorkerDeps } from './deps';
import { steps } from './registry';
import { runStep, type JobLike } from './step';
import { startNotificationDispatcher, startOutboxLoop } from './outbox/dispatch-notifications';
import { syncDueDossiers } from './outbox/sync-portal';

/**
 * The SDK's worker logger receives JSON strings; route them into pino at matching levels. While the
 * engine is unreachable every poll of every worker repeats the same error: each distinct message
 * is logged once a minute per worker, so the log says the engine is down without drowning in it.
 */
function sdkLogger(log: Logger, repeatAfterMs = 60_000) {
  const lastLogged = new Map<string, number>();
  const forward = (level: 'debug' | 'warn' | 'error') => (message: string) => {
    let text = message;
    try {
      const entry = JSON.parse(message) as { message?: unknown };
      if (entry.message !== undefined) text = typeof entry.message === 'string' ? entry.message : JSON.stringify(entry.message);
    } catch {
      // not JSON: log the text as it came
    }
    const now = Date.now();
    if (level !== 'debug' && now - (lastLogged.get(text) ?? -Infinity) < repeatAfterMs) return;
    lastLogged.set(text, now);
    log[level]({ source: 'camunda-sdk' }, text);
  };
  // the SDK's polling chatter goes to debug so the job logs stay readable at info
  return { debug: forward('debug'), info: forward('debug'), warn: forward('warn'), error: forward('error') };
}

export interface WorkerHost {
  stop(): Promise<void>;
}

/**
 * Registers one gRPC job worker per step, the outbox's notification dispatcher and the portal sync. Stop closes the workers first (no new jobs), waits for
 * jobs in hand to finish, then lets the caller close the database.
 */
export function startWorkers(c8: Camunda8, deps: WorkerDeps, log: Logger): WorkerHost {
  const zeebe = c8.getZeebeGrpcApiClient();
  let inFlight = 0;
  const workers = Object.values(steps).map((step) =>
    zeebe.createWorker({
      taskType: step.type,
      maxJobsToActivate: 8,
      timeout: step.timeoutMs ?? 30_000,
      taskHandler: async (job) => {
        inFlight++;
        try {
          await runStep(step, job as unknown as JobLike, deps);
        } finally {
          inFlight--;
        }
        return 'JOB_ACTION_ACKNOWLEDGEMENT' as const;
      },
      stdout: sdkLogger(log.child({ worker: step.type })),
    }),
  );
  log.info({ jobTypes: Object.keys(steps) }, 'job workers registered');
  // the applicant's notifications the steps put in the outbox
  const dispatcher = startNotificationDispatcher({ channels: deps.channels, log: log.child({ worker: 'notifications' }), now: deps.now });
  const syncLog = log.child({ worker: 'portal-sync' });
  const portalSync = startOutboxLoop(() => syncDueDossiers({
    portalSync: deps.portalSync, log: syncLog, now: deps.now, publicBaseUrl: deps.config.PUBLIC_BASE_URL, tzOffset: deps.config.TZ_OFFSET,
  }), syncLog, 'portal sync');
  return {
    async stop() {
      await Promise.all([dispatcher.stop(), portalSync.stop()]);
      await Promise.all(workers.map((w) => w.close(10_000).catch(() => undefined)));
      const deadline = Date.now() + 15_000;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await zeebe.close().catch(() => undefined);
    },
  };
}
