/**
 * The one error table (STYLE §5). API routes throw these; the error handler maps `status`.
 * Workers turn `BusinessRuleError` into a BPMN error (code declared in BpmnErrorCode) and
 * everything else into a job failure (retries with backoff, then an incident in Operate).
 * Messages staff or applicants read are Vietnamese, with English for API clients.
 */

export interface Violation {
  field: string;
  rule: string;
  message: string; // Vietnamese
}

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RULE_VIOLATED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'LENGTH_REQUIRED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'DEPENDENCY_UNAVAILABLE'
  | 'INTERNAL';

const httpStatus: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RULE_VIOLATED: 422,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LENGTH_REQUIRED: 411,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  DEPENDENCY_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly messageVi: string,
    readonly violations: Violation[] = [],
  ) {
    super(message);
    this.name = 'AppError';
    this.status = httpStatus[code];
  }
}

export const badRequest = (violations: Violation[]) =>
  new AppError('VALIDATION_FAILED', 'Request is invalid', 'Dữ liệu gửi lên không hợp lệ', violations);
export const ruleViolated = (violations: Violation[]) =>
  new AppError('RULE_VIOLATED', 'Dossier breaks a procedure rule', 'Hồ sơ không đáp ứng quy định của thủ tục', violations);
export const notFound = (what: string, id: string) =>
  new AppError('NOT_FOUND', `${what} ${id} not found`, `Không tìm thấy ${what} ${id}`);
export const unauthenticated = (message: string, messageVi: string) => new AppError('UNAUTHENTICATED', message, messageVi);
export const forbidden = (message: string, messageVi: string) => new AppError('FORBIDDEN', message, messageVi);
export const conflict = (message: string, messageVi: string) => new AppError('CONFLICT', message, messageVi);
export const unavailable = (dependency: string, cause?: unknown) => {
  const err = new AppError(
    'DEPENDENCY_UNAVAILABLE',
    `${dependency} is unavailable, nothing was saved; try again`,
    `Hệ thống ${dependency} tạm thời không sẵn sàng, hồ sơ chưa được lưu; vui lòng thử lại`,
  );
  if (cause !== undefined) (err as Error & { cause?: unknown }).cause = cause;
  return err;
};

/**
 * Error codes thrown as BPMN errors; a diagram's error boundary event catches them by these exact
 * strings (test/bpmn checks that every code a diagram catches is declared here). Business decisions
 * are routed by variables; a code is for what a step finds it cannot do.
 */
export const BpmnErrorCode = Object.freeze({
  /** approval without the leader's login (completed outside the desk page): nobody to ask for a signature */
  APPROVER_NOT_AUTHENTICATED: 'APPROVER_NOT_AUTHENTICATED',
} as const) as Readonly<Record<string, string>>;
export type BpmnErrorCode = string;

/** A business outcome the diagram models; workers answer it with `job.error(code)`. */
export class BusinessRuleError extends Error {
  constructor(readonly bpmnCode: BpmnErrorCode, message: string) {
    super(message);
    this.name = 'BusinessRuleError';
  }
}

/**
 * A failure no retry can mend (a person without a signing certificate, a signature from the wrong key):
 * the job fails with no retries left, so an administrator sees the incident in Operate at once, fixes
 * the cause and retries it there. The message names what is missing, never personal data.
 */
export class IncidentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncidentError';
  }
}
