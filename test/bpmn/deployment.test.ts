import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deploymentProblems, listResources } from '../../stack/deploy';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'deploy-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const diagram = (formId: string, startMessage = 'p.dossier-received') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0">
  <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent><bpmn:userTask id="t"><bpmn:extensionElements><zeebe:formDefinition formId="${formId}"/></bpmn:extensionElements></bpmn:userTask></bpmn:process>
  <bpmn:message id="m" name="${startMessage}"/>
</bpmn:definitions>
`;

describe('deployment check', () => {
  it('when the repository is deployed, then every diagram and form goes in and nothing is refused', () => {
    const { diagrams, forms } = listResources();
    expect(diagrams.length).toBeGreaterThan(0);
    expect(forms.length).toBeGreaterThan(0);
    expect(deploymentProblems(diagrams, forms)).toEqual([]);
  });

  it('when a diagram references a form that does not exist, then the problem names the file and the formId', () => {
    const root = tree({ 'bpmn/a.bpmn': diagram('missing-form'), 'forms/other.form': JSON.stringify({ id: 'other' }) });
    const { diagrams, forms } = listResources(root);
    expect(deploymentProblems(diagrams, forms)).toEqual([`${path.join(root, 'bpmn/a.bpmn')}: formId "missing-form" has no form in forms/`]);
  });

  it('when a process has no start message named after it, then the API could not start it and the problem says so', () => {
    const root = tree({ 'bpmn/a.bpmn': diagram('f', 'dossier-received'), 'forms/f.form': JSON.stringify({ id: 'f' }) });
    const { diagrams, forms } = listResources(root);
    expect(deploymentProblems(diagrams, forms)).toEqual([`${path.join(root, 'bpmn/a.bpmn')}: process "p" has no message start event for "p.dossier-received"`]);
  });

  it('when a shared sub-process has no start message, then that is right: call activities start it', () => {
    const called = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="q" isExecutable="true"><bpmn:startEvent id="s"/></bpmn:process></bpmn:definitions>
`;
    const caller = diagram('f').replace('</bpmn:process>', '<bpmn:callActivity id="c"><bpmn:extensionElements><zeebe:calledElement processId="q"/></bpmn:extensionElements></bpmn:callActivity></bpmn:process>');
    const root = tree({ 'bpmn/a.bpmn': caller, 'bpmn/shared/q.bpmn': called, 'forms/f.form': JSON.stringify({ id: 'f' }) });
    const { diagrams, forms } = listResources(root);
    expect(deploymentProblems(diagrams, forms)).toEqual([]);
    // the same diagram outside bpmn/shared/ is a procedure without its start message
    const elsewhere = tree({ 'bpmn/a.bpmn': caller, 'bpmn/commune/q.bpmn': called, 'forms/f.form': JSON.stringify({ id: 'f' }) });
    const moved = listResources(elsewhere);
    expect(deploymentProblems(moved.diagrams, moved.forms)).toEqual([`${path.join(elsewhere, 'bpmn/commune/q.bpmn')}: process "q" has no message start event for "q.dossier-received"`]);
  });

  it('when a call activity names a process no diagram defines, then the problem names the file and the process', () => {
    const caller = diagram('f').replace('</bpmn:process>', '<bpmn:callActivity id="c"><bpmn:extensionElements><zeebe:calledElement processId="missing" propagateAllChildVariables="false"/></bpmn:extensionElements></bpmn:callActivity></bpmn:process>');
    const root = tree({ 'bpmn/a.bpmn': caller, 'forms/f.form': JSON.stringify({ id: 'f' }) });
    const { diagrams, forms } = listResources(root);
    expect(deploymentProblems(diagrams, forms)).toEqual([`${path.join(root, 'bpmn/a.bpmn')}: call activity calls process "missing", which no diagram in bpmn/ defines`]);
  });

  it('when a diagram is cut short or a form is not JSON, then each is named', () => {
    const root = tree({ 'bpmn/sub/b.bpmn': diagram('f').slice(0, 200), 'forms/f.form': '{ "id": ' });
    const { diagrams, forms } = listResources(root);
    const problems = deploymentProblems(diagrams, forms);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/forms\/f\.form: not valid JSON/);
    expect(problems[1]).toMatch(/bpmn\/sub\/b\.bpmn: not a complete BPMN definitions document/);
  });
});
