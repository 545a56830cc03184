import type { Logger } from '../../core/logger';
import { DeliveryRejectedError, type NotificationChannelName, type NotificationChannels } from '../../core/adapters/notification-channel';
import { claimDueNotification, markNotificationFailed, markNotificationSent } from '../../core/repositories/notifications';

/**
 * Sends what the outbox holds (core/models/notification.model.ts): each due row is claimed atomically,
 * sent through its channel with its key and channel as the request id, and marked sent; a failure is tried again later
 * (30 s, 2 min, 8 min … capped at 1 h), a refusal for good or the last attempt marks it failed for an
 * administrator. Runs in the workers' process beside the job workers.
 */
export interface DispatcherDeps {
  channels: NotificationChannels;
  log: Logger;
  now: () => Date;
}

export const NOTIFICATION_MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;

export function notificationRetryDelayMs(attempts: number): number {
  return Math.min(30_000 * 4 ** Math.max(0, attempts - 1), 3_600_000);
}

/** Sends every row that is due now; returns how many were sent. */
export async function dispatchDueNotifications(deps: DispatcherDeps, max = 50): Promise<number> {
  let sent = 0;
  for (let i = 0; i < max; i++) {
    const row = await claimDueNotification(deps.now(), LEASE_MS);
    if (!row) break;
    const log = deps.log.child({ notificationKey: row.key, dossierCode: row.dossierCode, channel: row.channel });
    try {
      const channel = row.channel as NotificationChannelName;
      const { providerId, duplicate } = await deps.channels[channel].send({
        requestId: `${row.key}:${channel}`, dossierCode: row.dossierCode, to: row.to, subject: row.subject ?? `Hồ sơ ${row.dossierCode}`, text: row.text,
      });
      await markNotificationSent({ key: row.key, channel }, providerId, deps.now());
      log.info({ attempts: row.attempts, duplicate }, duplicate ? 'notification had already reached the gateway' : 'notification sent');
      sent++;
    } catch (err) {
      const forGood = err instanceof DeliveryRejectedError || row.attempts >= NOTIFICATION_MAX_ATTEMPTS;
      const retryAt = forGood ? undefined : new Date(deps.now().getTime() + notificationRetryDelayMs(row.attempts));
      await markNotificationFailed({ key: row.key, channel: row.channel as NotificationChannelName }, (err as Error).message, retryAt);
      log[forGood ? 'error' : 'warn']({ attempts: row.attempts, error: (err as Error).message, retryAt }, forGood ? 'notification given up' : 'notification not sent; will retry');
    }
  }
  return sent;
}

/** An outbox's loop: every `intervalMs`, one pass; stop() waits for the pass in hand. */
export function startOutboxLoop(pass: () => Promise<unknown>, log: Logger, what: string, intervalMs = 2_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(() => (stopped ? 0 : pass())).catch((err: unknown) => {
      log.warn({ err }, `${what} pass failed`);
    });
  }, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

export function startNotificationDispatcher(deps: DispatcherDeps, intervalMs = 2_000): { stop(): Promise<void> } {
  return startOutboxLoop(() => dispatchDueNotifications(deps), deps.log, 'notification dispatch', intervalMs);
}
