/**
 * One name per step: the BPMN element id, the job type (service tasks) or form id (user tasks),
 * the worker folder and the test all use these names, so `git grep sign-scan` finds the whole step.
 * Diagrams reference the same strings; test/bpmn checks both directions.
 */
export const JobType = {
  checkPortalAccount: 'check-portal-account',
  digitizeComponents: 'digitize-components',
  signScan: 'sign-scan',
  saveToWarehouse: 'save-to-warehouse',
  requestSupplement: 'request-supplement',
  refuseDossier: 'refuse-dossier',
  requestReviewSupplement: 'request-review-supplement',
  stopProcessing: 'stop-processing',
  withdrawDossier: 'withdraw-dossier',
  issueApology: 'issue-apology',
  remindApproval: 'remind-approval',
  requestConsultation: 'request-consultation',
  remindConsultation: 'remind-consultation',
  escalateApproval: 'escalate-approval',
  renderDraft: 'render-draft',
  requestLeaderSignature: 'request-leader-signature',
  applyLeaderSignature: 'apply-leader-signature',
  issueResult: 'issue-result',
  storeResult: 'store-result',
  returnResult: 'return-result',
  recordHandover: 'record-handover',
  postResult: 'post-result',
  requestPayment: 'request-payment',
  remindPayment: 'remind-payment',
  requestProvincialDecision: 'request-provincial-decision',
  remindProvincialDecision: 'remind-provincial-decision',
  sendProvincialDecision: 'send-provincial-decision',
} as const;
export type JobType = (typeof JobType)[keyof typeof JobType];

export const FormId = {
  createPortalAccount: 'create-portal-account',
  checkComponents: 'check-components',
  reviewDossier: 'review-dossier',
  approveResult: 'approve-result',
  handOverResult: 'hand-over-result',
  reviewSubmission: 'review-submission',
} as const;
export type FormId = (typeof FormId)[keyof typeof FormId];

/**
 * Process ids: file name = process id. A procedure's process is bpmn/<level>/<process-id>.bpmn and
 * starts on its `<process-id>.dossier-received` message; a shared sub-process is
 * bpmn/shared/<process-id>.bpmn, started only by the call activities of the same id in the procedures.
 */
export const ProcessId = {
  birthRegistration: 'birth-registration',
  landUsePurposeChange: 'land-use-purpose-change',
  provincialDecision: 'provincial-decision',
  intakeAndDigitize: 'intake-and-digitize',
  approveAndIssue: 'approve-and-issue',
  returnAndNotify: 'return-and-notify',
} as const;

/** The shared sub-processes (bpmn/shared/): called, never started by a message. */
export const SharedProcessIds: readonly string[] = [ProcessId.intakeAndDigitize, ProcessId.approveAndIssue, ProcessId.returnAndNotify];

/**
 * Variables the API sets when it starts a dossier's process. Workers read the dossier itself from
 * the database by `dossierCode`; the engine only carries what the diagram branches on or shows in forms.
 */
export interface DossierStartVariables {
  dossierCode: string;
  /** the dossier's database id: finds its instances in Operate even where another dossier had the same code (test databases) */
  dossierRef: string;
  procedureCode: string;
  procedureName: string;
  agencyCode: string;
  applicantName: string;
  /** masked for display in Tasklist, e.g. "0012******67" */
  applicantIdMasked: string;
  officerName: string;
  /** ISO 8601 date-time with offset; user tasks take it as their due date (zeebe:taskSchedule) */
  dueAt: string;
  /** VND the applicant owes (the procedure's fee and extra copies of the result asked for at intake); 0 = nothing to pay */
  feeAmount: number;
  /** the same, as staff read it in forms: "24/11/2026 17:00:00 (+07:00)" */
  dueAtText: string;
  /**
   * when a dossier still open at a staff step gets the apology letter (form 04): LATE_NOTICE_LEAD_HALF_DAYS
   * working half-days before `dueAt` (the late-notice boundary timers); moved with the due date
   */
  lateNoticeAt: string;
}

/** Variables set by user-task forms (form field keys). */
export interface CreatePortalAccountOutput {
  /** completed in Tasklist: the applicant did not want an account (the desk page completes it after the OTP) */
  portalAccountDeclined?: boolean;
  portalAccountDeclinedReason?: string;
}
/**
 * The one-stop officer's decision on the components (Decree 61/2018 art. 19): receive; ask for a supplement
 * (form 02); or refuse (form 03). Through the desk (POST /api/dossiers/:code/intake-decision) the API also
 * sets `intakeDecision`: the logged-in officer, whose key signs the notice.
 */
