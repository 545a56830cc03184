import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../core/config';
import { ensureNotificationIndexes } from '../../core/db';
import { createLogger } from '../../core/logger';
import { NotificationModel } from '../../core/models/notification.model';
import { claimDueNotification, enqueueNotification, listNotifications, notifyApplicant } from '../../core/repositories/notifications';
import { createMessagingSimulator } from '../../stack/simulators/messaging';
import { createNotificationChannels } from '../../workers/deps';
import { dispatchDueNotifications, NOTIFICATION_MAX_ATTEMPTS, notificationRetryDelayMs } from '../../workers/outbox/dispatch-notifications';
import { useTestDatabase } from '../helpers/db';

/**
 * The notification outbox against the real database and the messaging simulator (SMS gateway, Zalo ZNS,
 * an SMTP server): each message once in the outbox per channel, sent once, retried with backoff while a
 * channel is down, given up when it refuses the message, and never sent twice when a dispatcher dies
 * between sending and marking.
 */
useTestDatabase();

const ZALO_TOKEN = 'zalo-oa-token-for-tests-0001';
const messaging = createMessagingSimulator({ zaloAccessToken: ZALO_TOKEN, zaloTemplateIds: ['300001'], withoutZalo: ['0987000111'], unknownMailboxes: ['khong-co@example.vn'] });
const sim = messaging.sms;
let server: Server;
let smtpPort: number;
const lines: string[] = [];
const log = createLogger('outbox-test', 'trace', { write: (l: string) => { lines.push(l); } });
let clock = new Date('2026-11-23T02:00:00Z');
const config = loadConfig({ ZALO_OA_ACCESS_TOKEN: ZALO_TOKEN });
const httpUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const deps = () => ({
  channels: createNotificationChannels(config, { smsUrl: httpUrl(), zaloUrl: `${httpUrl()}/zns`, smtpUrl: `smtp://127.0.0.1:${smtpPort}` }),
  log, now: () => clock,
});

beforeAll(async () => {
  server = messaging.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  smtpPort = await messaging.mail.listen(0);
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await messaging.mail.close();
});
beforeEach(async () => {
  await NotificationModel.deleteMany({});
  sim.messages.length = 0;
  messaging.zalo.length = 0;
  messaging.mail.mails.length = 0;
  sim.setFailing(false);
});

const row = (key: string, to = '0912345678') => ({ key, dossierCode: 'H34.29.2-261123-0001', channel: 'sms' as const, to, text: `Ho so H34.29.2-261123-0001 ${key}` });

