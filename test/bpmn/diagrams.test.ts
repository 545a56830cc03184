/**
 * The diagrams (bpmn/**\/*.bpmn) and forms (forms/*.form) against the step contract in
 * core/process/steps.ts: one name per step, both directions.
 *
 *   (a) every diagram lints clean with the repository's .bpmnlintrc (errors and warnings alike);
 *   (b) every zeebe:taskDefinition type is a JobType, sits on the element of the same id, and every
 *       JobType is used by some diagram;
 *   (c) every formId is a FormId with forms/<formId>.form whose id equals it, and every form is referenced;
 *   (d) every variable a sequence-flow condition reads is a form field key or a start variable;
 *   (e) file name = process id, and the process id is a ProcessId;
 *   (f) a form writes every variable of its `<FormId>Output` interface, with that interface's type
 *       (a boolean must come from a checkbox or from options whose values are true/false, not strings).
 *
 * Each check is a function returning violations; the repository must give none, and an inline broken
 * diagram or form per rule must give the expected one, so a check that silently passes is caught.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { FormId, JobType, stepNameVi, ProcessId, SharedProcessIds } from '../../core/process/steps';

const ROOT = path.resolve(__dirname, '../..');
const STEPS_FILE = path.join(ROOT, 'core/process/steps.ts');
const FORMS_DIR = path.join(ROOT, 'forms');

// bpmnlint 11, bpmn-moddle 10 and most of their dependencies are ESM-only packages that bpmnlint loads
// with CommonJS require(); Node >= 20.19 does that natively (the bpmnlint CLI relies on it), Jest's module
// registry does not. So the lint toolchain is loaded with Node's own require, resolved from the repository root.
const nodeRequire = process.getBuiltinModule('node:module').createRequire(path.join(ROOT, 'package.json'));

// ---------------------------------------------------------------------------------------------------------------
// Types of what we read

/** The parts of a bpmn-moddle element these checks read (moddle exposes properties directly). */
interface BpmnElement {
  $type: string;
  id?: string;
  name?: string;
  /** zeebe:TaskDefinition */
  type?: string;
  /** zeebe:FormDefinition */
  formId?: string;
  /** bpmn:FormalExpression */
  body?: string;
  rootElements?: BpmnElement[];
  flowElements?: BpmnElement[];
  extensionElements?: { values?: BpmnElement[] };
  conditionExpression?: BpmnElement;
  /** zeebe:IoMapping */
  outputParameters?: Array<{ source?: string; target?: string }>;
}

interface Diagram {
  file: string;
  definitions: BpmnElement;
}

interface FormComponent {
  type: string;
  id?: string;
  key?: string;
  path?: string;
  components?: FormComponent[];
  validate?: { required?: boolean };
  values?: Array<{ label: string; value: unknown }>;
  valuesExpression?: string;
}

interface FormSchema {
  id?: string;
  type?: string;
  executionPlatform?: string;
  components: FormComponent[];
}

interface Form {
  file: string;
  schema: FormSchema;
}

interface LintReport {
  id?: string;
  message: string;
  category: string;
}

interface ModdleParseResult {
  rootElement: BpmnElement;
  warnings: Array<{ message: string }>;
}

interface BpmnModdleInstance {
  fromXML(xml: string): Promise<ModdleParseResult>;
}

