import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * One pino logger for api and workers; children carry job type, job key, dossier code. A test may
 * pass its own destination to read every line that was written.
 */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    redact: {
      // never log citizen ID numbers or phone numbers in full (STYLE §7)
      paths: ['*.idNumber', '*.phone', '*.address', 'applicant.idNumber', 'applicant.phone', 'applicant.address', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
