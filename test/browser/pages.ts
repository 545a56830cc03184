import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { demoUser } from './fixture';

/**
 * Page helpers for the Camunda 8.6 web apps as an officer uses them, written against what the
 * 8.6.0 UI actually renders (English UI; the browser locale is pinned to en-US so labels are stable):
 *
 * Login (both apps): textboxes "Username" / "Password", button "Login".
 * Tasklist: icon button "Filter tasks" → dialog "Custom filters modal" with a Carbon toggle
 *   "Advanced filters" (its <label for="toggle-advanced-filters"> takes the click), textbox "Task ID"
 *   (= the BPMN element id, URL parameter taskDefinitionId), button "Add Variable" → textboxes
 *   "Name" / "Value" (value as JSON), button "Apply". Task cards: [data-testid="task-<userTaskKey>"]
 *   inside a link to /tasklist/<userTaskKey>. Task view: buttons "Assign to me" / "Unassign",
 *   "Complete Task" (disabled with title "Task is not assigned" until assigned); the form is form-js
 *   (.fjs-form); radio options are visually hidden inputs, so their <label> is clicked.
 *   Completion shows the toast "Task completed".
 * Operate: /operate/processes/<processInstanceKey>; [data-testid="instance-header"] holds the key;
 *   the bpmn-js diagram [data-testid="diagram"] marks executed elements
 *   g[data-element-id=…].op-highlighted and puts [data-testid="state-overlay-active"] in
 *   .djs-overlays[data-container-id=<active element>]; variables are [data-testid="variable-<name>"].
 */

export const UI_TIMEOUT = 60_000;

export const artifactsDir = process.env.BROWSER_ARTIFACTS_DIR ?? path.resolve(__dirname, '..', '..', '.local', 'artifacts', 'browser');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newOfficerPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(UI_TIMEOUT);
  context.setDefaultNavigationTimeout(UI_TIMEOUT);
  return context.newPage();
}

/** The one-stop desk page as an officer sees it: a 1366×768 screen, Vietnamese locale, Vietnam time. */
export async function newDeskPage(browser: Browser, timeoutMs = 30_000): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(timeoutMs);
  return context.newPage();
}

/** Opens the desk page and logs in on Keycloak's own login page (the realm's password for demo people is "demo"). */
export async function logInToDesk(page: Page, deskUrl: string, username: string): Promise<void> {
  await page.goto(deskUrl);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('demo');
  await page.locator('#kc-login').click();
  await page.waitForURL(`${deskUrl}**`);
}

/** Full-page screenshot into .local/artifacts/browser/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Resolves once `locator` is visible; fails (with `what`) after the timeout. */
export async function visible(locator: Locator, what: string, timeout = UI_TIMEOUT): Promise<Locator> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch (err) {
    throw new Error(`not visible within ${timeout} ms: ${what}\n${(err as Error).message}`);
  }
  return locator;
}

/**
 * Opens `url`; if the app sends the browser to its login page, logs in as the demo user and waits
 * until `ready` shows (both apps return to the page asked for after login). A login that lands on the
 * login page again (web app still starting, e.g. its users not yet created) is retried until the timeout.
 */
async function openLoggedIn(page: Page, url: string, ready: Locator, what: string, timeoutMs = UI_TIMEOUT): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const username = page.getByRole('textbox', { name: 'Username' });
  await page.goto(url);
  for (let attempt = 1; ; attempt++) {
    await visible(username.or(ready), `${what} or its login page`, Math.max(1, deadline - Date.now()));
    if (await ready.first().isVisible()) return;
    if (Date.now() >= deadline) throw new Error(`could not log in to ${url} as ${demoUser.username} within ${timeoutMs} ms (${attempt - 1} attempts)`);
    if (attempt > 1) await page.waitForTimeout(3000);
    await username.fill(demoUser.username);
    await page.getByRole('textbox', { name: 'Password' }).fill(demoUser.password);
    await page.getByRole('button', { name: 'Login', exact: true }).click();
    // either the app (ready) or the login page again; the login page stays visible while the request runs
    await ready.first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
    if (await ready.first().isVisible()) return;
    if (!page.url().includes('/login')) await page.goto(url);
  }
}

export class TasklistPage {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  /**
   * Opens the task list logged in. On a freshly started Tasklist the first page after the login can
   * fall back to the login page (its first API calls answer 401 while it warms up; seen on cold
   * runs): then log in again, as a person would, a bounded number of times.
   */
  async open(attempts = 3): Promise<void> {
    const username = this.page.getByRole('textbox', { name: 'Username' });
    const list = this.page.getByTitle('Available tasks');
    const loaded = list.locator('[data-testid^="task-"]').or(list.getByText('No tasks found'));
    for (let attempt = 1; ; attempt++) {
      await openLoggedIn(this.page, `${this.baseUrl}/tasklist`, this.page.getByRole('button', { name: 'Filter tasks' }), 'Tasklist task list');
      await visible(loaded.or(username), 'the loaded task list (or the login page again)');
      if (await loaded.first().isVisible()) return;
      if (attempt >= attempts) throw new Error(`Tasklist sent the browser back to its login page ${attempts} times after logging in`);
    }
  }

  /** The task list has replaced its loading skeleton by task cards or by "No tasks found". */
  async listLoaded(): Promise<void> {
    const list = this.page.getByTitle('Available tasks');
    await visible(list.locator('[data-testid^="task-"]').or(list.getByText('No tasks found')), 'the loaded task list');
  }

