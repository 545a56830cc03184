import { createCamunda } from '../../core/adapters/camunda';
import { advanceEngineClock, engineNow, eventually, openUserTasks, waitForFlowNodes, waitForOperateState } from '../helpers/engine';
import { testConfig } from '../helpers/fixtures';

/**
 * Engine time for deadlines: a step with a 48-hour deadline (an interrupting timer on a user task,
 * the shape the legal deadlines and reminders take) reaches its escalation as soon as the test
 * moves the engine's clock past it, without waiting two days. Time only moves forward.
 */
jest.setTimeout(120_000);

const c8 = createCamunda(testConfig());
const diagram = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="test-engine-clock-definitions" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="test-engine-clock" name="Kiểm thử đồng hồ máy" isExecutable="true">
    <bpmn:startEvent id="started"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="started" targetRef="review-within-deadline" />
    <bpmn:userTask id="review-within-deadline" name="Thẩm định trong hạn">
      <bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review-within-deadline" targetRef="done-in-time" />
    <bpmn:endEvent id="done-in-time"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:boundaryEvent id="deadline-passed" attachedToRef="review-within-deadline">
      <bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT48H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="deadline-passed" targetRef="escalated" />
    <bpmn:endEvent id="escalated"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

it('when the engine clock moves 49 hours forward, then a 48-hour deadline fires and the instance escalates at once', async () => {
  const rest = c8.getCamundaRestClient();
  await rest.deployResources([{ content: diagram, name: 'test-engine-clock.bpmn' }]);
  const { processInstanceKey } = await rest.createProcessInstance({ processDefinitionId: 'test-engine-clock', variables: {} });
  const key = String(processInstanceKey);
  // the task exists, so its deadline timer is scheduled (48 h of engine time from now)
  await eventually('the user task', async () => (await openUserTasks(key)).find((t) => t.elementId === 'review-within-deadline'));

  const before = await engineNow();
  const after = await advanceEngineClock(49 * 3600 * 1000);
  expect(after - before).toBeGreaterThanOrEqual(49 * 3600 * 1000);
  await expect(advanceEngineClock(-1000)).rejects.toThrow(/only moves forward/);

  const started = Date.now();
  await waitForOperateState(c8, key, 'COMPLETED', 60_000);
  expect(Date.now() - started).toBeLessThan(60_000);
  await waitForFlowNodes(c8, key, { 'deadline-passed': ['COMPLETED'], escalated: ['COMPLETED'], 'done-in-time': undefined, 'review-within-deadline': ['TERMINATED'] });
});
