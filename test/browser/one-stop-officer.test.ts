import type { Browser, Page } from 'playwright-core';
import { findProcedure } from '../../core/data/procedures';
import { instanceTree } from '../../core/adapters/camunda';
import { useTestDatabase } from '../helpers/db';
import { useDossierWorld } from '../helpers/dossier-world';
import { eventually, waitForUserTask, type UserTask } from '../helpers/engine';
import { submitDossier, tasklistTask, webAppsBaseUrl, type SubmittedDossier } from './fixture';
import { launchBrowser, newOfficerPage, OperatePage, screenshot, TasklistPage, visible } from './pages';

/**
 * A one-stop officer (Bộ phận Một cửa) in a real browser: the dossier is submitted through the API
 * (in-process, with the real workers and the portal simulator), then the officer finds its
 * "Kiểm tra thành phần hồ sơ" task in Camunda Tasklist, reads the dossier in the Vietnamese form,
 * assigns the task to herself, accepts the components and completes it; Operate then shows the
 * instance past that task. Headless Debian Chromium driven by playwright-core; screenshots of every
 * step go to .local/artifacts/browser/.
 *
 * Needs the whole local stack (engine, Operate + Tasklist on :8081, the database) and Debian's
 * Chromium (CHROMIUM_PATH, default /usr/bin/chromium; stack.sh deps installs it). Never skipped.
 */


const TASK_NAME = 'Kiểm tra thành phần hồ sơ';

useTestDatabase();