  /** The task list narrowed the way an officer would: tasks of one BPMN element whose variable has a value. */
  async filterTasks(elementId: string, variable: { name: string; value: unknown }): Promise<void> {
    await this.page.getByRole('button', { name: 'Filter tasks' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Custom filters modal' });
    await visible(dialog, 'the custom filters dialog');
    await dialog.locator('label[for="toggle-advanced-filters"]').click();
    await dialog.getByRole('textbox', { name: 'Task ID' }).fill(elementId);
    await dialog.getByRole('button', { name: 'Add Variable' }).click();
    await dialog.getByRole('textbox', { name: 'Name' }).fill(variable.name);
    await dialog.getByRole('textbox', { name: 'Value' }).fill(JSON.stringify(variable.value));
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await this.page.waitForURL((u) => u.searchParams.get('taskDefinitionId') === elementId && u.searchParams.get('filter') === 'custom');
    // the Carbon modal fades out: wait until its backdrop is gone too
    await this.page.locator('.cds--modal').first().waitFor({ state: 'hidden' });
    await this.listLoaded();
  }

  /** User task keys of the cards the list shows now, top to bottom. */
  async cardKeys(): Promise<string[]> {
    const ids = await this.page.getByTitle('Available tasks').locator('[data-testid^="task-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
    return ids.map((id) => id.replace(/^task-/, ''));
  }

  /** Waits until the list shows exactly these cards (it refetches after a filter change). */
  async waitForCards(expected: string[], timeoutMs = UI_TIMEOUT): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let keys: string[] = [];
    while (Date.now() < deadline) {
      keys = await this.cardKeys();
      if (keys.length === expected.length && keys.every((k, i) => k === expected[i])) return keys;
      await this.page.waitForTimeout(500);
    }
    return keys;
  }

  /** The card of one task in the list (by its user task key, never by position). */
  taskCard(userTaskKey: string): Locator {
    return this.page.getByTestId(`task-${userTaskKey}`);
  }

  async openTask(userTaskKey: string): Promise<void> {
    await visible(this.taskCard(userTaskKey), `task ${userTaskKey} in the filtered task list`);
    await this.taskCard(userTaskKey).click();
    await this.page.waitForURL((u) => u.pathname === `/tasklist/${userTaskKey}`);
  }

  /** The task's header (name + process name) above the form. */
  taskHeading(name: string): Locator {
    return this.page.getByText(name, { exact: true }).first();
  }

  get form(): Locator {
    return this.page.locator('form.fjs-form');
  }

  /** A form-js text line such as "**Mã hồ sơ:** {{dossierCode}}", as rendered text. */
  formText(text: string): Locator {
    return this.form.locator('.fjs-form-field-text').getByText(text, { exact: false });
  }

  async assignToMe(): Promise<void> {
    const assign = this.page.getByRole('button', { name: 'Assign to me', exact: true });
    const unassign = this.page.getByRole('button', { name: 'Unassign', exact: true });
    await visible(assign.or(unassign), '"Assign to me" or "Unassign"');
    if (await assign.isVisible()) await assign.click();
    await visible(unassign, 'the task assigned to me ("Unassign" button)');
  }

  radio(label: string): Locator {
    return this.form.getByRole('radio', { name: label, exact: true });
  }

  /** form-js radios are visually hidden inputs: click the option's label, as a user does. */
  async chooseRadio(label: string): Promise<void> {
    await this.form.locator('label.fjs-form-field-label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }).click();
  }

  get completeButton(): Locator {
    return this.page.getByRole('button', { name: /^Complete task$/i });
  }

  async complete(): Promise<void> {
    const button = this.completeButton;
    await visible(button, 'the "Complete Task" button');
    if (!(await button.isEnabled())) throw new Error(`"Complete Task" is disabled (title: ${await button.getAttribute('title')})`);
    await button.click();
    await visible(this.page.getByText('Task completed', { exact: true }), 'the "Task completed" notification');
  }
}

export class OperatePage {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  get header(): Locator {
    return this.page.getByTestId('instance-header');
  }

  get diagram(): Locator {
    return this.page.getByTestId('diagram');
  }

  async openInstance(processInstanceKey: string): Promise<void> {
    await openLoggedIn(this.page, `${this.baseUrl}/operate/processes/${processInstanceKey}`, this.header.filter({ hasText: processInstanceKey }), `Operate instance header with key ${processInstanceKey}`);
  }

  /** A diagram element bpmn-js rendered (by BPMN element id). */
  element(elementId: string): Locator {
    return this.diagram.locator(`g.djs-element[data-element-id="${elementId}"]`);
  }

  /** Operate highlights the elements the instance has passed through. */
  executedElement(elementId: string): Locator {
    return this.diagram.locator(`g.djs-element.op-highlighted[data-element-id="${elementId}"]`);
  }

  /** The green "active token" badge Operate puts on an element with a running instance. */
  activeTokenOn(elementId: string): Locator {
    return this.diagram.locator(`.djs-overlays[data-container-id="${elementId}"] [data-testid="state-overlay-active"]`);
  }

  variable(name: string): Locator {
    return this.page.getByTestId(`variable-${name}`);
  }

  /**
   * Waits for `locator` while the instance moves on; Operate polls a running instance by itself,
   * the page is reloaded now and then in case a poll was missed. Fails after `timeoutMs`.
   */
  async waitFor(locator: Locator, what: string, timeoutMs = UI_TIMEOUT, reloadEveryMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      try {
        await locator.first().waitFor({ state: 'visible', timeout: Math.max(1, Math.min(reloadEveryMs, left)) });
        return;
      } catch (err) {
        if (Date.now() >= deadline) throw new Error(`Operate did not show ${what} within ${timeoutMs} ms\n${(err as Error).message}`);
        await this.page.reload();
        await visible(this.header, 'Operate instance header after reload');
      }
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
