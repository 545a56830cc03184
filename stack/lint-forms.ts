import { readFileSync } from 'node:fs';
import { listResources } from './deploy';

/**
 * Lints every Camunda form with Camunda's own form linter (@camunda/form-linting, the checks
 * Desktop and Web Modeler show) and fails on any report: `npx tsx stack/lint-forms.ts`.
 * Every form targets Camunda 8.6 (executionPlatformVersion); a form for a version the linter has no
 * rules for is itself a failure, so a version bump cannot silently turn the checks off.
 * A form the linter must reject is linted first, so a linter that checks nothing fails the run.
 */
interface Report { id?: string; message: string }
type Linter = { lint(form: unknown): Report[] };

async function main(): Promise<void> {
  // the package ships ES module syntax in .js files without "type": "module"; tsx loads it
  const { FormLinter } = await import('@camunda/form-linting');
  const linter = new FormLinter();

  const mustFail = { type: 'default', executionPlatform: 'Camunda Cloud', executionPlatformVersion: '8.0.0',
    components: [{ type: 'datetime', key: 'x', label: 'x', subtype: 'date' }] };
  if (linter.lint(mustFail).length === 0) {
    console.error('form lint: the linter accepted a form it must reject; it is not checking anything');
    process.exit(1);
  }

  const { forms } = listResources();
  let problems = 0;
  for (const file of forms) {
    const form = JSON.parse(readFileSync(file, 'utf8')) as { executionPlatformVersion?: string };
    if (!knows(linter, form)) {
      console.error(`${file}: the form linter has no rules for Camunda ${form.executionPlatformVersion ?? '(no executionPlatformVersion)'}`);
      problems++;
      continue;
    }
    const reports = linter.lint(form);
    for (const r of reports) console.error(`${file}: ${r.id ?? ''} ${r.message}`);
    problems += reports.length;
  }
  if (problems > 0) {
    console.error(`form lint: ${problems} problem(s)`);
    process.exit(1);
  }
  console.log(`form lint: ${forms.length} form(s) clean`);
}

/** Whether the linter has rules for this form's version: a deliberately bad field must be reported. */
function knows(linter: Linter, form: { executionPlatformVersion?: string }): boolean {
  const probe = { ...form, components: [{ type: 'no-such-field-type', key: 'probe' }] };
  return linter.lint(probe).length > 0;
}

void main();
