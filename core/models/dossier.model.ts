import { Schema, model, type Types } from 'mongoose';
import { idTypes, type IdType } from '../rules/identity';
import type { DigitizationMode } from '../data/procedures';
import type { BirthRecord } from '../rules/birth-record';

/**
 * A dossier (hồ sơ) from intake to return. The engine holds where the process is; this record holds
 * what staff and statistics need: the applicant, the components and how each was digitized, the
 * result, and a history of steps (processing control sheet, TT 03/2025 form 6).
 */
export const dossierStatuses = [
  'received', // tiếp nhận, process started
  'awaiting-supplement', // yêu cầu bổ sung, hoàn thiện (form 02): waits for the applicant
  'refused', // không tiếp nhận / từ chối
  'stopped', // dừng xử lý (form 05): the applicant did not supplement in time during processing
  'withdrawn', // rút hồ sơ: the applicant withdrew it before the result was issued
  'digitized', // components scanned, signed, saved to the warehouse
  'issued', // result issued (numbered, signed)
  'ready-for-collection', // electronic result returned; the paper result waits at the desk
  'returned', // result returned to the applicant (handed over at the desk, or handed to the post)
] as const;
export type DossierStatus = (typeof dossierStatuses)[number];

/** The statuses in which a dossier's processing has ended (or its result is out): nothing left to withdraw, apologize for or wait on. */
export const endedStatuses: readonly DossierStatus[] = ['refused', 'stopped', 'withdrawn', 'issued', 'ready-for-collection', 'returned'];


export interface Signature {
  signerName: string;
  /** the signer's Keycloak id, for personal signatures */
  signerSubject?: string;
  role: 'digitizer' | 'leader' | 'organization';
  signedAt: Date;
  fileId: Types.ObjectId;
  sha256: string;
}

export interface DossierComponent {
  code: string;
  name: string;
  digitization: DigitizationMode;
  documentTypeCode: string;
  fileId: Types.ObjectId;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  pageCount: number;
  /** lowest effective resolution of its scanned pages, as measured at intake */
  scanDpi?: number;
  digitizedAt?: Date;
  signature?: Signature;
  warehouseCode?: string;
  /** an online dossier's file: an electronic document of the applicant, checked and accepted, not scanned or signed by the desk */
  receivedElectronically?: boolean;
  /** taken from the applicant's warehouse instead of a scan (counts as reuse), confirmed by the officer */
  reusedFrom?: { documentId: string; warehouseCode: string; confirmedBy: string; at: Date };
}

export interface SupplementRound {
  round: number;
  /** at the desk's components check (the due date counts anew) or during review (the clock pauses) */
  phase?: 'intake' | 'review';
  /** review phase: working half-days the clock stood still, added to the due date on resumption */
  pausedHalfDays?: number;
  /** the request-supplement activation that made it: a re-delivered job finds its round */
  activationKey: string;
  /** the check-components task whose decision (recorded by the API) the notice was signed for */
  decisionTaskKey?: string;
  note: string;
  requestedAt: Date;
  requestedBy?: string;
  noticeFileId: Types.ObjectId;
  noticeSha256: string;
  noticeSigned: boolean;
  state: 'requested' | 'received';
  receivedAt?: Date;
  receivedBy?: string;
  /** components brought back, and what they replaced */
  components?: { code: string; fileId: Types.ObjectId; sha256: string; replacedFileId?: Types.ObjectId }[];
  /** the message that resumes the process: an outbox entry, published until the engine has it */
  message?: 'pending' | 'published';
}

/** The documents that go through approval and issuance (bpmn/shared/approve-and-issue.bpmn). */
export const issuedDocuments = ['result', 'submission'] as const;
export type IssuedDocument = (typeof issuedDocuments)[number];

