import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The one place where the environment is read. Every variable has a default that works for the
 * local stack (stack/env.sh) and a description; README's configuration table lists the same names
 * (test/config checks that). Invalid values fail fast at start-up.
 */
export const configSchema = z.object({
  MONGODB_URI: z.string().url().default('mongodb://127.0.0.1:27017/dossiers')
    .describe('MongoDB (or FerretDB) connection string, database included'),
  ZEEBE_GRPC_ADDRESS: z.string().default('grpc://localhost:26500')
    .describe('Zeebe gRPC gateway used by job workers'),
  ZEEBE_REST_ADDRESS: z.string().url().default('http://localhost:8080')
    .describe('Camunda 8 REST API v2 (deployments, process instances, user tasks)'),
  CAMUNDA_OPERATE_BASE_URL: z.string().url().default('http://localhost:8081')
    .describe('Operate 8.6 (its /v1 API: process instance state, the variables that find a dossier\'s instance)'),
  CAMUNDA_TASKLIST_BASE_URL: z.string().url().default('http://localhost:8081')
    .describe('Tasklist 8.6 (its /v1 API)'),
  CAMUNDA_AUTH_STRATEGY: z.enum(['NONE', 'COOKIE', 'OAUTH', 'BASIC', 'BEARER']).default('COOKIE')
    .describe('How the Camunda client authenticates; COOKIE logs in to the local Operate/Tasklist (their built-in users), the broker\'s local API needs none'),
  CAMUNDA_COOKIE_AUTH_URL: z.string().url().default('http://localhost:8081/api/login')
    .describe('Login endpoint of the local Operate/Tasklist, for CAMUNDA_AUTH_STRATEGY=COOKIE'),
  CAMUNDA_COOKIE_AUTH_USERNAME: z.string().default('demo')
    .describe('User of the local Operate/Tasklist, for CAMUNDA_AUTH_STRATEGY=COOKIE'),
  CAMUNDA_COOKIE_AUTH_PASSWORD: z.string().default('demo')
    .describe('Password of that user'),
  PROCESS_START_DEDUP_MS: z.coerce.number().int().min(60_000).default(7 * 24 * 3600 * 1000)
    .describe('How long the engine remembers a dossier\'s start message and refuses a second one with the same id (ms)'),
  PROCESS_START_RETRY_MS: z.coerce.number().int().min(1000).default(30_000)
    .describe('How often the API retries process starts the engine did not take (engine away at intake)'),
  OIDC_ISSUER: z.string().url().default('http://localhost:8180/realms/dossiers')
    .describe('The staff realm of the identity provider (Keycloak); bearer tokens must come from it'),
  OIDC_AUDIENCE: z.string().default('dossier-api')
    .describe('Audience the API requires in bearer tokens'),
  OIDC_JWKS_URL: z.string().url().optional()
    .describe('Where the API fetches the realm\'s signing keys, when it reaches Keycloak by another address than the issuer\'s (containers); default: the issuer\'s certs endpoint'),
  PORTAL_BASE_URL: z.string().url().default('http://127.0.0.1:8710')
    .describe('National Public Service Portal (DVCQG) account API; the local simulator by default'),
  PORTAL_TIMEOUT_MS: z.coerce.number().int().positive().default(5000)
    .describe('Timeout of one call to the national portal'),
  SMS_GATEWAY_BASE_URL: z.string().url().default('http://127.0.0.1:8740')
    .describe('SMS brandname gateway the notification outbox sends through; the local simulator by default'),
  SMS_BRANDNAME: z.string().min(1).max(11).default('UBND TINH')
    .describe('Sender name (brandname) registered with the SMS gateway'),
  SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, 'smtp://host:port or smtps://user:password@host:port').default('smtp://127.0.0.1:2525')
    .describe('Mail relay the notification outbox sends e-mail through (smtp:// or smtps://, credentials in the URL); the local simulator by default'),
  MAIL_FROM: z.string().min(3).default('Bộ phận Một cửa <mot-cua@dichvucong.localhost>')
    .describe('Sender of e-mail to applicants; its domain also names the messages\' Message-IDs'),
  ZALO_ZNS_BASE_URL: z.string().url().default('http://127.0.0.1:8740/zns')
    .describe('Zalo Notification Service (ZNS) API the outbox sends Zalo messages through (https://business.openapi.zalo.me in production); the local simulator by default'),
  ZALO_TEMPLATE_ID: z.string().min(1).max(20).default('300001')
    .describe('The ZNS template Zalo approved for dossier notices (parameters dossier_code and content)'),
  ZALO_OA_ACCESS_TOKEN: z.string().min(16).optional()
    .describe('Access token of the province\'s Zalo Official Account; secret, no default: set it or ZALO_OA_ACCESS_TOKEN_FILE. Without it Zalo messages are retried, then shown as failed'),
  ZALO_OA_ACCESS_TOKEN_FILE: z.string().optional()
    .describe('A file holding that token, which the token rotation rewrites: read again at each send (ignored when ZALO_OA_ACCESS_TOKEN itself is set)'),
  PAYMENT_BASE_URL: z.string().url().default('http://127.0.0.1:8710')
    .describe('The national portal\'s online payment platform (payment requests and their status); the portal simulator by default'),
  PAYMENT_CALLBACK_URL: z.string().url().default('http://127.0.0.1:3000/api/payments/callbacks')
    .describe('Where the payment platform reports a payment (the API\'s callback route; the API then asks the platform for the status)'),
  PAYMENT_REMINDER_CYCLE: z.string().regex(/^R\d+\/P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'an ISO 8601 repeating interval, e.g. R3/P3D').default('R3/P3D')
    .describe('How often, and how many times, an applicant who has not paid the fee is reminded (ISO 8601 repeating interval)'),
  POSTAL_BASE_URL: z.string().url().default('http://127.0.0.1:8740/postal')
    .describe('Order API of the public postal service that carries paper results (bưu chính công ích); the local simulator by default'),
  POPULATION_DB_BASE_URL: z.string().url().default('http://127.0.0.1:8730')
    .describe('National population database (CSDLQG về dân cư) identity check; the local simulator by default'),
  INTAKE_SUPPLEMENT_WAIT: z.string().regex(/^P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'an ISO 8601 duration of days, hours, minutes or seconds, e.g. P30D').default('P30D')
    .describe('How long a dossier waits for the applicant to supplement it at intake (form 02) before it is refused (ISO 8601 duration)'),
  CONSULTATION_REMIND_AFTER: z.string().regex(/^P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'an ISO 8601 duration, e.g. P3D').default('P3D')
    .describe('How long a consulted agency has before it is reminded of the opinion asked (ISO 8601 duration)'),
  CONSULTATION_WAIT: z.string().regex(/^P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'an ISO 8601 duration, e.g. P5D').default('P5D')
    .describe('How long the review waits for a consulted agency\'s opinion before it goes on without it (ISO 8601 duration)'),
  LATE_NOTICE_LEAD_HALF_DAYS: z.coerce.number().int().min(0).max(200).default(1)
    .describe('How many working half-days before the due date a dossier still open gets the apology letter with a new date (form 04); 1 = at noon of a day the result is due at 17:00'),
  PUBLIC_BASE_URL: z.string().url().default('http://localhost:3000')
    .describe('Address citizens reach the public lookup at (/tra-cuu/<dossier code>); printed as a QR code on every receipt'),
  API_PORT: z.coerce.number().int().min(1).max(65535).default(3000)
    .describe('Port of the dossier API'),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(30 * 1024 * 1024)
    .describe('Largest accepted upload per file (Phú Yên guidance: under 30 MB)'),
  UPLOAD_MAX_TOTAL_BYTES: z.coerce.number().int().positive().default(200 * 1024 * 1024)
    .describe('Largest accepted request (all files of one submission together); a larger Content-Length is refused before reading'),
  UPLOAD_TMP_DIR: z.string().optional()
    .describe('Where uploads are streamed to before they are checked and stored (removed after each request); default: the system temporary folder'),
  SCAN_CHECK_HEAP_MB: z.coerce.number().int().min(64).default(512)
    .describe('Heap of the worker thread that parses one submission\'s scans; a file needing more is refused (422), the API is not affected'),
  SCAN_CHECK_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000)
    .describe('Time limit of that worker thread'),
  SIGNING_CERT_DIR: z.string().default('.local/certs')
    .describe('Folder with people/<keycloak-id>.p12 (each signing person) and agencies/<agency-code>.p12 (organization seals); stack/make-dev-certs.ts makes them for local use'),
  SIGNING_CERT_PASSPHRASE: z.string().min(8).optional()
    .describe('Passphrase of the PKCS#12 files in SIGNING_CERT_DIR; secret, no default: set it or SIGNING_CERT_PASSPHRASE_FILE (required by the workers and the signing simulator)'),
  REMOTE_SIGNING_BASE_URL: z.string().url().default('http://127.0.0.1:8720')
    .describe('Remote signing service (VNPT SmartCA shape: a hash is sent, the person confirms on the phone); the local simulator by default'),
  REMOTE_SIGNING_CLIENT_ID: z.string().default('dossier-digitization')
    .describe('This application\'s id at the remote signing service (SmartCA: sp_id)'),
  REMOTE_SIGNING_CLIENT_SECRET: z.string().min(16).optional()
    .describe('This application\'s secret at the remote signing service; it also signs (HMAC) the service\'s callbacks. Secret, no default: set it or REMOTE_SIGNING_CLIENT_SECRET_FILE'),
  REMOTE_SIGNING_CALLBACK_URL: z.string().url().default('http://127.0.0.1:3000/api/signing/callbacks')
    .describe('Where the remote signing service reports a confirmed, rejected or expired request (the API\'s callback route)'),
  REMOTE_SIGNING_WAIT: z.string().regex(/^PT\d+[MS]$/).default('PT6M')
    .describe('How long the process waits for the signer\'s confirmation before asking the service itself (ISO 8601 duration; SmartCA requests expire after 5 minutes)'),
  TSA_URL: z.string().url().default('http://127.0.0.1:8750/tsa')
    .describe('RFC 3161 timestamp authority that timestamps every signature on a result (PAdES B-T); the local simulator by default, a licensed authority in production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')
    .describe('pino log level'),
  TZ_OFFSET: z.string().regex(/^[+-]\d{2}:\d{2}$/).default('+07:00')
    .describe('Local offset for dossier codes, working days and stamps (Asia/Ho_Chi_Minh)'),
});

