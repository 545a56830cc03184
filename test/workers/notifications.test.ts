import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSmsGateway } from '../../core/adapters/sms';
import { createLogger } from '../../core/logger';
import { NotificationModel } from '../../core/models/notification.model';
import { claimDueNotification, enqueueNotification, listNotifications } from '../../core/repositories/notifications';
import { createSmsSimulator } from '../../stack/simulators/sms-gateway';
import { dispatchDueNotifications, NOTIFICATION_MAX_ATTEMPTS, notificationRetryDelayMs } from '../../workers/outbox/dispatch-notifications';
import { useTestDatabase } from '../helpers/db';

/**
 * The notification outbox against the real database and the SMS gateway simulator: each message once
 * in the outbox, sent once at the gateway, retried with backoff while the gateway is down, given up when
 * the gateway refuses it, and never sent twice when a dispatcher dies between sending and marking.
 */
useTestDatabase();

const sim = createSmsSimulator();
let server: Server;
const lines: string[] = [];
const log = createLogger('outbox-test', 'trace', { write: (l: string) => { lines.push(l); } });
let clock = new Date('2026-11-23T02:00:00Z');
const deps = () => ({ sms: createSmsGateway(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { brandname: 'UBND TINH', timeoutMs: 2000 }), log, now: () => clock });

beforeAll(async () => {
  server = sim.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});
beforeEach(async () => {
  await NotificationModel.deleteMany({});
  sim.messages.length = 0;
  sim.setFailing(false);
});

const row = (key: string, to = '0912345678') => ({ key, dossierCode: 'H34.29.2-261123-0001', channel: 'sms' as const, to, text: `Ho so H34.29.2-261123-0001 ${key}` });

it('when a step puts the same message in twice (a re-delivered job), then there is one row and one SMS', async () => {
  expect(await enqueueNotification(row('refusal:A'), clock)).toEqual({ created: true });
  expect(await enqueueNotification(row('refusal:A'), clock)).toEqual({ created: false });
  expect(await dispatchDueNotifications(deps())).toBe(1);
  expect(await dispatchDueNotifications(deps())).toBe(0);
  expect(sim.messages.map((m) => m.requestId)).toEqual(['refusal:A']);
  expect((await listNotifications('H34.29.2-261123-0001')).map((n) => n.state)).toEqual(['sent']);
});

it('when the gateway is down, then the message waits with a growing backoff and goes out once it is back', async () => {
  await enqueueNotification(row('supplement:B'), clock);
  sim.setFailing(true);
  expect(await dispatchDueNotifications(deps())).toBe(0);
  let n = await NotificationModel.findOne({ key: 'supplement:B' }).lean();
  expect(n).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.stringContaining('503') });
  expect(n!.nextAttemptAt.getTime() - clock.getTime()).toBe(notificationRetryDelayMs(1));
  // not due yet: nothing is tried
  expect(await dispatchDueNotifications(deps())).toBe(0);
  expect((await NotificationModel.findOne({ key: 'supplement:B' }).lean())!.attempts).toBe(1);
  sim.setFailing(false);
  clock = new Date(clock.getTime() + notificationRetryDelayMs(1));
  expect(await dispatchDueNotifications(deps())).toBe(1);
  n = await NotificationModel.findOne({ key: 'supplement:B' }).lean();
  expect(n).toMatchObject({ state: 'sent', attempts: 2 });
  expect(notificationRetryDelayMs(2)).toBe(4 * notificationRetryDelayMs(1));
});

it('when the dispatcher dies after the gateway took the message, then the next one resends it and the gateway keeps it to one', async () => {
  await enqueueNotification(row('refusal:C'), clock);
  const claimed = await claimDueNotification(clock, 60_000);
  await deps().sms.send({ requestId: claimed!.key, to: claimed!.to, text: claimed!.text }); // … and the process dies here
  expect(await dispatchDueNotifications(deps())).toBe(0); // still held by the dead dispatcher's lease
  clock = new Date(clock.getTime() + 61_000);
  expect(await dispatchDueNotifications(deps())).toBe(1);
  expect(sim.messages.filter((m) => m.requestId === 'refusal:C')).toHaveLength(1);
  expect((await NotificationModel.findOne({ key: 'refusal:C' }).lean())).toMatchObject({ state: 'sent', attempts: 2 });
  expect(lines.some((l) => l.includes('had already reached the gateway'))).toBe(true);
});

it('when the gateway refuses the number, then the message is given up at once, for an administrator, and the number is not logged', async () => {
  await enqueueNotification(row('refusal:D', '12345'), clock);
  await dispatchDueNotifications(deps());
  expect(await NotificationModel.findOne({ key: 'refusal:D' }).lean()).toMatchObject({ state: 'failed', attempts: 1, lastError: expect.stringContaining('422') });
  expect(lines.join('\n')).not.toContain('0912345678');
});

it('when the gateway stays down, then the message is given up after the last attempt', async () => {
  await enqueueNotification(row('refusal:E'), clock);
  sim.setFailing(true);
  for (let i = 0; i < NOTIFICATION_MAX_ATTEMPTS; i++) {
    await dispatchDueNotifications(deps());
    clock = new Date(clock.getTime() + 3_600_000);
  }
  expect(await NotificationModel.findOne({ key: 'refusal:E' }).lean()).toMatchObject({ state: 'failed', attempts: NOTIFICATION_MAX_ATTEMPTS });
});
