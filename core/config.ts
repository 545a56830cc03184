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
  API_PORT: z.coerce.number().int().min(1).max(65535).default(3000)
    .describe('Port of the dossier API'),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(30 * 1024 * 1024)
    .describe('Largest accepted upload per file (Phú Yên guidance: under 30 MB)'),
  SIGNING_CERT_DIR: z.string().default('.local/certs')
    .describe('Folder with officer.p12, leader.p12, organization.p12 (made by stack/make-dev-certs.ts for local use)'),
  SIGNING_CERT_PASSPHRASE: z.string().default('dev-only')
    .describe('Passphrase of the PKCS#12 files in SIGNING_CERT_DIR'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')
    .describe('pino log level'),
  TZ_OFFSET: z.string().regex(/^[+-]\d{2}:\d{2}$/).default('+07:00')
    .describe('Local offset for dossier codes, working days and stamps (Asia/Ho_Chi_Minh)'),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
