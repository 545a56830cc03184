import { Camunda8 } from '@camunda8/sdk';
import type { AuthHeader, IHeadersProvider, TokenGrantAudienceType } from '@camunda8/sdk/dist/oauth/lib/IHeadersProvider';
import type { IInputVariables } from '@camunda8/sdk/dist/zeebe/types';
import type { Config } from '../config';

type CookieSettings = Pick<Config, 'CAMUNDA_COOKIE_AUTH_URL' | 'CAMUNDA_COOKIE_AUTH_USERNAME' | 'CAMUNDA_COOKIE_AUTH_PASSWORD'>;

/**
 * Login to Operate and Tasklist 8.6 with their own users (no Identity locally), for their /v1 APIs
 * only. Unlike the SDK's COOKIE strategy it sends nothing to the broker (so job workers and the
 * REST API never depend on the web apps being up) and it logs in again when the session is gone
 * (the web apps were restarted): see withWebappSession.
 */
export class WebappSession implements IHeadersProvider {
  private cookie: Promise<string> | undefined;
  constructor(private readonly settings: CookieSettings) {}

  async getHeaders(audience: TokenGrantAudienceType): Promise<AuthHeader> {
    if (audience !== 'OPERATE' && audience !== 'TASKLIST') return {};
    this.cookie ??= this.login().catch((err: unknown) => {
      this.cookie = undefined;
      throw err;
    });
    return { cookie: await this.cookie };
  }

  /** Forget the session; the next call logs in again. */
  renew(): void {
    this.cookie = undefined;
  }

  private async login(): Promise<string> {
    const url = new URL(this.settings.CAMUNDA_COOKIE_AUTH_URL);
    url.searchParams.set('username', this.settings.CAMUNDA_COOKIE_AUTH_USERNAME);
    url.searchParams.set('password', this.settings.CAMUNDA_COOKIE_AUTH_PASSWORD);
    const res = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(10_000) });
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]).filter((c): c is string => Boolean(c));
    if (!res.ok || cookies.length === 0) throw new Error(`login to ${url.origin}${url.pathname} failed: HTTP ${res.status}`);
    return cookies.join('; ');
  }
}

const sessions = new WeakMap<Camunda8, WebappSession>();

/**
 * Runs a call to Operate or Tasklist; when it answers 401 (its session ended, e.g. it restarted)
 * logs in again and retries once.
 */
export async function withWebappSession<T>(c8: Camunda8, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const session = sessions.get(c8);
    if (!session || (err as { response?: { statusCode?: number } })?.response?.statusCode !== 401) throw err;
    session.renew();
    return call();
  }
}

/**
 * The engine as the API and the tooling see it, on Camunda 8.6, through @camunda8/sdk:
 *  - writes (start by message, cancel, user tasks) go to the broker's REST API v2;
 *  - reads of process instances go to Operate's /v1 API (in 8.6 the v2 search endpoints are an
 *    alpha with Operate-style filters and no filter by variable).
 * Job workers use the same client's gRPC side (workers/host.ts).
 */
export function createCamunda(config: Config): Camunda8 {
  const session = config.CAMUNDA_AUTH_STRATEGY === 'COOKIE' ? new WebappSession(config) : undefined;
  const c8 = new Camunda8({
    ZEEBE_GRPC_ADDRESS: config.ZEEBE_GRPC_ADDRESS,
    ZEEBE_REST_ADDRESS: config.ZEEBE_REST_ADDRESS,
    CAMUNDA_OPERATE_BASE_URL: config.CAMUNDA_OPERATE_BASE_URL,
    CAMUNDA_TASKLIST_BASE_URL: config.CAMUNDA_TASKLIST_BASE_URL,
    CAMUNDA_AUTH_STRATEGY: config.CAMUNDA_AUTH_STRATEGY,
    CAMUNDA_OAUTH_DISABLED: config.CAMUNDA_AUTH_STRATEGY === 'NONE',
    CAMUNDA_COOKIE_AUTH_URL: config.CAMUNDA_COOKIE_AUTH_URL,
    CAMUNDA_COOKIE_AUTH_USERNAME: config.CAMUNDA_COOKIE_AUTH_USERNAME,
    CAMUNDA_COOKIE_AUTH_PASSWORD: config.CAMUNDA_COOKIE_AUTH_PASSWORD,
    CAMUNDA_LOG_LEVEL: 'error',
    ...(session ? { oAuthProvider: session } : {}),
  });
  if (session) sessions.set(c8, session);
  return c8;
}