/** One document's way through approval: its drafts, the leader's decision and signature. */
export interface Issuance {
  /** the draft (dự thảo) the leader reads before approving; a new version after each return */
  draft?: { version: number; fileId: Types.ObjectId; sha256: string; renderedAt: Date };
  /** every draft version, oldest first: who prepared it (the reviewer), when, its hash */
  draftVersions?: { version: number; fileId: Types.ObjectId; sha256: string; renderedAt: Date; preparedBy?: string }[];
  /** the leader's decision, as made by the logged-in leader (token subject), on the draft they saw */
  approval?: { decision: 'approved' | 'returned'; by: string; name: string; opinion?: string; draftSha256?: string; at: Date; taskKey: string };
  /**
   * The leader's signature through the remote signing service: requested after approval, then
   * confirmed (signed), rejected or expired by the leader on their phone.
   */
  leaderSignature?: {
    state: 'requested' | 'signed' | 'rejected' | 'expired';
    requestId: string;
    signerSubject: string;
    signerName: string;
    requestedAt: Date;
    signedAt?: Date;
    fileId?: Types.ObjectId;
    sha256?: string;
    /** where the leader's signature image sits on page 1: the seal goes over its left third at issuance */
    imageRect?: { x: number; y: number; width: number; height: number };
  };
}

/** An issued document: number, identifier, date, the issuing agency and its signature, its warehouse code. */
export interface IssuedRecord {
  documentNumber?: string;
  documentIdentifier?: string;
  issuedAt?: Date;
  /** the agency whose register numbered it and whose organization signature it bears */
  agencyCode?: string;
  signature?: Signature;
  warehouseCode?: string;
}

/** The parcel and the purposes of a land-use purpose change, as the department's specialist recorded them at review. */
export interface LandUseRecord {
  parcel: { number: string; mapSheet: string; areaM2: number; address: string };
  fromPurpose: string;
  toPurpose: string;
  term: string;
}

