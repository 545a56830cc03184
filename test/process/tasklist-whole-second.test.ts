import { isTimestampFixInstalled, TASKLIST_LIST_VIEW_INDEX } from '../../stack/opensearch/tasklist-timestamp-fix';

/**
 * Regression test for camunda/camunda#27237 on the local stack (Camunda 8.6.0 + OpenSearch):
 * Tasklist 8.6.0 writes user-task times that fall exactly on a whole second as `…:46Z` (no
 * fraction) into its list-view index, OpenSearch's `date_time` format rejects them, and the Tasklist importer
 * retries that batch forever — every later task stays invisible in Tasklist and in the v2
 * user-task search. stack/opensearch/tasklist-timestamp-fix.ts installs the storage-side fix.
 *
 * The test pins the engine clock (PUT /v2/clock) to three increasing whole seconds, creates and
 * completes user tasks there (a task created on a whole second = upsert of `creationTime`; an
 * existing task completed on a whole second = partial update of `completionTime`), then creates
 * tasks at normal times and requires all of them to show up in both searches in bounded time.
 * Without the fix it fails (the later tasks never appear).
 *
 * Clock discipline: each pin is only a little ahead of the engine's own time, increasing, and the
 * clock is reset (POST /v2/clock/reset) only once the engine's running time has passed the last
 * pin, so neither a pin nor the reset is ever a step back. When the broker runs with
 * `zeebe.clock.controlled=true` (the local stack), the engine's time may be ahead of the wall clock
 * (tests move it forward through the actuator): it is read from CAMUNDA_MANAGEMENT_URL
 * (/actuator/clock) when available. While pinned, engine time stands still (a few seconds in all),
 * so do not run this in parallel with other tests on the same engine. (A reset that is a step back
 * did not stall export or import in a trial on this stack, but the test does not rely on that.)
 */

const restUrl = (process.env.ZEEBE_REST_ADDRESS ?? 'http://localhost:8080').replace(/\/+$/, '');
const tasklistUrl = (process.env.CAMUNDA_TASKLIST_BASE_URL ?? 'http://localhost:8081').replace(/\/+$/, '');
const opensearchUrl = (process.env.OPENSEARCH_URL ?? 'http://localhost:9200').replace(/\/+$/, '');
const managementUrl = (process.env.CAMUNDA_MANAGEMENT_URL ?? 'http://localhost:9600').replace(/\/+$/, '');
const recordPrefix = process.env.ZEEBE_RECORD_PREFIX ?? 'zeebe-record';

const PROCESS_ID = 'test-whole-second-tasks';
const VISIBLE_WITHIN_MS = 30_000;

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs-${PROCESS_ID}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${PROCESS_ID}" name="Whole-second user tasks (test)" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="toTask" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="Review">
      <bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="toEnd" sourceRef="review" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>
`;

async function call<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      throw new Error(`not within ${timeoutMs} ms: ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Engine time minus wall time: 0 unless the broker's controlled clock was moved forward. */
async function engineClockOffset(): Promise<number> {
  try {
    const res = await fetch(`${managementUrl}/actuator/clock`, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) return 0;
    const body = (await res.json()) as { epochMilli?: number; instant?: string };
    const engine = body.epochMilli ?? Date.parse(String(body.instant));
    return Number.isFinite(engine) ? Math.max(0, engine - Date.now()) : 0;
  } catch {
    return 0;
  }
}