export interface CheckComponentsOutput {
  componentsDecision: 'accept' | 'supplement' | 'refuse';
  /** what must be supplemented, or why the dossier is refused: printed on the notice */
  componentsNote?: string;
}
/**
 * The specialist's review (Decree 61/2018 art. 19): accept and draft the result; ask for a supplement
 * (form 02; the deadline clock stops until it comes, or processing stops with form 05); or refuse
 * (form 03). Through the desk (POST /api/dossiers/:code/review) the API also sets `reviewDecider`: the
 * logged-in specialist, whose key signs the notice.
 */
export interface ReviewDossierOutput {
  /** consult: ask another agency's opinion first (xin ý kiến); the review comes back with its reply */
  reviewDecision: 'accept' | 'supplement' | 'refuse' | 'consult';
  reviewOpinion?: string;
  reviewerName: string;
}
/**
 * What the approval form sets. Through the desk (POST /api/dossiers/:code/approval) the API also sets
 * `approval`: the logged-in leader and the draft they saw (workers/leader-signature.ts), without which no
 * signature is requested.
 */
export interface ApproveResultOutput {
  resultApproved: boolean;
  approvalOpinion?: string;
}

/**
 * The provincial committee's office reviews a department's submission (inter-agency, bpmn/province/
 * provincial-decision.bpmn): accept → the decision is drafted for the committee's leader; return → the
 * submission goes back to the department with the reason.
 */
export interface ReviewSubmissionOutput {
  submissionDecision: 'accept' | 'return';
  submissionOpinion?: string;
}

/**
 * What a message brings into the instance that catches it (test/bpmn reads `*Message` interfaces as
 * variables a condition may read): the provincial committee's answer to a department's submission,
 * published by send-provincial-decision, caught by await-provincial-decision.
 */
export interface ProvincialDecisionAnsweredMessage {
  provincialDecision: 'issued' | 'returned';
  /** the office's reason when it returned the submission */
  provincialDecisionOpinion: string;
}

/**
 * The one-stop officer hands the paper result over at the desk. Through the desk page
 * (POST /api/dossiers/:code/handover) the API records the hand-over on the dossier first — the logged-in
 * officer, the receiver and the ID they showed, masked; no ID number goes into the process. Completed in
 * Tasklist, record-handover keeps the receiver's name the form gives.
 */
export interface HandOverResultOutput {
  /** who took the paper result: the applicant or the person they authorized */
  receiverName: string;
}

/** What service tasks complete with, where a diagram reads it (timers, correlation keys, conditions). */
export interface RequestPaymentOutput {
  /** ISO 8601 repeating interval of the reminders while the fee is unpaid, e.g. R3/P3D */
  paymentReminderCycle: string;
}
export interface ReturnResultOutput {
  /** how the paper result goes back, as the applicant chose at intake */
  resultDelivery: 'desk' | 'post';
}
export interface CheckPortalAccountOutput {
  hasPortalAccount: boolean;
  portalAccountText: string;
}
export interface RequestSupplementOutput {
  /** 1, 2, …: with the dossier code, the correlation key of that round's `dossier.supplemented` */
  supplementRound: number;
  /** ISO 8601 duration the dossier waits for the supplement before it is refused */
  supplementWait: string;
}
export interface RequestLeaderSignatureOutput {
  /** the signing service's transaction: the correlation key of the answer's message */
  leaderSignatureRequestId: string;
  /** ISO 8601 duration the process waits for the answer before asking the service itself */
  leaderSignatureWait: string;
}
export interface ApplyLeaderSignatureOutput {
  leaderSignatureStatus: 'signed' | 'rejected' | 'expired';
  /** cleared when not signed: the next approval must come from the leader again */
  approval?: null;
}

/** The applicant supplemented the dossier (API → engine), correlation key `<dossier code>:<round>`. */
export const DOSSIER_SUPPLEMENTED = 'dossier.supplemented';
export const supplementCorrelationKey = (dossierCode: string, round: number) => `${dossierCode}:${round}`;

/**
 * The applicant withdrew the dossier (API → engine), correlation key the dossier code: the interrupting
 * event sub-process `withdrawal` ends whatever the dossier was waiting for.
 */
export const DOSSIER_WITHDRAWN = 'dossier.withdrawn';

/**
 * The fee was paid (API → engine), correlation key the dossier code: online, reported by the payment
 * platform and confirmed with it (POST /api/payments/callbacks), or in cash at the desk (POST …/payment).
 */
export const FEE_PAID = 'fee.paid';

