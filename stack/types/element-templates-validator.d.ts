/** @bpmn-io/element-templates-validator 2.26 ships no types; the part test/bpmn/element-templates.test.ts uses. */
declare module '@bpmn-io/element-templates-validator' {
  export interface ValidationResult {
    valid: boolean;
    object: unknown;
    errors: unknown[] | null;
  }
  export function validateZeebe(template: unknown): ValidationResult;
  export function validateAllZeebe(templates: unknown[]): { valid: boolean; results: ValidationResult[] };
}