export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | 'UNKNOWN';

/** The message that starts a procedure's process: its BPMN message start event catches this name. */
export const startMessageName = (processId: string) => `${processId}.dossier-received`;

export interface Engine {
  /**
   * Start the process of a dossier by publishing its start message, correlation key and message
   * id both the dossier code. The engine keeps it to one instance per dossier: while the message
   * is remembered (PROCESS_START_DEDUP_MS) a second publish is refused, and a message start event
   * never opens a second active instance for the same correlation key. `alreadyStarted` says the
   * engine refused a repeat.
   */
  startDossierProcess(processId: string, dossierCode: string, variables: Record<string, unknown>): Promise<{ alreadyStarted: boolean }>;
  /**
   * The root instance of `processId` started for this dossier, as far as Operate has imported it: found
   * by the `dossierRef` start variable (the dossier's database id), which, unlike the code, no other
   * dossier ever had — test databases restart the daily sequence, so codes repeat on a shared engine.
   * The running instance first when an agency ran the process more than once.
   */
  findInstanceOfDossier(processId: string, dossier: { ref: string }): Promise<string | undefined>;
  /** undefined when Operate has not seen the instance (yet). */
  findProcessInstance(processInstanceKey: string): Promise<{ state: ProcessInstanceState; startDate?: string; endDate?: string } | undefined>;
  isUp(): Promise<boolean>;
  /** The open task `elementId` of an instance, from Tasklist (which trails the engine by ~2 s). */
  findOpenUserTask(processInstanceKey: string, elementId: string): Promise<{ key: string; assignee?: string } | undefined>;
  /**
   * Assign the task to the person acting and complete it with variables, as they would in Tasklist.
   * 'gone': the task was completed or cancelled meanwhile (someone else was faster).
   */
  completeUserTaskAs(userTaskKey: string, assignee: string, variables: Record<string, unknown>): Promise<'completed' | 'gone'>;
  /** Publish a message once: a second publish with the same id is reported, not delivered again. */
  publishMessageOnce(message: { name: string; correlationKey: string; messageId: string; timeToLiveMs: number; variables?: Record<string, unknown> }): Promise<{ duplicate: boolean }>;
}