/** The consulted agency replied (API → engine), correlation key `<dossier code>:<round>`. */
export const CONSULTATION_REPLIED = 'consultation.replied';

/** The remote signing service's answer as the diagram branches on it (apply-leader-signature). */
export const LEADER_SIGNATURE_RESOLVED = 'leader-signature.resolved';

/**
 * What staff read for each step, the names of the diagrams' elements (test/bpmn checks they match),
 * and for the actions outside the diagrams that the audit log records. The processing control sheet
 * (form 06) prints these.
 */
export const stepNameVi: Record<string, string> = {
  intake: 'Tiếp nhận hồ sơ',
  'process-start': 'Khởi tạo quy trình',
  'population-check': 'Đối chiếu CSDLQG về dân cư',
  'portal-registration': 'Gửi mã OTP tạo tài khoản',
  supplement: 'Nhận hồ sơ bổ sung',
  withdrawal: 'Ghi nhận yêu cầu rút hồ sơ',
  [JobType.checkPortalAccount]: 'Kiểm tra tài khoản DVCQG',
  [FormId.createPortalAccount]: 'Tạo tài khoản',
  [FormId.checkComponents]: 'Kiểm tra thành phần hồ sơ',
  [JobType.requestSupplement]: 'Yêu cầu bổ sung, hoàn thiện hồ sơ',
  [JobType.digitizeComponents]: 'Số hóa thành phần hồ sơ',
  [JobType.signScan]: 'Ký số cá nhân lên bản số hóa',
  [JobType.saveToWarehouse]: 'Lưu vào kho dữ liệu điện tử',
  [FormId.reviewDossier]: 'Thẩm định hồ sơ',
  [JobType.renderDraft]: 'Dự thảo kết quả',
  [FormId.approveResult]: 'Lãnh đạo phê duyệt',
  // the call activity: a late notice while the dossier is with the leader or the clerk names it
  [ProcessId.approveAndIssue]: 'Phê duyệt, ban hành kết quả',
  [JobType.requestLeaderSignature]: 'Yêu cầu ký số phê duyệt',
  [JobType.applyLeaderSignature]: 'Gắn chữ ký số phê duyệt',
  [JobType.issueResult]: 'Ban hành kết quả',
  [JobType.storeResult]: 'Lưu kết quả vào kho',
  [JobType.returnResult]: 'Trả kết quả điện tử',
  [FormId.handOverResult]: 'Trao kết quả tại Bộ phận Một cửa',
  [JobType.recordHandover]: 'Ghi nhận đã trao kết quả',
  [JobType.postResult]: 'Gửi kết quả qua bưu chính',
  [JobType.requestPayment]: 'Yêu cầu thanh toán phí, lệ phí',
  'await-fee-payment': 'Chờ người nộp thanh toán',
  [JobType.remindPayment]: 'Nhắc người nộp thanh toán',
  payment: 'Ghi nhận đã thanh toán phí, lệ phí',
  'payment-twice': 'Thanh toán trùng, cần hoàn trả',
  [JobType.refuseDossier]: 'Từ chối tiếp nhận hồ sơ',
  [JobType.requestProvincialDecision]: 'Trình UBND tỉnh quyết định',
  [JobType.remindProvincialDecision]: 'Nhắc UBND tỉnh',
  // the receive task: a late notice while the committee decides names it
  'await-provincial-decision': 'Chờ UBND tỉnh quyết định',
  [FormId.reviewSubmission]: 'Văn phòng UBND tỉnh thẩm tra tờ trình',
  [JobType.sendProvincialDecision]: 'Gửi kết quả cho sở',
  [JobType.requestReviewSupplement]: 'Yêu cầu bổ sung khi thẩm định',
  [JobType.stopProcessing]: 'Dừng giải quyết hồ sơ',
  [JobType.withdrawDossier]: 'Kết thúc hồ sơ đã rút',
  [JobType.issueApology]: 'Xin lỗi và hẹn lại ngày trả kết quả',
  [JobType.remindApproval]: 'Nhắc lãnh đạo phê duyệt',
  [JobType.requestConsultation]: 'Xin ý kiến cơ quan liên quan',
  [JobType.remindConsultation]: 'Nhắc cơ quan được xin ý kiến',
  'await-consultation-reply': 'Chờ ý kiến trả lời',
  'consultation-reply': 'Nhận ý kiến trả lời',
  [JobType.escalateApproval]: 'Báo người đứng đầu',
};

/** The label of an audit action: `<step>` or `<step>:<task key | round | …>`. */
export const stepLabelVi = (action: string): string => stepNameVi[action.split(':')[0] ?? action] ?? action;