describe('Tasklist keeps importing user tasks stamped on whole seconds (camunda/camunda#27237)', () => {
  jest.setTimeout(180_000);

  let offset = 0;
  let lastPin: number | undefined;
  let cookie = '';
  const started: string[] = [];
  const engineNow = () => Date.now() + offset;

  /** Pins the engine clock to the next whole second at least 1 s ahead of engine time and of the last pin. */
  async function pinNextWholeSecond(): Promise<number> {
    const floor = Math.max(engineNow() + 1_000, (lastPin ?? 0) + 1_000);
    const at = Math.ceil(floor / 1_000) * 1_000;
    await call('PUT', `${restUrl}/v2/clock`, { timestamp: at });
    lastPin = at;
    return at;
  }

  /** Waits until the engine's running time has passed the last pin, then resets: never a step back. */
  async function resetClockSafely(): Promise<void> {
    if (lastPin === undefined) return;
    const waitMs = lastPin + 250 - engineNow();
    if (waitMs > 0) await new Promise((r) => setTimeout(r, Math.min(waitMs, 10_000)));
    await call('POST', `${restUrl}/v2/clock/reset`);
    lastPin = undefined;
  }

  async function startInstance(): Promise<string> {
    const res = await call<{ processInstanceKey: number | string }>('POST', `${restUrl}/v2/process-instances`, { processDefinitionId: PROCESS_ID });
    const key = String(res.processInstanceKey);
    started.push(key);
    return key;
  }

  /** The user task's key from the exporter's records (independent of Tasklist, which may be stuck). */
  async function taskKeyOf(processInstanceKey: string): Promise<string> {
    return waitFor(`user task of instance ${processInstanceKey} exported to ${recordPrefix}_user-task_*`, async () => {
      const res = await call<{ hits: { hits: Array<{ _source: { key: number | string } }> } }>(
        'POST',
        `${opensearchUrl}/${recordPrefix}_user-task_*/_search`,
        { size: 1, query: { bool: { filter: [{ term: { 'value.processInstanceKey': processInstanceKey } }, { term: { intent: 'CREATED' } }] } } },
      );
      const hit = res.hits.hits[0];
      return hit ? String(hit._source.key) : undefined;
    }, 20_000);
  }

  async function complete(taskKey: string): Promise<void> {
    await call('POST', `${restUrl}/v2/user-tasks/${taskKey}/completion`, {});
  }

  async function v2State(processInstanceKey: string): Promise<string | undefined> {
    const res = await call<{ items: Array<{ key: number | string; state: string }> }>('POST', `${restUrl}/v2/user-tasks/search`, {
      filter: { processInstanceKey: Number(processInstanceKey) },
    });
    return res.items[0]?.state;
  }

  async function v1State(processInstanceKey: string): Promise<string | undefined> {
    const res = await call<Array<{ id: string; taskState: string }>>('POST', `${tasklistUrl}/v1/tasks/search`, { processInstanceKey }, { cookie });
    return res[0]?.taskState;
  }

  beforeAll(async () => {
    offset = await engineClockOffset();
    const form = new FormData();
    form.append('resources', new Blob([BPMN], { type: 'application/xml' }), `${PROCESS_ID}.bpmn`);
    const res = await fetch(`${restUrl}/v2/deployments`, { method: 'POST', body: form });
    if (!res.ok) throw new Error(`deployment failed: ${res.status} ${await res.text()}`);
    const login = await fetch(`${tasklistUrl}/api/login?username=demo&password=demo`, { method: 'POST' });
    if (!login.ok) throw new Error(`Tasklist login failed: ${login.status}`);
    cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  });

  afterAll(async () => {
    try {
      await resetClockSafely();
    } finally {
      for (const key of started) {
        await fetch(`${restUrl}/v2/process-instances/${key}/cancellation`, { method: 'POST' }).catch(() => undefined);
      }
    }
  });

  it('has the storage-side fix installed on the Tasklist list-view index', async () => {
    expect(await isTimestampFixInstalled(opensearchUrl, TASKLIST_LIST_VIEW_INDEX)).toBe(true);
  });

  it('shows every task created or completed on whole seconds, and every later task, in both searches', async () => {
    // Baseline at normal engine time: visible before the clock is touched (the stack works).
    const baseline = await startInstance();
    const baselineTask = await taskKeyOf(baseline);
    await waitFor(`baseline task of ${baseline} in the v2 search`, async () => ((await v2State(baseline)) === 'CREATED' ? true : undefined), VISIBLE_WITHIN_MS);

    // Whole second #1: a task created there (upsert with creationTime "…:SSZ"), and an existing
    // task completed there (partial update with completionTime "…:SSZ").
    await pinNextWholeSecond();
    const first = await startInstance();
    await complete(baselineTask);
    const firstTask = await taskKeyOf(first);

    // Whole second #2: the task created on a whole second completed on another whole second.
    await pinNextWholeSecond();
    const second = await startInstance();
    await complete(firstTask);
    const secondTask = await taskKeyOf(second);

    // Whole second #3: once more, after the completions above went through the importer's path.
    await pinNextWholeSecond();
    const third = await startInstance();
    await complete(secondTask);
    await taskKeyOf(third);

    await resetClockSafely();

    // Later tasks at normal times: these are the ones a stuck importer never shows.
    const later = [await startInstance(), await startInstance()];
    await Promise.all(later.map((key) => taskKeyOf(key)));

    const expected: Array<[string, string]> = [
      ...later.map((key): [string, string] => [key, 'CREATED']),
      [baseline, 'COMPLETED'],
      [first, 'COMPLETED'],
      [second, 'COMPLETED'],
      [third, 'CREATED'],
    ];
    for (const [key, state] of expected) {
      await waitFor(`user task of instance ${key} ${state} in the v2 user-task search (Tasklist importer stuck?)`,
        async () => ((await v2State(key)) === state ? true : undefined), VISIBLE_WITHIN_MS);
      await waitFor(`user task of instance ${key} ${state} in Tasklist's v1 task search`,
        async () => ((await v1State(key)) === state ? true : undefined), VISIBLE_WITHIN_MS);
    }
  });
});