export interface Dossier {
  code: string;
  intakeKey: string;
  procedureCode: string;
  agencyCode: string;
  channel: 'in-person' | 'online' | 'post';
  /** address: where a dossier received by post gets its receipt and result mailed */
  applicant: { idType: IdType; idNumber: string; fullName: string; dateOfBirth?: string; phone?: string; email?: string; address?: string; zalo?: boolean };
  /** how the paper result goes back, as the applicant chose at intake (absent on dossiers from before: at the desk, or by post when received by post) */
  resultDelivery?: 'desk' | 'post';
  /** with a power of attorney: who authorized the applicant (their portal account is the one checked) */
  authorizer?: { idType: IdType; idNumber: string; fullName: string; dateOfBirth?: string };
  /** SHA-256 of the submission (JSON + files) under its Idempotency-Key: a repeat must match it */
  intakeFingerprint?: string;
  subject?: { fullName?: string; dateOfBirth?: string };
  /** the one-stop officer who received it, as their token said: name and identity-provider subject */
  officerName: string;
  officerSubject?: string;
  status: DossierStatus;
  receivedAt: Date;
  dueAt: Date;
  processInstanceKey?: string;
  /**
   * The start of the dossier's process, kept as an outbox entry: 'pending' until the engine has
   * taken the start message (then 'requested'). A pending start is retried until it is taken; the
   * engine itself keeps it to one instance per dossier (message id and correlation key = code).
   */
  processStart?: { state: 'pending' | 'requested'; attempts: number; requestedAt?: Date; lastError?: string };
  portalAccount?: {
    exists?: boolean;
    accountId?: string;
    /** how the portal confirmed the account's identity: a VNeID (level 2) account, or the population database */
    verifiedBy?: 'vneid' | 'population-db';
    checkedAt?: Date;
    /** made at the desk (create-portal-account): by whom, and the ID-card scan sent to the portal */
    createdAt?: Date;
    createdBy?: string;
    registration?: { id: string; otpExpiresAt: Date; phoneMasked: string; scanFileId: Types.ObjectId; startedBy: string; startedAt: Date };
  };
  /** the one-stop officer's decisions on the components, latest last (check-components) */
  intakeDecisions?: { decision: 'accept' | 'supplement' | 'refuse'; note?: string; by: string; name: string; at: Date; taskKey: string }[];
  /** the civil-status officer's (specialist's) review decisions, latest last (review-dossier) */
  reviewDecisions?: { decision: 'accept' | 'supplement' | 'refuse' | 'consult'; note?: string; by: string; name: string; at: Date; taskKey: string }[];
  /**
   * Opinions asked of other agencies during review (xin ý kiến): the question, who asked, the reply as an
   * intermediate document — kept, but not a procedure result — and the message that resumes the process.
   */
  consultations?: {
    round: number; activationKey: string; agencyCode: string; question: string; requestedAt: Date; requestedBy?: string;
    state: 'requested' | 'replied'; reminders: number;
    reply?: { opinion: string; fileId: Types.ObjectId; sha256: string; by: string; byName: string; at: Date; message: 'pending' | 'published' };
  }[];
  /** what the specialist recorded from the declaration for the result (birth registration) */
  birthRecord?: BirthRecord;
  /**
   * The apology letter (form 04), issued while the dossier was still open half a day before its due date:
   * at which step it was late, the new appointment, the notice. `dueAt` stays the legal due date (a late
   * dossier is counted late); `appointmentAt` is the date the applicant was given last.
   */
  apology?: { lateAt: string; reason: string; newDueAt: Date; at: Date; fileId: Types.ObjectId; sha256: string; signed: boolean };
  appointmentAt?: Date;
  /** the approval step's deadline signals: a reminder to the leaders, then an escalation to the head */
  approvalAlerts?: { kind: 'reminder' | 'escalation'; draftVersion: number; at: Date; sent: boolean }[];
  /** processing stopped (form 05) because a supplement asked during review did not come in time */
  stop?: { reason: string; by?: string; byName?: string; at: Date; fileId: Types.ObjectId; sha256: string; signed: boolean };
  /**
   * The applicant's withdrawal, recorded at the desk: an outbox entry until the engine has the message
   * (`message`), then closed by the withdraw-dossier step (`closedAt`).
   */
  withdrawal?: { reason: string; requestedAt: Date; requestedBy: string; requestedByName: string; message: 'pending' | 'published'; closedAt?: Date };
  /**
   * When issue-result claimed the dossier for numbering: from then on it cannot be withdrawn, and a
   * recorded withdrawal keeps it from being numbered (one of the two wins, atomically).
   */
  issuingSince?: Date;
  /** each supplement request (form 02) and what the applicant brought back */
  supplements?: SupplementRound[];
  /** the round whose resume message is still to be published (outbox marker; absent when none) */
  supplementMessagePending?: number;
  /** the refusal (form 03): why, who (when decided at the desk), and the notice */
  refusal?: { reason: string; source: 'intake' | 'review' | 'supplement-expired'; by?: string; byName?: string; at: Date; fileId: Types.ObjectId; sha256: string; signed: boolean };
  components: DossierComponent[];
  /** the receipt and appointment slip (form 01), signed by the receiving officer */
  receipt?: { fileId: Types.ObjectId; sha256: string; signerName: string; issuedAt: Date };
  /**
   * The document in approval and issuance now (render-draft sets it): the procedure's result, or an
   * intermediate document such as a department's submission in an inter-agency procedure; and the agency
   * whose leader approves and whose register numbers it. The result's pipeline is kept at the top level
   * (draft … result), an intermediate document's under its own name (`submission`): core/rules/issuance.ts.
   */
  issuing?: { document: IssuedDocument; agencyCode: string };
  /** the result's draft, approval, signature and issued document */
  draft?: Issuance['draft'];
  draftVersions?: Issuance['draftVersions'];
  approval?: Issuance['approval'];
  leaderSignature?: Issuance['leaderSignature'];
  result?: IssuedRecord;
  /** the department's submission (tờ trình) to the deciding agency: an intermediate document, not the result */
  submission?: Issuance & { issued?: IssuedRecord; issuingSince?: Date };
  /** what the specialist recorded for a land-use purpose change (the parcel, the purposes, the term) */
  landUse?: LandUseRecord;
  returnedAt?: Date;
  /** what the applicant owes, itemized at intake (core/rules/fees.ts); total 0 = nothing to pay */
  fee?: { items: { name: string; quantity: number; unitAmount: number; amount: number }[]; total: number };
  /**
   * The fee's payment: requested on the national payment platform (request-payment), then paid online
   * (the platform's callback, confirmed with it) or in cash at the desk; `message` is the outbox state of
   * `fee.paid`, published until the engine has it.
   */
  payment?: {
    state: 'requested' | 'paid'; amount: number; requestedAt?: Date; paymentId?: string; payUrl?: string;
    paidAt?: Date; method?: 'online' | 'desk'; transactionNo?: string; receiptNumber?: string; recordedBy?: string; recordedByName?: string;
    message?: 'pending' | 'published';
  };
  /** the paper result handed over at the desk: who took it (ID masked), which officer, when */
  handover?: { receiverName: string; receiverIdMasked?: string; authorization?: string; by?: string; byName?: string; at: Date; recordedBy: 'desk' | 'tasklist' };
  /** the paper result sent by post: the shipment's tracking number (S10) at the postal service */
  postal?: { itemCode: string; sentAt: Date };
  history: { step: string; at: Date; actor?: string; actorSubject?: string; note?: string }[];
  /** step name → when it was first recorded (idempotency marker, see recordStep) */
  stepsDone?: Record<string, Date>;
}