it('when a step puts the same message in twice (a re-delivered job), then there is one row and one SMS', async () => {
  expect(await enqueueNotification(row('refusal:A'), clock)).toEqual({ created: true });
  expect(await enqueueNotification(row('refusal:A'), clock)).toEqual({ created: false });
  expect(await dispatchDueNotifications(deps())).toBe(1);
  expect(await dispatchDueNotifications(deps())).toBe(0);
  expect(sim.messages.map((m) => m.requestId)).toEqual(['refusal:A:sms']);
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
  await deps().channels.sms.send({ requestId: `${claimed!.key}:sms`, dossierCode: claimed!.dossierCode, to: claimed!.to, subject: '', text: claimed!.text }); // … and the process dies here
  expect(await dispatchDueNotifications(deps())).toBe(0); // still held by the dead dispatcher's lease
  clock = new Date(clock.getTime() + 61_000);
  expect(await dispatchDueNotifications(deps())).toBe(1);
  expect(sim.messages.filter((m) => m.requestId === 'refusal:C:sms')).toHaveLength(1);
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

describe('the channels the applicant gave', () => {
  const code = 'H34.29.2-261123-0002';
  const message = { key: `result-returned:${code}`, dossierCode: code, subject: `Hồ sơ ${code} đã có kết quả`, text: `Hồ sơ ${code} đã có kết quả. Nhận bản giấy tại Bộ phận Một cửa UBND xã Ia Dêr.` };

  it('when the applicant gave a phone, asked for Zalo and gave an e-mail address, then each channel carries the message once, as that channel can', async () => {
    expect(await notifyApplicant({ phone: '0912345678', zalo: true, email: 'nguyen.van.a@example.vn' }, message, clock)).toEqual(['sms', 'zalo', 'email']);
    expect(await notifyApplicant({ phone: '0912345678', zalo: true, email: 'nguyen.van.a@example.vn' }, message, clock)).toEqual(['sms', 'zalo', 'email']);
    expect(await dispatchDueNotifications(deps())).toBe(3);
    expect(await dispatchDueNotifications(deps())).toBe(0);

    expect(sim.messages).toEqual([expect.objectContaining({ phone: '0912345678', message: `Ho so ${code} da co ket qua. Nhan ban giay tai Bo phan Mot cua UBND xa Ia Der.` })]);
    expect(messaging.zalo).toEqual([expect.objectContaining({ phone: '84912345678', templateId: '300001', data: { dossier_code: code, content: message.text }, trackingId: `${message.key}:zalo` })]);
    expect(messaging.mail.mails).toEqual([expect.objectContaining({ to: ['nguyen.van.a@example.vn'], subject: message.subject, text: message.text })]);
    expect(messaging.mail.mails[0]!.messageId).toBe(`<result-returned:${code}:email@dichvucong.localhost>`);
    expect((await listNotifications(code)).map((n) => [n.channel, n.state])).toEqual([['sms', 'sent'], ['zalo', 'sent'], ['email', 'sent']]);
  });

  it('when the applicant gave only a phone and did not ask for Zalo, then only an SMS goes', async () => {
    expect(await notifyApplicant({ phone: '0912345678' }, message, clock)).toEqual(['sms']);
    expect(await notifyApplicant({}, { ...message, key: 'nothing' }, clock)).toEqual([]);
  });

  it('when the phone has no Zalo account or the mailbox does not exist, then those are given up at once and the SMS still goes', async () => {
    await notifyApplicant({ phone: '0987000111', zalo: true, email: 'khong-co@example.vn' }, message, clock);
    expect(await dispatchDueNotifications(deps())).toBe(1);
    const rows = await listNotifications(code);
    expect(rows.find((n) => n.channel === 'sms')).toMatchObject({ state: 'sent' });
    expect(rows.find((n) => n.channel === 'zalo')).toMatchObject({ state: 'failed', attempts: 1, lastError: expect.stringContaining('-118') });
    expect(rows.find((n) => n.channel === 'email')).toMatchObject({ state: 'failed', attempts: 1, lastError: expect.stringContaining('550') });
    expect(lines.join('\n')).not.toMatch(/0987000111|987000111|khong-co@/);
  });

  it('when the Zalo access token is wrong (it ran out), then the message waits and is tried again', async () => {
    await notifyApplicant({ phone: '0912345678', zalo: true }, message, clock);
    const wrong = createNotificationChannels(loadConfig({ ZALO_OA_ACCESS_TOKEN: 'an-expired-token-0000000' }), { smsUrl: httpUrl(), zaloUrl: `${httpUrl()}/zns`, smtpUrl: `smtp://127.0.0.1:${smtpPort}` });
    await dispatchDueNotifications({ ...deps(), channels: wrong });
    expect((await listNotifications(code)).find((n) => n.channel === 'zalo')).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.stringContaining('-124') });
    clock = new Date(clock.getTime() + notificationRetryDelayMs(1));
    expect(await dispatchDueNotifications(deps())).toBe(1);
    expect(messaging.zalo).toHaveLength(1);
  });

  it('when the token rotation rewrites the token file, then the next send uses the new token without a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zalo-'));
    const file = path.join(dir, 'token');
    writeFileSync(file, 'an-expired-token-0000000\n');
    const rotating = () => createNotificationChannels(loadConfig({ ZALO_OA_ACCESS_TOKEN_FILE: file }), { smsUrl: httpUrl(), zaloUrl: `${httpUrl()}/zns`, smtpUrl: `smtp://127.0.0.1:${smtpPort}` });
    const channels = rotating();
    await notifyApplicant({ phone: '0912345678', zalo: true }, message, clock);
    await dispatchDueNotifications({ ...deps(), channels });
    expect((await listNotifications(code)).find((n) => n.channel === 'zalo')).toMatchObject({ state: 'pending', lastError: expect.stringContaining('-124') });
    writeFileSync(file, `${ZALO_TOKEN}\n`); // rotated
    clock = new Date(clock.getTime() + notificationRetryDelayMs(1));
    expect(await dispatchDueNotifications({ ...deps(), channels })).toBe(1);
    expect(messaging.zalo).toHaveLength(1);
    // the token itself, when given, wins over a file
    expect(loadConfig({ ZALO_OA_ACCESS_TOKEN: ZALO_TOKEN, ZALO_OA_ACCESS_TOKEN_FILE: file }).ZALO_OA_ACCESS_TOKEN_FILE).toBeUndefined();
  });

  it('when the database still has the unique index of one channel per key, then it is dropped so the other channels are not swallowed', async () => {
    await NotificationModel.collection.createIndex({ key: 1 }, { unique: true, name: 'key_1' });
    await ensureNotificationIndexes();
    const names = (await NotificationModel.collection.indexes()).map((i) => i.name);
    expect(names).toContain('key_channel_unique');
    expect(names).not.toContain('key_1');
    await ensureNotificationIndexes(); // twice is harmless
  });
});
