import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * Local SMTP server standing in for the province's mail relay and the applicant's mailbox, for
 * development and tests only. It takes mail without authentication on 127.0.0.1, refuses recipients
 * in `unknownMailboxes` with 550 (a refusal for good), parses each message and keeps it for
 * GET /sim/mail (served by stack/simulators/messaging.ts).
 */
export interface ReceivedMail {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  at: string;
}

export interface MailServer {
  server: SMTPServer;
  mails: ReceivedMail[];
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export function createMailServer(options: { unknownMailboxes?: string[] } = {}): MailServer {
  const mails: ReceivedMail[] = [];
  const unknown = new Set((options.unknownMailboxes ?? []).map((m) => m.toLowerCase()));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (unknown.has(address.address.toLowerCase())) {
        const err = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push({
            messageId: mail.messageId ?? '',
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: (mail.text ?? '').trim(),
            at: new Date().toISOString(),
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  return {
    server,
    mails,
    listen: (port, host = '127.0.0.1') => new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        const address = server.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
