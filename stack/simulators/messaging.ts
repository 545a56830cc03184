import express from 'express';
import { configSchema, readSecret } from '../../core/config';
import { createMailServer, type MailServer } from './mail-server';
import { createPostalRoutes, type PostalOrder } from './postal';
import { createSmsSimulator, type SmsSimulator, type SmsSimulatorOptions } from './sms-gateway';
import { createZaloRoutes, type ZaloMessage } from './zalo-zns';

/**
 * Everything that reaches the applicant, in one local process (development and tests only): the SMS
 * brandname gateway (POST /api/sms), Zalo ZNS (POST /zns/message/template) and the postal service's order
 * API (POST /postal/orders) on one HTTP port, and an SMTP server on another. What each "delivered" is at
 * GET /sim/messages (SMS), /sim/zalo, /sim/mail and /sim/shipments, filtered by ?phone= or ?to=.
 */
export interface MessagingSimulator {
  app: express.Express;
  sms: SmsSimulator;
  zalo: ZaloMessage[];
  mail: MailServer;
  shipments: PostalOrder[];
}

export interface MessagingSimulatorOptions extends SmsSimulatorOptions {
  zaloAccessToken: string;
  zaloTemplateIds: string[];
  withoutZalo?: string[];
  unknownMailboxes?: string[];
}

export function createMessagingSimulator(options: MessagingSimulatorOptions): MessagingSimulator {
  const sms = createSmsSimulator(options);
  const zalo = createZaloRoutes({ accessToken: options.zaloAccessToken, templateIds: options.zaloTemplateIds, ...(options.withoutZalo ? { withoutZalo: options.withoutZalo } : {}) });
  const mail = createMailServer(options.unknownMailboxes ? { unknownMailboxes: options.unknownMailboxes } : {});
  const postal = createPostalRoutes();
  const app = sms.app;
  app.use('/zns', zalo.router);
  app.use('/postal', postal.router);
  app.get('/sim/shipments', (_req, res) => {
    res.json(postal.orders);
  });
  app.get('/sim/zalo', (req, res) => {
    const phone = typeof req.query.phone === 'string' ? `84${req.query.phone.slice(1)}` : undefined;
    res.json(zalo.messages.filter((m) => !phone || m.phone === phone));
  });
  app.get('/sim/mail', (req, res) => {
    const to = typeof req.query.to === 'string' ? req.query.to.toLowerCase() : undefined;
    res.json(mail.mails.filter((m) => !to || m.to.some((t) => t.toLowerCase() === to)));
  });
  return { app, sms, zalo: zalo.messages, mail, shipments: postal.orders };
}

if (require.main === module) {
  // only what this simulator needs: the OA token the workers send (a secret made at setup) and the template
  const token = readSecret(process.env, 'ZALO_OA_ACCESS_TOKEN');
  if (!token) throw new Error('ZALO_OA_ACCESS_TOKEN is not set: give it in the environment or as a file in ZALO_OA_ACCESS_TOKEN_FILE');
  const port = Number(process.env.MESSAGING_SIM_PORT ?? 8740);
  const smtpPort = Number(process.env.MAIL_SIM_SMTP_PORT ?? 2525);
  const sim = createMessagingSimulator({
    failing: process.env.SMS_SIM_FAIL === '1',
    zaloAccessToken: token,
    zaloTemplateIds: [configSchema.shape.ZALO_TEMPLATE_ID.parse(process.env.ZALO_TEMPLATE_ID)],
  });
  void sim.mail.listen(smtpPort).then(() => {
    sim.app.listen(port, '127.0.0.1', () => {
      console.log(JSON.stringify({ level: 'info', msg: 'messaging simulator listening (SMS, Zalo ZNS, SMTP)', port, smtpPort }));
    });
  });
}