/** The paths of one Issuance (fresh objects each call: the result's at the top level, a submission's nested). */
function issuanceDefinition() {
  return {
    draftVersions: {
      type: [new Schema({ version: { type: Number, required: true }, fileId: { type: Schema.Types.ObjectId, required: true }, sha256: { type: String, required: true }, renderedAt: { type: Date, required: true }, preparedBy: String }, { _id: false })],
      default: undefined,
    },
    draft: {
      version: { type: Number },
      fileId: { type: Schema.Types.ObjectId },
      sha256: { type: String },
      renderedAt: { type: Date },
    },
    approval: {
      decision: { type: String, enum: ['approved', 'returned'] },
      by: { type: String },
      name: { type: String },
      opinion: { type: String },
      draftSha256: { type: String },
      at: { type: Date },
      taskKey: { type: String },
    },
    leaderSignature: {
      state: { type: String, enum: ['requested', 'signed', 'rejected', 'expired'] },
      requestId: { type: String },
      signerSubject: { type: String },
      signerName: { type: String },
      requestedAt: { type: Date },
      signedAt: { type: Date },
      fileId: { type: Schema.Types.ObjectId },
      sha256: { type: String },
      imageRect: { x: Number, y: Number, width: Number, height: Number },
    },
  };
}

function issuedDefinition() {
  return {
    documentNumber: { type: String },
    documentIdentifier: { type: String },
    issuedAt: { type: Date },
    agencyCode: { type: String },
    signature: { type: signatureSchema },
    warehouseCode: { type: String },
  };
}

const signatureSchema = new Schema<Signature>(
  {
    signerName: { type: String, required: true },
    signerSubject: { type: String },
    role: { type: String, enum: ['digitizer', 'leader', 'organization'], required: true },
    signedAt: { type: Date, required: true },
    fileId: { type: Schema.Types.ObjectId, required: true }, // GridFS file holding the signed PDF
    sha256: { type: String, required: true },
  },
  { _id: false },
);

const componentSchema = new Schema<DossierComponent>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    digitization: { type: String, enum: ['scan-only', 'mandatory', 'on-demand'], required: true },
    documentTypeCode: { type: String, required: true },
    fileId: { type: Schema.Types.ObjectId, required: true }, // uploaded scan, as received
    fileName: { type: String, required: true },
    mimeType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    pageCount: { type: Number, required: true },
    scanDpi: { type: Number },
    receivedElectronically: { type: Boolean },
    digitizedAt: { type: Date },
    signature: { type: signatureSchema },
    warehouseCode: { type: String },
    reusedFrom: {
      type: new Schema({ documentId: { type: String, required: true }, warehouseCode: { type: String, required: true }, confirmedBy: { type: String, required: true }, at: { type: Date, required: true } }, { _id: false }),
      required: false,
    },
  },
  { _id: false },
);

const historySchema = new Schema(
  {
    step: { type: String, required: true }, // step name (job type or form id)
    at: { type: Date, required: true },
    actor: { type: String },
    actorSubject: { type: String },
    note: { type: String },
  },
  { _id: false },
);