export function createEngine(c8: Camunda8, config: Pick<Config, 'ZEEBE_REST_ADDRESS' | 'PROCESS_START_DEDUP_MS'>): Engine {
  const rest = c8.getCamundaRestClient();
  const operate = c8.getOperateApiClient();
  return {
    async startDossierProcess(processId, dossierCode, variables) {
      try {
        await rest.publishMessage({
          name: startMessageName(processId), correlationKey: dossierCode, messageId: dossierCode,
          timeToLive: config.PROCESS_START_DEDUP_MS, variables: variables as IInputVariables,
        });
        return { alreadyStarted: false };
      } catch (err) {
        if (isAlreadyExists(err)) return { alreadyStarted: true };
        throw err;
      }
    },
    async findInstanceOfDossier(processId, { ref }) {
      const res = await withWebappSession(c8, () => operate.searchVariables({ filter: { name: 'dossierRef', value: JSON.stringify(ref) }, size: 50 }));
      // a variable of the instance's own root scope, not a copy in a sub-process or call activity
      const candidates = res.items.filter((v) => String(v.scopeKey) === String(v.processInstanceKey)).map((v) => String(v.processInstanceKey));
      // an agency may run a process for the dossier more than once (a returned submission sent again): the running one first
      let ended: string | undefined;
      for (const key of candidates) {
        const instance = await withWebappSession(c8, () => operate.getProcessInstance(key)).catch(() => undefined);
        if (!instance || instance.bpmnProcessId !== processId || instance.parentKey) continue;
        if (instance.state === 'ACTIVE') return key;
        ended ??= key;
      }
      return ended;
    },
    async findProcessInstance(processInstanceKey) {
      const res = await withWebappSession(c8, () => operate.searchProcessInstances({ filter: { key: processInstanceKey }, size: 1 }));
      const item = res.items[0];
      if (!item) return undefined;
      const state: ProcessInstanceState = item.state === 'CANCELED' ? 'TERMINATED' : item.state === 'ACTIVE' || item.state === 'COMPLETED' ? item.state : 'UNKNOWN';
      return { state, startDate: item.startDate, endDate: item.endDate ?? undefined };
    },
    async findOpenUserTask(processInstanceKey, elementId) {
      const inInstance = async (key: string) => {
        const tasks = await withWebappSession(c8, () => c8.getTasklistApiClient().searchTasks({
          state: 'CREATED', processInstanceKey: key, taskDefinitionId: elementId, pageSize: 5,
        } as never));
        const task = (tasks as unknown as Array<{ id: string; assignee?: string | null }>)[0];
        return task ? { key: String(task.id), ...(task.assignee ? { assignee: task.assignee } : {}) } : undefined;
      };
      // the dossier's own instance first; then the shared sub-processes its call activities run (bpmn/shared/)
      const own = await inInstance(processInstanceKey);
      if (own) return own;
      for (const key of (await instanceTree(c8, processInstanceKey, { activeOnly: true })).slice(1)) {
        const task = await inInstance(key);
        if (task) return task;
      }
      return undefined;
    },
    async completeUserTaskAs(userTaskKey, assignee, variables) {
      try {
        await rest.assignUserTask({ userTaskKey, assignee, allowOverride: true });
        await rest.completeUserTask({ userTaskKey, variables });
        return 'completed';
      } catch (err) {
        // 404: no such open task any more; 409: it is being completed by someone else
        const status = (err as { response?: { statusCode?: number } }).response?.statusCode;
        if (status === 404 || status === 409) return 'gone';
        throw err;
      }
    },
    async publishMessageOnce({ name, correlationKey, messageId, timeToLiveMs, variables }) {
      try {
        await rest.publishMessage({ name, correlationKey, messageId, timeToLive: timeToLiveMs, variables: (variables ?? {}) as IInputVariables });
        return { duplicate: false };
      } catch (err) {
        if (isAlreadyExists(err)) return { duplicate: true };
        throw err;
      }
    },
    /** One quick look at the topology, without the SDK's retries: health checks must answer fast. */
    async isUp() {
      try {
        const res = await fetch(new URL('/v2/topology', config.ZEEBE_REST_ADDRESS), { signal: AbortSignal.timeout(1500) });
        // any answer below 500 means the engine is there (401 when its API is protected)
        return res.status < 500;
      } catch {
        return false;
      }
    },
  };
}

/**
 * An instance and the instances its call activities started, and theirs (a shared sub-process may call
 * another), as Operate has imported them: the root first, then breadth first. `activeOnly` leaves out
 * finished children (and so their own children).
 */
export async function instanceTree(c8: Camunda8, rootKey: string, options: { activeOnly?: boolean } = {}): Promise<string[]> {
  const operate = c8.getOperateApiClient();
  const keys = [rootKey];
  for (let i = 0; i < keys.length && keys.length < MAX_INSTANCE_TREE; i++) {
    const children = await withWebappSession(c8, () => operate.searchProcessInstances({
      filter: { parentKey: keys[i], ...(options.activeOnly ? { state: 'ACTIVE' } : {}) } as never, size: 50,
    }));
    keys.push(...children.items.map((c) => String(c.key)));
  }
  return keys;
}
/** A dossier's instance with more called instances than this is a modelling error, not a tree to walk. */
const MAX_INSTANCE_TREE = 200;

/** The engine's answer to a message id it already holds: HTTP 409, title ALREADY_EXISTS. */
function isAlreadyExists(err: unknown): boolean {
  const e = err as { response?: { statusCode?: number; body?: unknown }; message?: string } | undefined;
  if (e?.response?.statusCode === 409) return true;
  return typeof e?.message === 'string' && e.message.includes('ALREADY_EXISTS');
}
