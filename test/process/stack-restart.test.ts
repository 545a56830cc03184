import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { instanceTree, withWebappSession } from '../../core/adapters/camunda';
import { useTestDatabase } from '../helpers/db';
import { completeUserTask, eventually, openUserTasks, waitForFlowNodes, waitForOperateState } from '../helpers/engine';
import { useDossierWorld } from '../helpers/dossier-world';
import { birthRegistration, birthRegistrationScans } from '../helpers/fixtures';
import { bearer, COMMUNE_DESK } from '../helpers/staff';

/**
 * The local stack keeps its state across a stop and a start: after `stack.sh restart camunda`
 * (Operate + Tasklist, the broker and OpenSearch stopped gracefully, then started again) the
 * deployed process, the running instance, its open task and Operate's history are all still
 * there, and the task opened before the restart completes after it.
 */
useTestDatabase();
jest.setTimeout(420_000);

const { c8, app } = useDossierWorld('restart-test');
const stackScript = path.resolve(__dirname, '../../stack/stack.sh');

/** The open tasks Tasklist lists for the dossier's instance and the shared sub-processes it called. */
async function tasklistSees(processInstanceKey: string): Promise<string[]> {
  const keys = await instanceTree(c8, processInstanceKey);
  const tasks = await Promise.all(keys.map((k) => withWebappSession(c8, () => c8.getTasklistApiClient().searchTasks({ processInstanceKey: k, state: 'CREATED' }))));
  return tasks.flat().map((t) => t.taskDefinitionId);
}

it('when Camunda and OpenSearch are stopped and started again, then processes, instances, open tasks and history are all still there', async () => {
  const scans = await birthRegistrationScans();
  const submitted = await request(app).post('/api/dossiers').set('Authorization', await bearer(COMMUNE_DESK))
    .field('data', JSON.stringify(birthRegistration({ applicant: { idType: 'CCCD', idNumber: '001203005555', fullName: 'Võ Đặng Ngọc Giang' } })))
    .attach('to-khai', scans.toKhai, 'to-khai.pdf').attach('giay-chung-sinh', scans.giayChungSinh, 'giay-chung-sinh.pdf');
  expect(submitted.status).toBe(201);
  const code = (submitted.body as { code: string }).code;
  const key = await eventually('instance key', async () => (await request(app).get(`/api/dossiers/${code}`).set('Authorization', await bearer(COMMUNE_DESK))).body.processInstanceKey as string | undefined);
  const task = await eventually('check-components', async () => (await openUserTasks(key)).find((t) => t.elementId === 'check-components'));
  expect(await eventually('Tasklist shows the task', async () => ((await tasklistSees(key)).includes('check-components') ? true : undefined))).toBe(true);
  await waitForFlowNodes(c8, key, { 'check-portal-account': ['COMPLETED'], 'check-components': ['ACTIVE'] });

  // the API's Operate session from before the restart is gone afterwards; it must log in again
  const { stdout } = await promisify(execFile)('bash', [stackScript, 'restart', 'camunda'], { timeout: 360_000, env: { ...process.env, NO_COLOR: '1' } });
  expect(stdout).toMatch(/webapps: up in/);

  // deployed process: the same definition is still there
  const definitions = await eventually('process definitions', async () => {
    const res = await withWebappSession(c8, () => c8.getOperateApiClient().searchProcessDefinitions({ filter: { bpmnProcessId: 'birth-registration' }, size: 100 }));
    return res.items.length > 0 ? res.items : undefined;
  });
  expect(definitions.length).toBeGreaterThan(0);
  // running instance, Operate history and the open task, unchanged
  await waitForOperateState(c8, key, 'ACTIVE');
  await waitForFlowNodes(c8, key, { 'check-portal-account': ['COMPLETED'], 'check-components': ['ACTIVE'] });
  const after = await eventually('the same open task', async () => (await openUserTasks(key)).find((t) => t.elementId === 'check-components'));
  expect(after.key).toBe(task.key);
  expect(await eventually('Tasklist still shows it', async () => ((await tasklistSees(key)).includes('check-components') ? true : undefined))).toBe(true);

  // the task opened before the restart completes after it, and the process goes on
  await completeUserTask(key, 'check-components', { componentsDecision: 'accept', componentsNote: 'Đủ thành phần' });
  await eventually('review-dossier after the restart', async () => (await openUserTasks(key)).find((t) => t.elementId === 'review-dossier'), 90_000);
  await waitForFlowNodes(c8, key, { 'check-components': ['COMPLETED'], 'save-to-warehouse': ['COMPLETED'], 'review-dossier': ['ACTIVE'] });
});