interface LinterInstance {
  lint(definitions: BpmnElement): Promise<Record<string, LintReport[]>> | Record<string, LintReport[]>;
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

function listFiles(dir: string, extension: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

interface BpmnlintConfig {
  extends?: string | string[];
  rules?: Record<string, unknown>;
  moddleExtensions?: Record<string, string>;
}

const lintConfig = JSON.parse(readFileSync(path.join(ROOT, '.bpmnlintrc'), 'utf8')) as BpmnlintConfig;

function createModdle(): BpmnModdleInstance {
  const { BpmnModdle } = nodeRequire('bpmn-moddle') as { BpmnModdle: new (packages: object) => BpmnModdleInstance };
  const packages = Object.fromEntries(
    Object.entries(lintConfig.moddleExtensions ?? {}).map(([prefix, file]) => [prefix, nodeRequire(file) as object]),
  );
  return new BpmnModdle(packages);
}

/**
 * A new linter per diagram: bpmnlint caches rule instances per Linter, and some rules keep state
 * (no-duplicate-sequence-flows remembers every flow it saw), so a shared linter reports false duplicates.
 */
function createLinter(): LinterInstance {
  const { Linter } = nodeRequire('bpmnlint') as { Linter: new (options: object) => LinterInstance };
  const NodeResolver = nodeRequire('bpmnlint/lib/resolver/node-resolver') as new (options: object) => object;
  const { moddleExtensions: _ignored, ...config } = lintConfig;
  return new Linter({ config, resolver: new NodeResolver({ require: nodeRequire }) });
}

const moddle = createModdle();

async function parseDiagram(file: string, xml: string): Promise<Diagram> {
  const { rootElement, warnings } = await moddle.fromXML(xml);
  if (warnings.length > 0) {
    // unknown elements or attributes (a misspelt zeebe:* extension) would otherwise be dropped silently
    throw new Error(`${file}: ${warnings.map((w) => w.message).join('; ')}`);
  }
  return { file, definitions: rootElement };
}

function readForm(file: string): Form {
  return { file, schema: JSON.parse(readFileSync(file, 'utf8')) as FormSchema };
}

interface InterfaceMember {
  name: string;
  type: string;
  optional: boolean;
}

/** Members of the exported interfaces of steps.ts, read with the TypeScript parser (types vanish at run time). */
function readInterfaces(file: string): Map<string, InterfaceMember[]> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const interfaces = new Map<string, InterfaceMember[]>();
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const members = node.members.filter(ts.isPropertySignature).map((member) => ({
      name: member.name.getText(source),
      // a union of string literals ('accept' | 'refuse') is what a form submits as a string
      type: ((t) => (/^'[^']*'(\s*\|\s*'[^']*')*$/.test(t) ? 'string' : t))(member.type?.getText(source) ?? 'unknown'),
      optional: member.questionToken !== undefined,
    }));
    interfaces.set(node.name.text, members);
  });
  return interfaces;
}

const interfaces = readInterfaces(STEPS_FILE);

function getInterface(name: string): InterfaceMember[] {
  const members = interfaces.get(name);
  if (!members) throw new Error(`interface ${name} not found in ${STEPS_FILE}`);
  return members;
}

const startVariables = getInterface('DossierStartVariables').map((member) => member.name);

// ---------------------------------------------------------------------------------------------------------------
// Reading diagrams and forms

function processesOf(diagram: Diagram): BpmnElement[] {
  return (diagram.definitions.rootElements ?? []).filter((element) => element.$type === 'bpmn:Process');
}

/** Flow elements of every process, sub-processes included. */
function flowElementsOf(diagram: Diagram): BpmnElement[] {
  const collect = (container: BpmnElement): BpmnElement[] =>
    (container.flowElements ?? []).flatMap((element) => [element, ...collect(element)]);
  return processesOf(diagram).flatMap(collect);
}

function extensionsOf(element: BpmnElement, type: string): BpmnElement[] {
  return (element.extensionElements?.values ?? []).filter((extension) => extension.$type === type);
}

function taskDefinitionsOf(diagram: Diagram): Array<{ elementId: string; type: string }> {
  return flowElementsOf(diagram).flatMap((element) =>
    extensionsOf(element, 'zeebe:TaskDefinition').map((definition) => ({
      elementId: element.id ?? '',
      type: definition.type ?? '',
    })),
  );
}

function formDefinitionsOf(diagram: Diagram): Array<{ elementId: string; formId: string }> {
  return flowElementsOf(diagram).flatMap((element) =>
    extensionsOf(element, 'zeebe:FormDefinition').map((definition) => ({
      elementId: element.id ?? '',
      formId: definition.formId ?? '',
    })),
  );
}

