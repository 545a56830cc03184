import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { stepNameVi, type JobType } from '../core/process/steps';
import { steps } from '../workers/registry';

/**
 * Element templates for Camunda Modeler (the Camunda 8 element-template schema), one per job type, made
 * from the workers themselves: the type, each input the step reads and each output it declares, the
 * retries and the Vietnamese name and description the diagrams already give the step. A designer drags
 * "Ký số cá nhân lên bản số hóa" from the template list onto a diagram and types no job type.
 * `npx tsx stack/element-templates.ts` writes bpmn/.camunda/element-templates/dossier-steps.json (Modeler
 * finds templates in a .camunda folder beside or above the diagram); test/bpmn checks the file is what
 * this makes, that the schema's validator accepts it, and that templates and workers match both ways.
 */
export const TEMPLATES_FILE = path.resolve(__dirname, '../bpmn/.camunda/element-templates/dossier-steps.json');
const SCHEMA = 'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json';

export interface ElementTemplate {
  $schema: string;
  name: string;
  id: string;
  version: number;
  description: string;
  engines: { camunda: string };
  category: { id: string; name: string };
  appliesTo: string[];
  elementType: { value: string };
  groups: { id: string; label: string }[];
  properties: Record<string, unknown>[];
}

interface DiagramTask { name: string; documentation?: string; retries?: string }

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** What the diagrams say of each job type: the task's name, documentation and retries (the first diagram that uses it). */
export function tasksInDiagrams(xmls: readonly string[]): Map<string, DiagramTask> {
  const found = new Map<string, DiagramTask>();
  for (const xml of xmls) {
    for (const m of xml.matchAll(/<bpmn:serviceTask\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/bpmn:serviceTask>/g)) {
      const body = m[2] ?? '';
      const def = /<zeebe:taskDefinition\b[^>]*\btype="([^"]+)"(?:[^>]*\bretries="([^"]+)")?/.exec(body);
      if (!def?.[1] || found.has(def[1])) continue;
      const doc = /<bpmn:documentation>([\s\S]*?)<\/bpmn:documentation>/.exec(body)?.[1];
      found.set(def[1], { name: unescapeXml(m[1] ?? ''), ...(doc ? { documentation: unescapeXml(doc.trim()) } : {}), ...(def[2] ? { retries: def[2] } : {}) });
    }
  }
  return found;
}

function inputsOf(schema: z.ZodTypeAny): { name: string; optional: boolean }[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodTypeAny>).map(([name, field]) => ({ name, optional: field.isOptional() || field.isNullable() }));
}

export function elementTemplates(xmls: readonly string[]): ElementTemplate[] {
  const tasks = tasksInDiagrams(xmls);
  return (Object.keys(steps) as JobType[]).sort().map((type) => {
    const step = steps[type];
    const task = tasks.get(type);
    return {
      $schema: SCHEMA,
      name: stepNameVi[type] ?? task?.name ?? type,
      id: `vn.dossier-digitization.${type}`,
      version: 1,
      description: task?.documentation ?? step.description,
      engines: { camunda: '^8.6' },
      category: { id: 'dossier-steps', name: 'Hồ sơ thủ tục hành chính' },
      appliesTo: ['bpmn:Task'],
      elementType: { value: 'bpmn:ServiceTask' },
      groups: [
        { id: 'job', label: 'Công việc (job worker)' },
        { id: 'inputs', label: 'Dữ liệu vào' },
        { id: 'outputs', label: 'Kết quả trả về' },
      ],
      properties: [
        { type: 'Hidden', value: type, binding: { type: 'zeebe:taskDefinition', property: 'type' } },
        {
          label: 'Số lần thử lại', description: 'Hết số lần thử, công việc thành sự cố (incident) trong Operate', type: 'String', group: 'job',
          value: task?.retries ?? '3', binding: { type: 'zeebe:taskDefinition', property: 'retries' },
          constraints: { notEmpty: true, pattern: { value: '^[0-9]+$', message: 'Nhập một số nguyên' } },
        },
        ...inputsOf(step.input as z.ZodTypeAny).map((input) => ({
          label: input.name, description: `Biến quy trình ${input.name}${input.optional ? ' (có thể không có)' : ''}`, type: 'String', group: 'inputs',
          feel: 'required', value: `=${input.name}`, binding: { type: 'zeebe:input', name: input.name },
          ...(input.optional ? {} : { constraints: { notEmpty: true } }),
        })),
        ...step.outputs.map((output) => ({
          label: output, description: `Ghi vào biến quy trình (đổi tên nếu cần)`, type: 'String', group: 'outputs',
          value: output, binding: { type: 'zeebe:output', source: `=${output}` },
        })),
      ],
    };
  });
}

export function diagramsXml(dir = path.resolve(__dirname, '../bpmn')): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.bpmn'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .map((f) => readFileSync(f, 'utf8'));
}

export const templatesJson = (templates: ElementTemplate[]) => `${JSON.stringify(templates, null, 2)}\n`;

if (require.main === module) {
  mkdirSync(path.dirname(TEMPLATES_FILE), { recursive: true });
  writeFileSync(TEMPLATES_FILE, templatesJson(elementTemplates(diagramsXml())));
  console.log(`element templates written: ${path.relative(process.cwd(), TEMPLATES_FILE)}`);
}
