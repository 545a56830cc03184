/** @camunda/form-linting 0.25 ships no types; the part stack/lint-forms.ts uses. */
declare module '@camunda/form-linting' {
  export class FormLinter {
    lint(form: unknown): { id?: string; message: string }[];
  }
}