function conditionsOf(diagram: Diagram): Array<{ flowId: string; expression: string }> {
  return flowElementsOf(diagram).flatMap((element) =>
    element.conditionExpression?.body !== undefined
      ? [{ flowId: element.id ?? '', expression: element.conditionExpression.body }]
      : [],
  );
}

interface FeelSyntaxNode {
  name: string;
  from: number;
  to: number;
  parent: FeelSyntaxNode | null;
  prevSibling: FeelSyntaxNode | null;
}

interface FeelTree {
  iterate(spec: { enter(node: { name: string; type: { isError: boolean }; node: FeelSyntaxNode }): void }): void;
}

/** Root variable names a FEEL expression reads (`a.b = 1` reads `a`), via the parser bpmnlint uses. */
function variablesReadBy(expression: string): { names: string[]; syntaxError: boolean } {
  const { parser } = nodeRequire('@bpmn-io/lezer-feel') as { parser: { parse(input: string): FeelTree } };
  const text = expression.replace(/^=/, '');
  const names = new Set<string>();
  let syntaxError = false;
  parser.parse(text).iterate({
    enter(cursor) {
      if (cursor.type.isError) syntaxError = true;
      if (cursor.name !== 'VariableName') return;
      const node = cursor.node;
      if (node.parent?.name === 'PathExpression' && node.prevSibling !== null) return;
      names.add(text.slice(node.from, node.to));
    },
  });
  return { names: [...names], syntaxError };
}

/** Keyed fields of a form, with their full variable path (groups with a `path` nest their fields). */
function keyedFieldsOf(form: Form): Array<{ key: string; component: FormComponent }> {
  const collect = (components: FormComponent[], prefix: string): Array<{ key: string; component: FormComponent }> =>
    components.flatMap((component) => {
      const own = component.key !== undefined ? [{ key: prefix + component.key, component }] : [];
      const nestedPrefix = component.path ? `${prefix}${component.path}.` : prefix;
      return [...own, ...collect(component.components ?? [], nestedPrefix)];
    });
  return collect(form.schema.components, '');
}

