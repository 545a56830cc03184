import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as Validator from '@bpmn-io/element-templates-validator';
import { JobType } from '../../core/process/steps';
import { diagramsXml, elementTemplates, TEMPLATES_FILE, templatesJson, tasksInDiagrams } from '../../stack/element-templates';
import { steps } from '../../workers/registry';

/**
 * The element templates designers drag onto diagrams in Camunda Modeler: the committed file is exactly
 * what the workers and diagrams make (regenerate with `npx tsx stack/element-templates.ts`), the schema's
 * own validator accepts every template, and templates and workers match both ways.
 */
// the validator's dependencies are ESM-only; Node (>= 20.19) requires them natively, Jest's registry does not
// (the same as bpmnlint in diagrams.test.ts)
const nodeRequire = process.getBuiltinModule('node:module').createRequire(path.resolve(__dirname, '../../package.json'));
const { validateAllZeebe } = nodeRequire('@bpmn-io/element-templates-validator') as typeof Validator;
const committed = JSON.parse(readFileSync(TEMPLATES_FILE, 'utf8')) as { id: string; name: string; properties: { binding: { type: string; property?: string; name?: string; source?: string }; value?: string }[] }[];
const typeOf = (t: (typeof committed)[number]) => t.properties.find((p) => p.binding.type === 'zeebe:taskDefinition' && p.binding.property === 'type')?.value;

describe('element templates', () => {
  it('when the templates are made from the workers and diagrams, then the committed file is the same (regenerate it after changing a step)', () => {
    expect(readFileSync(TEMPLATES_FILE, 'utf8')).toBe(templatesJson(elementTemplates(diagramsXml())));
  });

  it('when the Camunda 8 element-template validator reads them, then every template is valid', () => {
    const result = validateAllZeebe(committed);
    expect(result.results.filter((r) => !r.valid).map((r) => r.errors)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('when templates and workers are compared, then every template\'s type has a worker and every worker a template', () => {
    expect(committed.map(typeOf).sort()).toEqual(Object.keys(steps).sort());
    expect(Object.values(JobType).sort()).toEqual(Object.keys(steps).sort());
  });

  it('when a step declares inputs and outputs, then its template offers them as input and output mappings', () => {
    const payment = committed.find((t) => typeOf(t) === 'request-payment')!;
    expect(payment.name).toBe('Yêu cầu thanh toán phí, lệ phí');
    expect(payment.properties.filter((p) => p.binding.type === 'zeebe:input').map((p) => [p.binding.name, p.value])).toEqual([['dossierCode', '=dossierCode']]);
    expect(payment.properties.filter((p) => p.binding.type === 'zeebe:output').map((p) => [p.binding.source, p.value])).toEqual([['=paymentReminderCycle', 'paymentReminderCycle']]);
    expect(payment.properties.find((p) => p.binding.property === 'retries')?.value).toBe('5');
  });

  it('when a diagram task has documentation and escaped characters, then the template reads them back as text', () => {
    const xml = '<bpmn:serviceTask id="x" name="A &amp; B"><bpmn:documentation>Trả &lt;kết quả&gt;</bpmn:documentation><bpmn:extensionElements><zeebe:taskDefinition type="t" retries="7" /></bpmn:extensionElements></bpmn:serviceTask>';
    expect(tasksInDiagrams([xml]).get('t')).toEqual({ name: 'A & B', documentation: 'Trả <kết quả>', retries: '7' });
  });
});
