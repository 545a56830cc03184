import request from 'supertest';
import type express from 'express';
import { eventually } from '../helpers/engine';
import { birthRegistration, birthRegistrationScans } from '../helpers/fixtures';
import { bearer, COMMUNE_DESK } from '../helpers/staff';

/**
 * The engine/API side of the browser test: deployment, the dossier submission and the look-ups the
 * officer's browser session needs (which process instance, which user task). Everything about how
 * the API starts a process is in `submitDossier` — the one place to adapt when that changes.
 */


export const webAppsBaseUrl = {
  tasklist: (process.env.CAMUNDA_TASKLIST_BASE_URL ?? 'http://localhost:8081').replace(/\/+$/, ''),
  operate: (process.env.CAMUNDA_OPERATE_BASE_URL ?? 'http://localhost:8081').replace(/\/+$/, ''),
};
export const demoUser = { username: process.env.CAMUNDA_DEMO_USER ?? 'demo', password: process.env.CAMUNDA_DEMO_PASSWORD ?? 'demo' };

/** The task as Tasklist's own API sees it (its form link decides whether the UI shows the form). */
export async function tasklistTask(userTaskKey: string): Promise<{ id: string; name: string; taskState: string; formId: string | null; formKey: string | null; assignee: string | null }> {
  const cookie = await webAppSessionCookie(webAppsBaseUrl.tasklist);
  const res = await fetch(`${webAppsBaseUrl.tasklist}/v1/tasks/${userTaskKey}`, { headers: { cookie, accept: 'application/json' } });
  if (!res.ok) throw new Error(`Tasklist GET /v1/tasks/${userTaskKey} answered ${res.status}`);
  return (await res.json()) as never;
}

/** Session cookie of the Operate/Tasklist web apps (their /v1 APIs accept it). */
export async function webAppSessionCookie(baseUrl: string): Promise<string> {
  const body = new URLSearchParams({ username: demoUser.username, password: demoUser.password });
  const res = await fetch(`${baseUrl}/api/login`, { method: 'POST', body, redirect: 'manual' });
  if (res.status >= 300) throw new Error(`login to ${baseUrl} failed: HTTP ${res.status}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]).filter(Boolean);
  if (cookies.length === 0) throw new Error(`login to ${baseUrl} set no cookie`);
  return cookies.join('; ');
}

export interface SubmittedDossier {
  code: string;
  processInstanceKey: string;
  applicantName: string;
  applicantIdNumber: string;
}

/**
 * Submits a birth-registration dossier through the API (multipart: JSON part + two generated PDF
 * scans) and returns its dossier code and the key of the process instance the API started for it.
 *
 * THE place to adapt when the API's way of starting the process changes. If the answer carries
 * `processInstanceKey` it is used; otherwise (the API publishes a start message correlated by the
 * dossier code and answers before the instance exists) the key is read from GET /api/dossiers/{code}
 * until the API has learnt it (from Operate).
 */
export async function submitDossier(app: express.Express, overrides: Record<string, unknown> = {}): Promise<SubmittedDossier> {
  const data = birthRegistration(overrides);
  const scans = await birthRegistrationScans();
  const submitted = await request(app)
    .post('/api/dossiers')
    .set('Authorization', await bearer(COMMUNE_DESK))
    .field('data', JSON.stringify(data))
    .attach('to-khai', scans.toKhai, 'to-khai.pdf')
    .attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
  // 201: received and its process start requested; 202: received, the engine has not taken the start yet
  if (submitted.status !== 201 && submitted.status !== 202) throw new Error(`POST /api/dossiers answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
  const body = submitted.body as { code?: unknown; processInstanceKey?: unknown };
  if (typeof body.code !== 'string' || body.code === '') throw new Error(`POST /api/dossiers answered without a dossier code: ${JSON.stringify(body)}`);
  const code = body.code;
  const processInstanceKey = body.processInstanceKey != null && body.processInstanceKey !== ''
    ? String(body.processInstanceKey)
    : await eventually(`the process instance of dossier ${code}`, async () => {
        const view = await request(app).get(`/api/dossiers/${encodeURIComponent(code)}`).set('Authorization', await bearer(COMMUNE_DESK));
        const key = (view.body as { processInstanceKey?: unknown }).processInstanceKey;
        return view.status === 200 && key != null && key !== '' ? String(key) : undefined;
      }, 90_000);
  return { code, processInstanceKey, applicantName: data.applicant.fullName, applicantIdNumber: data.applicant.idNumber };
}

export interface UserTaskSummary {
  key: string;
  state: string;
  elementId: string;
  assignee?: string;
  formKey?: string;
}

/**
 * User tasks of one process instance, through the v2 search (8.6: filter by `processInstanceKey`;
 * its items carry `key`, later versions `userTaskKey`).
 */
export async function userTasksOf(processInstanceKey: string): Promise<UserTaskSummary[]> {
  const base = (process.env.ZEEBE_REST_ADDRESS ?? 'http://localhost:8080').replace(/\/+$/, '');
  const res = await fetch(`${base}/v2/user-tasks/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ filter: { processInstanceKey }, page: { limit: 50 } }),
  });
  if (!res.ok) throw new Error(`user-task search answered ${res.status}: ${await res.text()}`);
  const json = (await res.json()) as { items?: Record<string, unknown>[] };
  return (json.items ?? []).map((t) => ({
    key: String(t.userTaskKey ?? t.key),
    state: String(t.state),
    elementId: String(t.elementId),
    assignee: t.assignee == null ? undefined : String(t.assignee),
    formKey: t.formKey == null ? undefined : String(t.formKey),
  }));
}

/** Waits for the instance's user task `elementId` in `state` (the search lags the engine ~2 s). */
export function waitForUserTask(processInstanceKey: string, elementId: string, state: 'CREATED' | 'COMPLETED', timeoutMs = 60_000): Promise<UserTaskSummary> {
  return eventually(`user task ${elementId} of instance ${processInstanceKey} in state ${state}`, async () =>
    (await userTasksOf(processInstanceKey)).find((t) => t.elementId === elementId && t.state === state), timeoutMs);
}
