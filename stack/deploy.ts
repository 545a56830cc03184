import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
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
    // the API starts a procedure's process by its start message (core/adapters/camunda.ts)
    for (const m of xml.matchAll(/<(?:bpmn:)?process\s[^>]*id="([^"]+)"[^>]*isExecutable="true"/g)) {
      const name = startMessageName(m[1] ?? '');
      if (!xml.includes(`name="${name}"`)) problems.push(`${file}: process "${m[1]}" has no message start event for "${name}"`);
    }
    for (const m of xml.matchAll(/formId="([^"]*)"/g)) {
      if (!formIds.has(m[1] ?? '')) problems.push(`${file}: formId "${m[1]}" has no form in forms/`);
    }
  }
  return problems;
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
  const rest = createCamunda(loadConfig()).getCamundaRestClient();
  try {
    const res = await rest.deployResourcesFromFiles([...diagrams, ...forms]);
    const processes = res.processes.map((p) => `${p.processDefinitionId} v${p.processDefinitionVersion}`);
    console.log(`deployed ${processes.join(', ')} and ${res.forms?.length ?? 0} form(s) (deployment ${res.deploymentKey})`);
  } catch (err) {
    // the engine names the offending resource in its problem detail; pass it on whole
    const detail = (err as { response?: { body?: unknown } }).response?.body ?? (err as Error).message;
    console.error(`Deployment failed: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
    process.exit(1);
  }
}

if (require.main === module) void main();
