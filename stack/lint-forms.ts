import { readFileSync } from 'node:fs';
import { listResources } from './deploy';

/**
 * Lints every Camunda form with Camunda's own form linter (@camunda/form-linting, the checks
 * Desktop and Web Modeler show) and fails on any report: `npx tsx stack/lint-forms.ts`.
 * The newest linter on npm (0.25.0) knows execution platforms up to 8.8; an 8.9 form is linted
 * against 8.8, the newest it knows (8.9 accepts everything 8.8 does), and the output says so.
 * A form the linter must reject is linted first, so a linter that checks nothing fails the run.
 */
interface Report { id?: string; message: string }
type Linter = { lint(form: unknown): Report[] };
const NEWEST_KNOWN = '8.8.0';

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
    let reports = linter.lint(form);
    if (reports.length === 0 && !knows(linter, form)) {
      console.log(`${file}: linted as ${NEWEST_KNOWN} (the linter does not know ${form.executionPlatformVersion} yet)`);
      reports = linter.lint({ ...form, executionPlatformVersion: NEWEST_KNOWN });
    }
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