const dossierSchema = new Schema<Dossier>(
  {
    code: { type: String, required: true },
    intakeKey: { type: String, required: true }, // Idempotency-Key of the submission
    procedureCode: { type: String, required: true },
    agencyCode: { type: String, required: true },
    channel: { type: String, enum: ['in-person', 'online', 'post'], required: true },
    applicant: {
      idType: { type: String, enum: idTypes, required: true },
      idNumber: { type: String, required: true },
      fullName: { type: String, required: true },
      dateOfBirth: { type: String },
      phone: { type: String },
      address: { type: String },
      email: { type: String },
      zalo: { type: Boolean },
    },
    resultDelivery: { type: String, enum: ['desk', 'post'] },
    authorizer: {
      type: new Schema({ idType: { type: String, enum: idTypes, required: true }, idNumber: { type: String, required: true }, fullName: { type: String, required: true }, dateOfBirth: { type: String } }, { _id: false }),
      required: false,
    },
    intakeFingerprint: { type: String },
    subject: {
      // the person the result is about (the child, for a birth registration)
      fullName: { type: String },
      dateOfBirth: { type: String },
    },
    officerName: { type: String, required: true },
    officerSubject: { type: String },
    status: { type: String, enum: dossierStatuses, required: true },
    receivedAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    processInstanceKey: { type: String },
    processStart: {
      state: { type: String, enum: ['pending', 'requested'] },
      attempts: { type: Number },
      requestedAt: { type: Date },
      lastError: { type: String },
    },
    portalAccount: {
      exists: { type: Boolean },
      accountId: { type: String },
      verifiedBy: { type: String, enum: ['vneid', 'population-db'] },
      checkedAt: { type: Date },
      createdAt: { type: Date },
      createdBy: { type: String },
      registration: {
        type: new Schema({ id: String, otpExpiresAt: Date, phoneMasked: String, scanFileId: Schema.Types.ObjectId, startedBy: String, startedAt: Date }, { _id: false }),
        required: false,
      },
    },
    intakeDecisions: {
      type: [new Schema({ decision: { type: String, enum: ['accept', 'supplement', 'refuse'], required: true }, note: String, by: { type: String, required: true }, name: { type: String, required: true }, at: { type: Date, required: true }, taskKey: { type: String, required: true } }, { _id: false })],
      default: undefined,
    },
    reviewDecisions: {
      type: [new Schema({ decision: { type: String, enum: ['accept', 'supplement', 'refuse', 'consult'], required: true }, note: String, by: { type: String, required: true }, name: { type: String, required: true }, at: { type: Date, required: true }, taskKey: { type: String, required: true } }, { _id: false })],
      default: undefined,
    },
    consultations: { type: [Schema.Types.Mixed], default: undefined },
    birthRecord: { type: Schema.Types.Mixed },
    withdrawal: {
      type: new Schema({ reason: { type: String, required: true }, requestedAt: { type: Date, required: true }, requestedBy: { type: String, required: true },
        requestedByName: { type: String, required: true }, message: { type: String, enum: ['pending', 'published'], required: true }, closedAt: Date }, { _id: false }),
      required: false,
    },
    issuingSince: { type: Date },
    apology: {
      type: new Schema({ lateAt: { type: String, required: true }, reason: { type: String, required: true }, newDueAt: { type: Date, required: true },
        at: { type: Date, required: true }, fileId: { type: Schema.Types.ObjectId, required: true }, sha256: { type: String, required: true }, signed: { type: Boolean, required: true } }, { _id: false }),
      required: false,
    },
    appointmentAt: { type: Date },
    approvalAlerts: {
      type: [new Schema({ kind: { type: String, enum: ['reminder', 'escalation'], required: true }, draftVersion: { type: Number, required: true }, at: { type: Date, required: true }, sent: { type: Boolean, required: true } }, { _id: false })],
      default: undefined,
    },
    stop: {
      type: new Schema({ reason: { type: String, required: true }, by: String, byName: String,
        at: { type: Date, required: true }, fileId: { type: Schema.Types.ObjectId, required: true }, sha256: { type: String, required: true }, signed: { type: Boolean, required: true } }, { _id: false }),
      required: false,
    },
    supplements: {
      type: [new Schema({
        round: { type: Number, required: true }, phase: { type: String, enum: ['intake', 'review'] }, pausedHalfDays: Number, activationKey: { type: String, required: true }, decisionTaskKey: String, note: { type: String, required: true },
        requestedAt: { type: Date, required: true }, requestedBy: String, noticeFileId: { type: Schema.Types.ObjectId, required: true },
        noticeSha256: { type: String, required: true }, noticeSigned: { type: Boolean, required: true },
        state: { type: String, enum: ['requested', 'received'], required: true }, receivedAt: Date, receivedBy: String,
        components: { type: [new Schema({ code: String, fileId: Schema.Types.ObjectId, sha256: String, replacedFileId: Schema.Types.ObjectId }, { _id: false })], default: undefined },
        message: { type: String, enum: ['pending', 'published'] },
      }, { _id: false })],
      default: undefined,
    },
    supplementMessagePending: { type: Number },
    refusal: {
      type: new Schema({ reason: { type: String, required: true }, source: { type: String, enum: ['intake', 'review', 'supplement-expired'], required: true }, by: String, byName: String,
        at: { type: Date, required: true }, fileId: { type: Schema.Types.ObjectId, required: true }, sha256: { type: String, required: true }, signed: { type: Boolean, required: true } }, { _id: false }),
      required: false,
    },
    components: { type: [componentSchema], default: [] },
    receipt: {
      fileId: { type: Schema.Types.ObjectId },
      sha256: { type: String },
      signerName: { type: String },
      issuedAt: { type: Date },
    },
    issuing: { document: { type: String, enum: issuedDocuments }, agencyCode: { type: String } },
    ...issuanceDefinition(),
    result: issuedDefinition(),
    submission: { ...issuanceDefinition(), issued: issuedDefinition(), issuingSince: { type: Date } },
    landUse: { type: Schema.Types.Mixed },
    returnedAt: { type: Date },
    handover: {
      type: new Schema({ receiverName: String, receiverIdMasked: String, authorization: String, by: String, byName: String, at: Date, recordedBy: { type: String, enum: ['desk', 'tasklist'] } }, { _id: false }),
      required: false,
    },
    postal: { type: new Schema({ itemCode: String, sentAt: Date }, { _id: false }), required: false },
    fee: {
      type: new Schema({
        items: [new Schema({ name: String, quantity: Number, unitAmount: Number, amount: Number }, { _id: false })],
        total: { type: Number, required: true },
      }, { _id: false }),
      required: false,
    },
    payment: {
      type: new Schema({
        state: { type: String, enum: ['requested', 'paid'], required: true }, amount: { type: Number, required: true }, requestedAt: Date, paymentId: String, payUrl: String,
        paidAt: Date, method: { type: String, enum: ['online', 'desk'] }, transactionNo: String, receiptNumber: String, recordedBy: String, recordedByName: String,
        message: { type: String, enum: ['pending', 'published'] },
      }, { _id: false }),
      required: false,
    },
    history: { type: [historySchema], default: [] },
    stepsDone: { type: Schema.Types.Mixed, default: {} },
  },
  { timestamps: true, collection: 'dossiers' },
);

// serves: GET /api/dossiers/:code and every worker's lookup by dossierCode
dossierSchema.index({ code: 1 }, { unique: true });
// serves: duplicate submission detection (same Idempotency-Key → same dossier)
dossierSchema.index({ intakeKey: 1 }, { unique: true });
// serves: monthly statistics per agency (later issue) and the agency's dossier list
dossierSchema.index({ agencyCode: 1, receivedAt: -1 });
// serves: the retry of process starts the engine has not taken yet (api/dossiers startPendingProcesses)
dossierSchema.index({ 'processStart.state': 1, receivedAt: 1 });
// serves: the supplements whose resume message the engine has not taken yet (sparse: few ever are)
dossierSchema.index({ supplementMessagePending: 1 }, { sparse: true });

export const DossierModel = model('Dossier', dossierSchema);