/** The JavaScript type a keyed field submits, as far as the schema fixes it. */
function submittedType(component: FormComponent): string {
  switch (component.type) {
    case 'checkbox':
      return 'boolean';
    case 'number':
      return 'number';
    case 'textfield':
    case 'textarea':
    case 'datetime':
      return 'string';
    case 'radio':
    case 'select': {
      const values = component.values
        ? component.values.map((option) => typeof option.value)
        : [...(component.valuesExpression ?? '').matchAll(/\bvalue\s*:\s*("[^"]*"|true|false|-?\d[\d.]*)/g)].map(
            ([, literal]) => (literal === 'true' || literal === 'false' ? 'boolean' : literal?.startsWith('"') ? 'string' : 'number'),
          );
      const distinct = [...new Set(values)];
      return distinct.length === 1 && distinct[0] !== undefined ? distinct[0] : `mixed(${distinct.join('|')})`;
    }
    default:
      return 'unknown';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Checks: each returns violations, [] when the rule holds

async function lintViolations(diagram: Diagram): Promise<string[]> {
  const reports = await createLinter().lint(diagram.definitions);
  return Object.entries(reports).flatMap(([rule, ruleReports]) =>
    ruleReports.map((report) => `${rule} ${report.category} ${report.id ?? ''}: ${report.message}`),
  );
}

const jobTypes: readonly string[] = Object.values(JobType);
const formIds: readonly string[] = Object.values(FormId);
const processIds: readonly string[] = Object.values(ProcessId);

function jobTypeViolations(diagram: Diagram): string[] {
  return taskDefinitionsOf(diagram).flatMap(({ elementId, type }) => [
    ...(jobTypes.includes(type) ? [] : [`${elementId}: job type "${type}" is not a JobType of steps.ts`]),
    ...(elementId === type ? [] : [`${elementId}: element id differs from its job type "${type}"`]),
  ]);
}

function unusedJobTypes(diagrams: Diagram[]): string[] {
  const used = new Set(diagrams.flatMap((diagram) => taskDefinitionsOf(diagram).map(({ type }) => type)));
  return jobTypes.filter((type) => !used.has(type)).map((type) => `JobType "${type}" is used by no diagram`);
}

function formReferenceViolations(diagram: Diagram, forms: Form[]): string[] {
  return formDefinitionsOf(diagram).flatMap(({ elementId, formId }) => {
    const form = forms.find((candidate) => path.basename(candidate.file, '.form') === formId);
    return [
      ...(formIds.includes(formId) ? [] : [`${elementId}: form id "${formId}" is not a FormId of steps.ts`]),
      ...(elementId === formId ? [] : [`${elementId}: element id differs from its form id "${formId}"`]),
      ...(form ? [] : [`${elementId}: forms/${formId}.form does not exist`]),
      ...(form && form.schema.id !== formId ? [`forms/${formId}.form: id is "${form.schema.id}", not "${formId}"`] : []),
    ];
  });
}

function unreferencedForms(diagrams: Diagram[], forms: Form[]): string[] {
  const referenced = new Set(diagrams.flatMap((diagram) => formDefinitionsOf(diagram).map(({ formId }) => formId)));
  return forms
    .filter((form) => !referenced.has(path.basename(form.file, '.form')))
    .map((form) => `${path.relative(ROOT, form.file)} is referenced by no diagram`);
}

function callActivityOutputsOf(diagram: Diagram): string[] {
  return flowElementsOf(diagram)
    .filter((element) => element.$type === 'bpmn:CallActivity')
    .flatMap((element) => extensionsOf(element, 'zeebe:IoMapping'))
    .flatMap((mapping) => mapping.outputParameters ?? [])
    .map((output) => output.target ?? '');
}

function conditionViolations(diagram: Diagram, forms: Form[]): string[] {
  const known = new Set([
    ...startVariables,
    // what service tasks complete with: the <JobType>Output interfaces of steps.ts
    ...jobTypes.flatMap((type) => interfaces.get(`${pascalCase(type)}Output`) ?? []).map((member) => member.name),
    ...forms.flatMap((form) => keyedFieldsOf(form).map(({ key }) => key.split('.')[0] ?? key)),
    // what this diagram's call activities map out of the shared sub-processes they call
    ...callActivityOutputsOf(diagram),
    // what messages bring (the *Message interfaces of steps.ts)
    ...[...interfaces.entries()].filter(([name]) => name.endsWith('Message')).flatMap(([, members]) => members.map((m) => m.name)),
  ]);
  return conditionsOf(diagram).flatMap(({ flowId, expression }) => {
    const { names, syntaxError } = variablesReadBy(expression);
    return [
      ...(syntaxError ? [`${flowId}: condition "${expression}" is not valid FEEL`] : []),
      ...names
        .filter((name) => !known.has(name))
        .map((name) => `${flowId}: condition reads "${name}", which no form field or start variable provides`),
    ];
  });
}

function processIdViolations(diagram: Diagram): string[] {
  const expected = path.basename(diagram.file, '.bpmn');
  const ids = processesOf(diagram).map((process) => process.id ?? '');
  return [
    ...(ids.length === 1 ? [] : [`${diagram.file}: expected one process, found ${ids.length}`]),
    ...ids.filter((id) => id !== expected).map((id) => `${diagram.file}: process id "${id}" differs from file name "${expected}"`),
    ...ids.filter((id) => !processIds.includes(id)).map((id) => `process id "${id}" is not a ProcessId of steps.ts`),
    // a shared sub-process lives in bpmn/shared/ and is listed as one; a procedure's process is elsewhere
    ...ids
      .filter((id) => SharedProcessIds.includes(id) !== (path.basename(path.dirname(diagram.file)) === 'shared'))
      .map((id) => `${diagram.file}: process "${id}" ${SharedProcessIds.includes(id) ? 'is a shared sub-process outside' : 'is in bpmn/shared/ but not'} SharedProcessIds`),
  ];
}

function pascalCase(kebab: string): string {
  return kebab.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
}

function formOutputViolations(form: Form): string[] {
  const formId = path.basename(form.file, '.form');
  const outputName = `${pascalCase(formId)}Output`;
  const members = interfaces.get(outputName);
  if (!members) return [`${formId}: steps.ts declares no interface ${outputName}`];
  const fields = keyedFieldsOf(form);
  return [
    ...(form.schema.executionPlatform === 'Camunda Cloud' ? [] : [`${formId}: executionPlatform is not "Camunda Cloud"`]),
    ...members.flatMap((member) => {
      const field = fields.find(({ key }) => key === member.name);
      if (!field) return [`${formId}: no field writes ${outputName}.${member.name}`];
      const actual = submittedType(field.component);
      const required = field.component.validate?.required === true;
      return [
        ...(actual === member.type ? [] : [`${formId}.${member.name}: form submits ${actual}, steps.ts declares ${member.type}`]),
        // a required checkbox can only be submitted checked, so a boolean answer is required by being a radio
        ...(!member.optional && !required && field.component.type !== 'checkbox'
          ? [`${formId}.${member.name}: required in steps.ts but not in the form`]
          : []),
      ];
    }),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// The repository's diagrams and forms

const diagramFiles = listFiles(path.join(ROOT, 'bpmn'), '.bpmn');
const formFiles = listFiles(FORMS_DIR, '.form');
const forms = formFiles.map(readForm);
let diagrams: Diagram[] = [];

beforeAll(async () => {
  diagrams = await Promise.all(diagramFiles.map((file) => parseDiagram(file, readFileSync(file, 'utf8'))));
});

function diagramOf(file: string): Diagram {
  const diagram = diagrams.find((candidate) => candidate.file === file);
  if (!diagram) throw new Error(`${file} was not parsed`);
  return diagram;
}

const relative = (file: string): string => path.relative(ROOT, file);

describe('bpmn diagrams and forms against core/process/steps.ts', () => {
  it('when the repository is read, then it has diagrams and forms', () => {
    expect(diagramFiles.length).toBeGreaterThan(0);
    expect(formFiles.length).toBeGreaterThan(0);
  });

  describe.each(diagramFiles.map((file) => [relative(file), file]))('%s', (_name, file) => {
    it('(a) when linted with .bpmnlintrc, then there are no reports', async () => {
      expect(await lintViolations(diagramOf(file))).toEqual([]);
    });

    it('(b) when it names a job type, then the type is a JobType on the element of that id', () => {
      expect(jobTypeViolations(diagramOf(file))).toEqual([]);
    });

    it('(c) when it names a form, then the form is a FormId with forms/<formId>.form of that id', () => {
      expect(formReferenceViolations(diagramOf(file), forms)).toEqual([]);
    });

    it('(d) when a condition reads a variable, then a form field or a start variable provides it', () => {
      expect(conditionViolations(diagramOf(file), forms)).toEqual([]);
    });

    it('(e) when it is stored, then its file name is its process id', () => {
      expect(processIdViolations(diagramOf(file))).toEqual([]);
    });
  });

  it('(g) when a step has a label for staff (stepNameVi), then it is the name of that element in the diagrams', () => {
    const named = new Map<string, string>();
    for (const diagram of diagrams) {
      for (const m of readFileSync(diagram.file, 'utf8').matchAll(/<bpmn:(?:serviceTask|userTask|callActivity)\s+id="([^"]+)"\s+name="([^"]+)"/g)) named.set(m[1]!, m[2]!);
    }
    const steps = [...Object.values(JobType), ...Object.values(FormId)];
    expect(steps.filter((step) => stepNameVi[step] !== named.get(step)).map((step) => `${step}: "${stepNameVi[step]}" ≠ "${named.get(step)}"`)).toEqual([]);
  });

  it('(b) when all diagrams are read, then every JobType is used', () => {
    expect(unusedJobTypes(diagrams)).toEqual([]);
  });

  it('(c) when all diagrams are read, then every form is referenced', () => {
    expect(unreferencedForms(diagrams, forms)).toEqual([]);
  });

  it.each(formFiles.map((file) => [relative(file), file]))(
    '(f) when %s is submitted, then it writes its Output interface with the declared types',
    (_name, file) => {
      expect(formOutputViolations(readForm(file))).toEqual([]);
    },
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Negative cases: an inline diagram that passes every check until one thing is broken

interface MiniOptions {
  processId?: string;
  jobType?: string;
  formId?: string;
  condition?: string;
  withTaskDefinition?: boolean;
}

function miniDiagram(options: MiniOptions = {}): string {
  const {
    processId = ProcessId.birthRegistration,
    jobType = JobType.checkPortalAccount,
    formId = FormId.checkComponents,
    condition = '=componentsDecision = "accept"',
    withTaskDefinition = true,
  } = options;
  const taskDefinition = withTaskDefinition ? `<zeebe:taskDefinition type="${jobType}" retries="3" />` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="mini-definitions" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" name="Mini" isExecutable="true">
    <bpmn:startEvent id="mini-start" name="Tiếp nhận hồ sơ"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="${formId}" name="Kiểm tra">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:formDefinition formId="${formId}" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="mini-gateway" name="Hợp lệ?" default="f4">
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing><bpmn:outgoing>f4</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:serviceTask id="${jobType}" name="Xử lý">
      <bpmn:extensionElements>${taskDefinition}</bpmn:extensionElements>
      <bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="mini-done" name="Xong"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="mini-stopped" name="Dừng"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="mini-start" targetRef="${formId}" />
    <bpmn:sequenceFlow id="f2" sourceRef="${formId}" targetRef="mini-gateway" />
    <bpmn:sequenceFlow id="f3" name="Có" sourceRef="mini-gateway" targetRef="${jobType}">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f4" name="Không" sourceRef="mini-gateway" targetRef="mini-stopped" />
    <bpmn:sequenceFlow id="f5" sourceRef="${jobType}" targetRef="mini-done" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="mini-diagram">
    <bpmndi:BPMNPlane id="mini-plane" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="s1" bpmnElement="mini-start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="s2" bpmnElement="${formId}"><dc:Bounds x="180" y="78" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="s3" bpmnElement="mini-gateway" isMarkerVisible="true"><dc:Bounds x="330" y="93" width="50" height="50" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="s4" bpmnElement="${jobType}"><dc:Bounds x="430" y="78" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="s5" bpmnElement="mini-done"><dc:Bounds x="580" y="100" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="s6" bpmnElement="mini-stopped"><dc:Bounds x="430" y="200" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="e1" bpmnElement="f1"><di:waypoint x="136" y="118" /><di:waypoint x="180" y="118" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="e2" bpmnElement="f2"><di:waypoint x="280" y="118" /><di:waypoint x="330" y="118" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="e3" bpmnElement="f3"><di:waypoint x="380" y="118" /><di:waypoint x="430" y="118" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="e4" bpmnElement="f4"><di:waypoint x="355" y="143" /><di:waypoint x="355" y="218" /><di:waypoint x="430" y="218" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="e5" bpmnElement="f5"><di:waypoint x="530" y="118" /><di:waypoint x="580" y="118" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

const MINI_FILE = path.join(ROOT, 'bpmn/test/birth-registration.bpmn');

async function mini(options: MiniOptions = {}, file = MINI_FILE): Promise<Diagram> {
  return parseDiagram(file, miniDiagram(options));
}

function formWith(formId: string, components: FormComponent[]): Form {
  return {
    file: path.join(FORMS_DIR, `${formId}.form`),
    schema: { id: formId, type: 'default', executionPlatform: 'Camunda Cloud', components },
  };
}

describe('the checks, when something is broken', () => {
  it('when the mini diagram is intact, then every per-diagram check passes (control case)', async () => {
    const diagram = await mini();
    expect(await lintViolations(diagram)).toEqual([]);
    expect(jobTypeViolations(diagram)).toEqual([]);
    expect(formReferenceViolations(diagram, forms)).toEqual([]);
    expect(conditionViolations(diagram, forms)).toEqual([]);
    expect(processIdViolations(diagram)).toEqual([]);
  });

  it('(a) when a service task has no task definition, then lint reports it', async () => {
    const violations = await lintViolations(await mini({ withTaskDefinition: false }));
    expect(violations).toEqual([expect.stringContaining(`camunda-compat/implementation error ${JobType.checkPortalAccount}`)]);
  });

  it('(b) when a job type is not a JobType, then it is reported', async () => {
    const violations = jobTypeViolations(await mini({ jobType: 'sign-scans' }));
    expect(violations).toEqual([expect.stringContaining('job type "sign-scans" is not a JobType')]);
  });

  it('(b) when a JobType is used by no diagram, then it is reported', async () => {
    const violations = unusedJobTypes([await mini()]);
    expect(violations).toContain(`JobType "${JobType.signScan}" is used by no diagram`);
    expect(violations).not.toContain(`JobType "${JobType.checkPortalAccount}" is used by no diagram`);
  });

  it('(c) when a form id has no form file, then it is reported', async () => {
    const violations = formReferenceViolations(await mini({ formId: 'check-component' }), forms);
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringContaining('form id "check-component" is not a FormId'),
        expect.stringContaining('forms/check-component.form does not exist'),
      ]),
    );
  });

  it('(c) when a form file declares another id, then it is reported', async () => {
    const renamed = formWith(FormId.checkComponents, []);
    renamed.schema.id = 'Form_0x1y2z';
    const violations = formReferenceViolations(await mini(), [renamed]);
    expect(violations).toEqual([`forms/${FormId.checkComponents}.form: id is "Form_0x1y2z", not "${FormId.checkComponents}"`]);
  });

  it('(c) when a form is referenced by no diagram, then it is reported', async () => {
    const orphan = formWith('request-extension', []);
    expect(unreferencedForms(diagrams, [...forms, orphan])).toEqual(['forms/request-extension.form is referenced by no diagram']);
  });

  it('(d) when a condition reads a variable nobody writes, then it is reported', async () => {
    const violations = conditionViolations(await mini({ condition: '=componentsDecison = "accept"' }), forms);
    expect(violations).toEqual(['f3: condition reads "componentsDecison", which no form field or start variable provides']);
  });

  it('(e) when the file name differs from the process id, then it is reported', async () => {
    const diagram = await mini({}, path.join(ROOT, 'bpmn/commune/death-registration.bpmn'));
    expect(processIdViolations(diagram)).toEqual([
      expect.stringContaining('process id "birth-registration" differs from file name "death-registration"'),
    ]);
  });

  it('(e) when a procedure\'s diagram is put in bpmn/shared/, then it is reported', async () => {
    const diagram = await mini({}, path.join(ROOT, 'bpmn/shared/birth-registration.bpmn'));
    expect(processIdViolations(diagram)).toEqual([expect.stringContaining('process "birth-registration" is in bpmn/shared/ but not SharedProcessIds')]);
  });

  it('(f) when a radio answers a boolean with string values, then it is reported', () => {
    const stringRadio = formWith(FormId.approveResult, [
      {
        type: 'radio',
        key: 'resultApproved',
        validate: { required: true },
        values: [
          { label: 'Phê duyệt', value: 'true' },
          { label: 'Trả lại', value: 'false' },
        ],
      },
      { type: 'textarea', key: 'approvalOpinion' },
    ]);
    expect(formOutputViolations(stringRadio)).toEqual([
      `${FormId.approveResult}.resultApproved: form submits string, steps.ts declares boolean`,
    ]);
  });
});
