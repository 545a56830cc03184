import { createCamunda, withWebappSession } from '../../core/adapters/camunda';
import { loadConfig } from '../../core/config';

/**
 * How long staff wait between completing a task and seeing the next one in Tasklist, on the running
 * local stack: a two-step process (two Camunda user tasks in a row) is started N times; for each
 * instance the first task is completed through the broker's REST API (what Tasklist's button
 * calls) and the clock runs until Tasklist's own /v1 search lists the second task.
 * Prints every sample and the median, p90 and max, in ms.
 *
 *   node --import tsx stack/bench/task-latency.ts [instances=20]
 */
const diagram = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="bench-task-latency-definitions" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="bench-task-latency" name="Đo độ trễ giữa hai bước" isExecutable="true">
    <bpmn:startEvent id="started"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="started" targetRef="first-step" />
    <bpmn:userTask id="first-step"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="first-step" targetRef="next-step" />
    <bpmn:userTask id="next-step"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="next-step" targetRef="done" />
    <bpmn:endEvent id="done"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 20);
  const config = loadConfig();
  const c8 = createCamunda(config);
  const rest = c8.getCamundaRestClient();
  const tasklist = c8.getTasklistApiClient();
  await rest.deployResources([{ content: diagram, name: 'bench-task-latency.bpmn' }]);

  const openTask = async (processInstanceKey: string, id: string) => {
    const tasks = await withWebappSession(c8, () => tasklist.searchTasks({ processInstanceKey, state: 'CREATED' }));
    return tasks.find((t) => t.taskDefinitionId === id);
  };
  const until = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const { processInstanceKey } = await rest.createProcessInstance({ processDefinitionId: 'bench-task-latency', variables: {} });
    const key = String(processInstanceKey);
    const first = await until(() => openTask(key, 'first-step'));
    const completedAt = Date.now();
    await rest.completeUserTask({ userTaskKey: first.id });
    await until(() => openTask(key, 'next-step'));
    const ms = Date.now() - completedAt;
    samples.push(ms);
    console.log(`instance ${i + 1}/${n}: next task in Tasklist after ${ms} ms`);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(`completion → next task visible in Tasklist, ${n} instances: median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${sorted[sorted.length - 1]} ms`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
