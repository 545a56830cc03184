import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { createCamunda, startMessageName } from '../core/adapters/camunda';
import { loadConfig } from '../core/config';

/**
 * Deploys every bpmn/**\/*.bpmn and forms/**\/*.form in ONE deployment, so a diagram and the forms
 * it links are always deployed together. Before sending anything it checks that each diagram parses
 * as XML with a process, and that each formId it references is the id of a deployed form; a problem
 * fails with the file's name. `npx tsx stack/deploy.ts [--check]`.
 */
const ROOT = path.resolve(__dirname, '..');

export function listResources(root = ROOT): { diagrams: string[]; forms: string[] } {
  const walk = (dir: string, ext: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return walk(full, ext);
      return e.name.endsWith(ext) ? [full] : [];
    });
  return { diagrams: walk(path.join(root, 'bpmn'), '.bpmn').sort(), forms: walk(path.join(root, 'forms'), '.form').sort() };
}

/** Problems that would make the deployment fail or leave a user task without its form. */
export function deploymentProblems(diagrams: string[], forms: string[]): string[] {
  const problems: string[] = [];
  const formIds = new Map<string, string>();
  const processIds = new Set<string>();
  const calls: { file: string; processId: string }[] = [];
  for (const file of forms) {
    try {
      const id = (JSON.parse(readFileSync(file, 'utf8')) as { id?: unknown }).id;
      if (typeof id !== 'string' || id === '') problems.push(`${file}: form has no id`);
      else formIds.set(id, file);
    } catch (err) {
      problems.push(`${file}: not valid JSON (${(err as Error).message})`);
    }
  }
  for (const file of diagrams) {
    const xml = readFileSync(file, 'utf8');
    if (!/<(bpmn:)?definitions[\s>]/.test(xml) || !/<\/(bpmn:)?definitions>\s*$/.test(xml)) {
      problems.push(`${file}: not a complete BPMN definitions document`);
      continue;
    }
    if (!/<(bpmn:)?process\s[^>]*isExecutable="true"/.test(xml)) problems.push(`${file}: no executable process`);
    const shared = path.basename(path.dirname(file)) === 'shared';
    for (const m of xml.matchAll(/<(?:bpmn:)?process\s[^>]*id="([^"]+)"[^>]*isExecutable="true"/g)) {
      processIds.add(m[1] ?? '');
      // the API starts a procedure's process by its start message (core/adapters/camunda.ts); a shared
      // sub-process (bpmn/shared/) is started by the call activities that name it
      const name = startMessageName(m[1] ?? '');
      if (!shared && !xml.includes(`name="${name}"`)) problems.push(`${file}: process "${m[1]}" has no message start event for "${name}"`);
    }
    for (const m of xml.matchAll(/<zeebe:calledElement\s[^>]*processId="([^"]*)"/g)) calls.push({ file, processId: m[1] ?? '' });
    for (const m of xml.matchAll(/formId="([^"]*)"/g)) {
      if (!formIds.has(m[1] ?? '')) problems.push(`${file}: formId "${m[1]}" has no form in forms/`);
    }
  }
  // a call activity whose process is not deployed with it raises an incident on every dossier that gets there
  for (const call of calls) {
    if (!processIds.has(call.processId)) problems.push(`${call.file}: call activity calls process "${call.processId}", which no diagram in bpmn/ defines`);
  }
  return problems;
}

export interface Deployment {
  deploymentKey: string;
  processes: { processDefinitionId: string; version: number; processDefinitionKey: string }[];
  forms: { formId: string; version: number; formKey: string }[];
}

/**
 * Deploys every diagram and form in one deployment, each read as UTF-8 text. (Not the SDK's
 * deployResourcesFromFiles: 8.8.13 reads files as latin1 and re-encodes them, so every Vietnamese
 * label would reach the engine double-encoded.) With `tasklistFormsIn` (the OpenSearch URL of the
 * local stack) it then waits until Tasklist has imported every deployed form: Tasklist 8.6.0 links
 * a user task to its form only if it already holds the form when it imports the task; a task made
 * before that shows a bare variables table for good. Tasklist has no API that says so, hence the
 * look into its form index.
 */
export async function deployAll(c8: Camunda8, options: { root?: string; tasklistFormsIn?: string; timeoutMs?: number } = {}): Promise<Deployment> {
  const root = options.root ?? ROOT;
  const { diagrams, forms } = listResources(root);
  const res = await c8.getCamundaRestClient().deployResources(
    [...diagrams, ...forms].map((file) => ({ content: readFileSync(file, 'utf8'), name: path.relative(root, file) })),
  );
  const deployment: Deployment = {
    deploymentKey: String(res.deploymentKey),
    processes: res.processes.map((p) => ({ processDefinitionId: p.processDefinitionId, version: Number(p.processDefinitionVersion), processDefinitionKey: String(p.processDefinitionKey) })),
    forms: (res.forms ?? []).map((f) => ({ formId: f.formId, version: Number(f.version), formKey: String(f.formKey) })),
  };
  if (options.tasklistFormsIn) await waitForTasklistForms(options.tasklistFormsIn, deployment.forms.map((f) => f.formKey), options.timeoutMs);
  return deployment;
}

async function waitForTasklistForms(opensearchUrl: string, formKeys: string[], timeoutMs = 60_000): Promise<void> {
  const base = opensearchUrl.replace(/\/+$/, '');
  const deadline = Date.now() + timeoutMs;
  let missing = formKeys;
  while (missing.length > 0) {
    const res = await fetch(`${base}/tasklist-form*/_search`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ size: formKeys.length, _source: ['id'], query: { terms: { id: missing } } }),
    }).catch(() => undefined);
    if (res?.ok) {
      const body = (await res.json()) as { hits?: { hits?: { _source?: { id?: string } }[] } };
      const found = new Set((body.hits?.hits ?? []).map((h) => String(h._source?.id)));
      missing = missing.filter((k) => !found.has(k));
    }
    if (missing.length === 0) return;
    if (Date.now() > deadline) throw new Error(`Tasklist has not imported form(s) ${missing.join(', ')} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  const { diagrams, forms } = listResources();
  const problems = deploymentProblems(diagrams, forms);
  if (problems.length > 0) {
    console.error(`Deployment refused:\n  ${problems.join('\n  ')}`);
    process.exit(2);
  }
  if (process.argv.includes('--check')) {
    console.log(`deployable: ${diagrams.length} diagram(s), ${forms.length} form(s)`);
    return;
  }
  try {
    const res = await deployAll(createCamunda(loadConfig()), { tasklistFormsIn: process.env.OPENSEARCH_URL });
    const processes = res.processes.map((p) => `${p.processDefinitionId} v${p.version}`);
    console.log(`deployed ${processes.join(', ')} and ${res.forms.length} form(s) (deployment ${res.deploymentKey})${process.env.OPENSEARCH_URL ? '; Tasklist has the forms' : ''}`);
  } catch (err) {
    // the engine names the offending resource in its problem detail; pass it on whole
    const detail = (err as { response?: { body?: unknown } }).response?.body ?? (err as Error).message;
    console.error(`Deployment failed: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
    process.exit(1);
  }
}

if (require.main === module) void main();