describe('one-stop officer checks a birth-registration dossier in Tasklist and sees it in Operate', () => {
  jest.setTimeout(300_000);

  // the API, the real workers and the portal simulator; diagrams and forms deployed (Tasklist has the forms)
  const { c8, app } = useDossierWorld('browser-test');

  let browser: Browser | undefined;
  let page: Page;
  let tasklist: TasklistPage;
  let operate: OperatePage;

  let dossier: SubmittedDossier | undefined;
  let checkTask: UserTask | undefined;
  let taskOpened = false;
  let taskCompleted = false;
  const shots: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newOfficerPage(browser);
    tasklist = new TasklistPage(page, webAppsBaseUrl.tasklist);
    operate = new OperatePage(page, webAppsBaseUrl.operate);
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    // leave no open task of this run in the shared Tasklist (the instance waits at review-dossier)
    if (dossier) await c8.getCamundaRestClient().cancelProcessInstance({ processInstanceKey: dossier.processInstanceKey }).catch(() => undefined);
    // eslint-disable-next-line no-console
    if (shots.length > 0) console.log(`browser screenshots:\n  ${shots.join('\n  ')}`);
  });

  /** Runs one step; on failure leaves a screenshot of what the browser showed. */
  async function step(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (err) {
      if (page && !page.isClosed()) shots.push(await screenshot(page, `FAILED-${name}`).catch(() => `(no screenshot: ${name})`));
      throw err;
    }
  }

  async function shot(name: string): Promise<void> {
    shots.push(await screenshot(page, name));
  }

  it('when the dossier is submitted through the API, then its process instance reaches the check-components task', async () => {
    dossier = await submitDossier(app);
    expect(dossier.code).toMatch(/^H34\.29\.2-/);
    expect(dossier.processInstanceKey).toMatch(/^\d+$/);
    checkTask = await waitForUserTask(dossier.processInstanceKey, 'check-components', 'CREATED');
    expect(checkTask.assignee).toBeUndefined();
    // Tasklist links the task to its form only if it had imported the form first (see deployAll in
    // stack/deploy.ts); its own index can trail the engine's user-task search by a moment
    const key = checkTask.key;
    const inTasklist = await eventually(`task ${key} in Tasklist`, () => tasklistTask(c8, key).catch(() => undefined), 60_000);
    expect(inTasklist).toMatchObject({ name: TASK_NAME, taskState: 'CREATED', formId: 'check-components' });
  });

  it('when the officer filters Tasklist by the dossier code, then THIS dossier\'s task opens with its data in the Vietnamese form', async () => {
    if (!dossier || !checkTask) throw new Error('no dossier/task: the submission step failed');
    const { code, applicantName, applicantIdNumber } = dossier;
    const taskKey = checkTask.key;
    await step('02-tasklist', async () => {
      await tasklist.open();
      await shot('01-tasklist-logged-in');

      await tasklist.filterTasks('check-components', { name: 'dossierCode', value: code });
      // the code is unique to this run (its own intake day): the filtered list is this one task
      expect(await tasklist.waitForCards([taskKey])).toEqual([taskKey]);
      await visible(tasklist.taskCard(taskKey), `task ${taskKey} in the filtered list`);
      expect(await tasklist.taskCard(taskKey).innerText()).toContain(TASK_NAME);
      await shot('02-tasklist-filtered-by-dossier-code');

      await tasklist.openTask(taskKey);
      await visible(tasklist.form, 'the form-js form of the task (Tasklist shows a bare variables table when the task has no formId)');
      await visible(tasklist.formText(`Mã hồ sơ: ${code}`), `"Mã hồ sơ: ${code}" in the form`);
      const procedure = findProcedure('1.001193.000.00.00.H34');
      const formText = await tasklist.form.innerText();
      expect(formText).toContain(TASK_NAME);
      expect(formText).toContain(`Mã hồ sơ: ${code}`);
      expect(formText).toContain(`Người nộp: ${applicantName}`);
      expect(formText).toContain(`Số định danh: `);
      expect(formText).not.toContain(applicantIdNumber); // the form shows the masked id only
      if (procedure) expect(formText).toContain(`Thủ tục: ${procedure.name}`);
      expect(formText).toMatch(/Hạn trả kết quả: \d{2}\/\d{2}\/\d{4}/);
      expect(formText).toMatch(/Tài khoản Cổng DVCQG: \S/); // set by the check-portal-account worker
      expect(formText).toContain('Kết quả kiểm tra');
      await visible(tasklist.taskHeading(TASK_NAME), `the task heading "${TASK_NAME}"`);
      await shot('03-tasklist-check-components-form');
    });
    taskOpened = true;
  });

  it('when the officer assigns the task to herself, accepts the components and completes it, then the task is completed', async () => {
    if (!dossier || !checkTask || !taskOpened) throw new Error('the task was not opened in Tasklist in an earlier step');
    const { processInstanceKey } = dossier;
    await step('04-tasklist-complete', async () => {
      expect(await tasklist.completeButton.isEnabled()).toBe(false); // unassigned: Tasklist will not complete it
      await tasklist.assignToMe();
      await tasklist.chooseRadio('Tiếp nhận');
      expect(await tasklist.radio('Tiếp nhận').isChecked()).toBe(true);
      expect(await tasklist.radio('Từ chối tiếp nhận').isChecked()).toBe(false);
      // the note is required only when asking for a supplement or refusing: hidden (and not submitted) when accepting
      expect(await tasklist.form.getByText('Nội dung cần bổ sung hoặc lý do từ chối').count()).toBe(0);
      await shot('04-tasklist-assigned-components-accepted');

      await tasklist.complete();
      await shot('05-tasklist-task-completed');
    });
    const completed = await waitForUserTask(processInstanceKey, 'check-components', 'COMPLETED');
    expect(completed.key).toBe(checkTask.key);
    expect(completed.assignee).toBe('demo');
    taskCompleted = true;
  });

  it('when the officer opens the instance in Operate, then the diagram shows check-components done and the dossier moved on to review', async () => {
    if (!dossier || !taskCompleted) throw new Error('the check-components task was not completed in an earlier step');
    const { processInstanceKey, code } = dossier;
    await step('06-operate', async () => {
      await operate.openInstance(processInstanceKey);
      expect(await operate.header.innerText()).toContain(processInstanceKey);
      // the dossier's diagram: the shared intake sub-process done, the dossier at review by the civil-status officer
      await visible(operate.element('intake-and-digitize'), 'the intake-and-digitize call activity in the bpmn-js diagram');
      await operate.waitFor(operate.activeTokenOn('review-dossier'), 'an active token on review-dossier', 90_000);
      await operate.waitFor(operate.executedElement('intake-and-digitize'), 'intake-and-digitize as executed (op-highlighted)');
      await visible(operate.variable('componentsDecision'), 'the componentsDecision variable');
      expect(await operate.variable('componentsDecision').innerText()).toContain('"accept"');
      expect(await operate.variable('intakeAccepted').innerText()).toContain('true');
      expect(await operate.variable('dossierCode').innerText()).toContain(code);
      await shot('06-operate-instance-after-check-components');
      // the instance it called: check-components done, then digitize, sign, save to the warehouse (the real workers)
      const [, called] = await instanceTree(c8, processInstanceKey);
      expect(called).toBeDefined();
      await operate.openInstance(called!);
      await visible(operate.element('check-components'), 'check-components in the called diagram');
      await operate.waitFor(operate.executedElement('check-components'), 'check-components as executed (op-highlighted)');
      expect(await operate.activeTokenOn('check-components').count()).toBe(0);
      for (const done of ['digitize-components', 'sign-scan', 'save-to-warehouse', 'dossier-digitized']) {
        await visible(operate.executedElement(done), `${done} as executed`);
      }
      await shot('06b-operate-called-intake-instance');
    });
  });
});
