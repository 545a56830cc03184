import type { Camunda8 } from '@camunda8/sdk';
import request from 'supertest';
import type express from 'express';
import { withWebappSession } from '../../core/adapters/camunda';
import { eventually } from '../helpers/engine';
import { birthRegistration, birthRegistrationScans } from '../helpers/fixtures';
import { bearer, COMMUNE_DESK } from '../helpers/staff';

/**
 * The engine/API side of the browser test: the dossier submission and the Tasklist look-up the
 * officer's browser session needs. Everything about how the API starts a process is in
 * `submitDossier` — the one place to adapt when that changes.
 */
export const webAppsBaseUrl = {
  tasklist: (process.env.CAMUNDA_TASKLIST_BASE_URL ?? 'http://localhost:8081').replace(/\/+$/, ''),
  operate: (process.env.CAMUNDA_OPERATE_BASE_URL ?? 'http://localhost:8081').replace(/\/+$/, ''),
};
/** The web apps' built-in user the officer's browser logs in as (no Identity locally). */
export const demoUser = { username: process.env.CAMUNDA_COOKIE_AUTH_USERNAME ?? 'demo', password: process.env.CAMUNDA_COOKIE_AUTH_PASSWORD ?? 'demo' };

/** The task as Tasklist's own API sees it (its form link decides whether the UI shows the form). */
export async function tasklistTask(c8: Camunda8, userTaskKey: string) {
  return withWebappSession(c8, () => c8.getTasklistApiClient().getTask(userTaskKey));
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
