import type { Express } from 'express';
import request from 'supertest';
import type { RemoteSigningSimulator } from '../../stack/simulators/remote-signing';
import { eventually, waitForUserTask } from './engine';
import { bearer } from './staff';

export type LeaderDecision = { decision: 'approve' } | { decision: 'return'; opinion: string };

/**
 * The leader, logged in, opens the current draft and decides on it through the API; the answer once
 * the approval task took it (202), or the refusal of the draft's route (e.g. 404 for another agency).
 */
export async function leaderDecides(app: Express, code: string, key: string, decision: LeaderDecision, username: string): Promise<request.Response> {
  await waitForUserTask(key, 'approve-result', 'CREATED');
  const draft = await request(app).get(`/api/dossiers/${code}/draft`).set('Authorization', await bearer(username));
  if (draft.status !== 200) return draft;
  expect(draft.type).toBe('application/pdf');
  const body = decision.decision === 'approve' ? { ...decision, draftSha256: draft.headers['x-draft-sha256'] } : decision;
  // Tasklist's search trails the engine by ~2 s: until it shows the new task (and not the one just
  // completed) the API answers 409, as it would to a leader clicking too early
  return eventually('approval taken', async () => {
    const res = await request(app).post(`/api/dossiers/${code}/approval`).set('Authorization', await bearer(username)).send(body);
    return res.status === 409 ? undefined : res;
  });
}

/** The signing request of this dossier waiting on the leader's phone (other than those in `seen`). */
export function pendingRequestOf(signing: RemoteSigningSimulator, leaderId: string, code: string, seen: string[] = []) {
  return eventually(`signing request of ${code}`, async () =>
    signing.transactions().find((t) => t.userId === leaderId && t.status === 'pending' && t.transactionId.startsWith(`${code}:`) && !seen.includes(t.tranId)));
}

/** The leader answers on the phone (the simulator's app API, as SmartCA's app would); the HTTP status. */
export async function phone(signingUrl: string, tranId: string, answer: 'confirm' | 'reject', userId: string, pin = '123456'): Promise<number> {
  const res = await fetch(`${signingUrl}/app/transactions/${tranId}/${answer}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: userId, pin }),
  });
  return res.status;
}