export type Config = z.infer<typeof configSchema>;

/** Secrets: no default anywhere; each may come from the environment or from a file named by <NAME>_FILE. */
export const SECRET_KEYS = ['SIGNING_CERT_PASSPHRASE', 'REMOTE_SIGNING_CLIENT_SECRET', 'CAMUNDA_COOKIE_AUTH_PASSWORD', 'ZALO_OA_ACCESS_TOKEN'] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

/** The value of a secret: NAME itself, else the first line of the file NAME_FILE (trimmed). */
export function readSecret(env: NodeJS.ProcessEnv, name: SecretKey): string | undefined {
  const direct = env[name];
  if (direct) return direct;
  const file = env[`${name}_FILE`];
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').split('\n')[0]?.trim() || undefined;
  } catch (err) {
    throw new Error(`${name}_FILE=${file} cannot be read: ${(err as Error).message}`);
  }
}

/** A secret the caller cannot work without; the message names both ways to give it. */
export function requireSecret(config: Config, name: SecretKey): string {
  const value = config[name];
  if (!value) throw new Error(`${name} is not set: give it in the environment or as a file in ${name}_FILE`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const withSecrets: NodeJS.ProcessEnv = { ...env };
  for (const name of SECRET_KEYS) withSecrets[name] = readSecret(env, name);
  // the rotated Zalo token is read from its file at each send, unless the token itself was given
  if (env.ZALO_OA_ACCESS_TOKEN) delete withSecrets.ZALO_OA_ACCESS_TOKEN_FILE;
  const parsed = configSchema.safeParse(withSecrets);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
