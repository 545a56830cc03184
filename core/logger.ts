import pino, { type Logger } from 'pino';

export type { Logger };

/** One pino logger for api and workers; children carry job type, job key, dossier code. */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    redact: {
      // never log citizen ID numbers or phone numbers in full (STYLE §7)
      paths: ['*.idNumber', '*.phone', 'applicant.idNumber', 'applicant.phone', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  });
}
