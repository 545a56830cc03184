import { createCamunda, withWebappSession } from '../../core/adapters/camunda';
import { isTimestampFixInstalled, TASKLIST_LIST_VIEW_INDEX } from '../../stack/opensearch/tasklist-timestamp-fix';
import { engineNow, eventually, rest } from '../helpers/engine';
import { testConfig } from '../helpers/fixtures';

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

const c8 = createCamunda(testConfig());
const opensearchUrl = (process.env.OPENSEARCH_URL ?? 'http://localhost:9200').replace(/\/+$/, '');
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

describe('Tasklist keeps importing user tasks stamped on whole seconds (camunda/camunda#27237)', () => {
  jest.setTimeout(180_000);

  let lastPin: number | undefined;
  const started: string[] = [];

  /** Pins the engine clock to the next whole second at least 1 s ahead of engine time and of the last pin. */
  async function pinNextWholeSecond(): Promise<number> {
    const floor = Math.max((await engineNow()) + 1_000, (lastPin ?? 0) + 1_000);
    const at = Math.ceil(floor / 1_000) * 1_000;
    await rest('PUT', '/v2/clock', { timestamp: at });
    lastPin = at;
    return at;
  }

  /** Waits until the engine's running time has passed the last pin, then resets: never a step back. */
  async function resetClockSafely(): Promise<void> {
    if (lastPin === undefined) return;
    const waitMs = lastPin + 250 - (await engineNow());
    if (waitMs > 0) await new Promise((r) => setTimeout(r, Math.min(waitMs, 10_000)));
    await rest('POST', '/v2/clock/reset');
    lastPin = undefined;
  }

  async function startInstance(): Promise<string> {
    const res = await rest<{ processInstanceKey: number | string }>('POST', '/v2/process-instances', { processDefinitionId: PROCESS_ID });
    const key = String(res.processInstanceKey);
    started.push(key);
    return key;
  }

  /** The user task's key from the exporter's records (independent of Tasklist, which may be stuck). */
  async function taskKeyOf(processInstanceKey: string): Promise<string> {
    return eventually(`user task of instance ${processInstanceKey} exported to ${recordPrefix}_user-task_*`, async () => {
      const res = await fetch(`${opensearchUrl}/${recordPrefix}_user-task_*/_search`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ size: 1, query: { bool: { filter: [{ term: { 'value.processInstanceKey': processInstanceKey } }, { term: { intent: 'CREATED' } }] } } }),
      });
      if (!res.ok) throw new Error(`record search answered ${res.status}`);
      const hit = ((await res.json()) as { hits: { hits: Array<{ _source: { key: number | string } }> } }).hits.hits[0];
      return hit ? String(hit._source.key) : undefined;
    }, 20_000);
  }

  async function complete(taskKey: string): Promise<void> {
    await rest('POST', `/v2/user-tasks/${taskKey}/completion`, {});
  }

  async function v2State(processInstanceKey: string): Promise<string | undefined> {
    const res = await rest<{ items: Array<{ key: number | string; state: string }> }>('POST', '/v2/user-tasks/search', {
      filter: { processInstanceKey: Number(processInstanceKey) },
    });
    return res.items[0]?.state;
  }

  async function v1State(processInstanceKey: string): Promise<string | undefined> {
    const tasks = await withWebappSession(c8, () => c8.getTasklistApiClient().searchTasks({ processInstanceKey }));
    return tasks[0]?.taskState;
  }

  beforeAll(async () => {
    await c8.getCamundaRestClient().deployResources([{ content: BPMN, name: `${PROCESS_ID}.bpmn` }]);
  });

  afterAll(async () => {
    try {
      await resetClockSafely();
    } finally {
      for (const key of started) {
        await rest('POST', `/v2/process-instances/${key}/cancellation`).catch(() => undefined);
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
    await eventually(`baseline task of ${baseline} in the v2 search`, async () => ((await v2State(baseline)) === 'CREATED' ? true : undefined), VISIBLE_WITHIN_MS);

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
      await eventually(`user task of instance ${key} ${state} in the v2 user-task search (Tasklist importer stuck?)`,
        async () => ((await v2State(key)) === state ? true : undefined), VISIBLE_WITHIN_MS);
      await eventually(`user task of instance ${key} ${state} in Tasklist's v1 task search`,
        async () => ((await v1State(key)) === state ? true : undefined), VISIBLE_WITHIN_MS);
    }
  });
});
