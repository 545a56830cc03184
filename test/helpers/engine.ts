import type { Camunda8 } from '@camunda8/sdk';
import { createCamunda, instanceTree, withWebappSession } from '../../core/adapters/camunda';
import { testConfig } from './fixtures';

/**
 * Helpers for tests that run on the real Camunda 8.6 of the local stack (stack/lib/camunda.sh):
 * the broker's REST API for user tasks and the engine clock, Operate for instance state.
 * In 8.6 the /v2 search endpoints are an alpha: user-task items carry `key` and `elementId`, and
 * the element id is matched here rather than trusted as a filter.
 */
const restAddress = () => process.env.ZEEBE_REST_ADDRESS ?? 'http://localhost:8080';
const managementAddress = () => process.env.CAMUNDA_MANAGEMENT_URL ?? 'http://localhost:9600';

export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
}

/** One call to the broker's REST API (ZEEBE_REST_ADDRESS); a non-2xx answer throws with its body. */
export async function rest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(new URL(path, restAddress()), {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface UserTask { key: string; elementId: string; state: string; processInstanceKey: string; assignee?: string; creationDate?: string }

/** One client for Operate, for the helpers that take no Camunda8 of their own. */
let operateClient: Camunda8 | undefined;
const operateOf = () => (operateClient ??= createCamunda(testConfig()));

/**
 * User tasks of a dossier's process instance (in one state, if given), as the engine's user-task search
 * sees them: its own and those of the shared sub-processes its call activities ran (bpmn/shared/).
 */
export async function userTasksOf(processInstanceKey: string, state?: 'CREATED' | 'COMPLETED'): Promise<UserTask[]> {
  const keys = await instanceTree(operateOf(), processInstanceKey);
  const pages = await Promise.all(keys.map((key) => rest<{ items: Array<Record<string, unknown>> }>('POST', '/v2/user-tasks/search', {
    filter: { processInstanceKey: Number(key), ...(state ? { state } : {}) }, page: { limit: 50 },
  })));
  return pages.flatMap((res) => res.items).map((i) => ({
    key: String(i.key), elementId: String(i.elementId), state: String(i.state), processInstanceKey: String(i.processInstanceKey),
    assignee: (i.assignee as string | undefined) ?? undefined, creationDate: i.creationDate as string | undefined,
  }));
}

/** Open (CREATED) user tasks of one process instance. */
export const openUserTasks = (processInstanceKey: string) => userTasksOf(processInstanceKey, 'CREATED');

/** Waits for the instance's user task `elementId` in `state` (the search trails the engine by ~2 s). */
export function waitForUserTask(processInstanceKey: string, elementId: string, state: 'CREATED' | 'COMPLETED', timeoutMs = 60_000): Promise<UserTask> {
  return eventually(`user task ${elementId} of ${processInstanceKey} in state ${state}`,
    async () => (await userTasksOf(processInstanceKey, state)).find((t) => t.elementId === elementId), timeoutMs);
}

/** Wait for the instance's open task `elementId`, then complete it with what its form would submit. */
export async function completeUserTask(processInstanceKey: string, elementId: string, variables: Record<string, unknown>, timeoutMs = 60_000): Promise<UserTask> {
  const task = await waitForUserTask(processInstanceKey, elementId, 'CREATED', timeoutMs);
  await rest('POST', `/v2/user-tasks/${task.key}/completion`, { variables });
  return task;
}

/** The instance's state in Operate (ACTIVE, COMPLETED, CANCELED), once imported. */
export async function operateState(c8: Camunda8, processInstanceKey: string): Promise<string | undefined> {
  const res = await withWebappSession(c8, () => c8.getOperateApiClient().searchProcessInstances({ filter: { key: processInstanceKey }, size: 1 }));
  return res.items[0]?.state;
}

export async function waitForOperateState(c8: Camunda8, processInstanceKey: string, state: string, timeoutMs = 120_000): Promise<void> {
  await eventually(`process instance ${processInstanceKey} ${state} in Operate`,
    async () => ((await operateState(c8, processInstanceKey)) === state ? true : undefined), timeoutMs);
}

/**
 * Flow nodes Operate recorded for the instance and the shared sub-processes its call activities ran
 * (element id → states seen, in the order Operate lists them).
 */
export async function operateFlowNodes(c8: Camunda8, processInstanceKey: string): Promise<Map<string, string[]>> {
  const keys = await instanceTree(c8, processInstanceKey);
  const nodes = new Map<string, string[]>();
  for (const key of keys) {
    const res = await withWebappSession(c8, () => c8.getOperateApiClient().searchFlownodeInstances({ filter: { processInstanceKey: key as never }, size: 200 }));
    for (const n of res.items as unknown as Array<{ flowNodeId: string; state: string }>) nodes.set(n.flowNodeId, [...(nodes.get(n.flowNodeId) ?? []), n.state]);
  }
  return nodes;
}

/**
 * Wait until Operate shows these element ids with exactly these states (its flow-node import can
 * trail the instance's own state by a moment).
 */
export async function waitForFlowNodes(c8: Camunda8, processInstanceKey: string, expected: Record<string, string[] | undefined>, timeoutMs = 30_000): Promise<Map<string, string[]>> {
  let last = new Map<string, string[]>();
  try {
    return await eventually(`flow nodes ${JSON.stringify(expected)} of ${processInstanceKey}`, async () => {
      last = await operateFlowNodes(c8, processInstanceKey);
      const all = Object.entries(expected).every(([id, states]) => JSON.stringify(last.get(id)) === JSON.stringify(states));
      return all ? last : undefined;
    }, timeoutMs);
  } catch (err) {
    throw new Error(`${(err as Error).message}; Operate shows ${JSON.stringify(Object.fromEntries(last))}`);
  }
}

/**
 * Engine time for deadlines and reminders: moves the broker's clock FORWARD by `ms` and keeps it
 * running from there (the local broker runs with zeebe.clock.controlled=true), then makes the
 * engine look at its timers again. Moving the actor clock alone does not: a timer due in 48 hours
 * stays scheduled on the old timeline until something re-arms the due-date checker (seen when the
 * engine was otherwise idle). The engine's own clock command does, so the clock is pinned a moment
 * ahead and released at once; released, it goes on from the moved actor clock, never backwards.
 */
export async function advanceEngineClock(ms: number): Promise<number> {
  if (!(ms > 0)) throw new Error('the engine clock only moves forward');
  const res = await fetch(new URL('/actuator/clock/add', managementAddress()), {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMilli: ms }),
  });
  if (!res.ok) throw new Error(`could not move the engine clock: ${res.status} ${await res.text()}`);
  await rest('PUT', '/v2/clock', { timestamp: (await engineNow()) + 100 });
  await new Promise((r) => setTimeout(r, 200));
  await rest('POST', '/v2/clock/reset');
  return engineNow();
}

/** The engine's current time (ms since the epoch). */
export async function engineNow(): Promise<number> {
  const res = await fetch(new URL('/actuator/clock', managementAddress()));
  if (!res.ok) throw new Error(`could not read the engine clock: ${res.status}`);
  const body = (await res.json()) as { epochMilli?: number; instant?: string };
  return body.epochMilli ?? Date.parse(String(body.instant));
}
