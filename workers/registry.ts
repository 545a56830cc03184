import type { JobType } from '../core/process/steps';
import { checkPortalAccount } from './check-portal-account/check-portal-account.worker';
import { digitizeComponents } from './digitize-components/digitize-components.worker';
import { applyLeaderSignature } from './apply-leader-signature/apply-leader-signature.worker';
import { issueResult } from './issue-result/issue-result.worker';
import { renderDraft } from './render-draft/render-draft.worker';
import { requestLeaderSignature } from './request-leader-signature/request-leader-signature.worker';
import { requestSupplement } from './request-supplement/request-supplement.worker';
import { requestReviewSupplement } from './request-review-supplement/request-review-supplement.worker';
import { stopProcessing } from './stop-processing/stop-processing.worker';
import { withdrawDossier } from './withdraw-dossier/withdraw-dossier.worker';
import { issueApology } from './issue-apology/issue-apology.worker';
import { remindApproval } from './remind-approval/remind-approval.worker';
import { requestConsultation } from './request-consultation/request-consultation.worker';
import { remindConsultation } from './remind-consultation/remind-consultation.worker';
import { escalateApproval } from './escalate-approval/escalate-approval.worker';
import { refuseDossier } from './refuse-dossier/refuse-dossier.worker';
import { returnResult } from './return-result/return-result.worker';
import { recordHandover } from './record-handover/record-handover.worker';
import { postResult } from './post-result/post-result.worker';
import { requestPayment } from './request-payment/request-payment.worker';
import { remindPayment } from './remind-payment/remind-payment.worker';
import { saveToWarehouse } from './save-to-warehouse/save-to-warehouse.worker';
import { signScan } from './sign-scan/sign-scan.worker';
import { storeResult } from './store-result/store-result.worker';
import type { StepDefinition } from './step';
import { requestProvincialDecision } from './request-provincial-decision/request-provincial-decision.worker';
import { remindProvincialDecision } from './remind-provincial-decision/remind-provincial-decision.worker';
import { sendProvincialDecision } from './send-provincial-decision/send-provincial-decision.worker';

/** Job type → step. test/bpmn checks that every task type in the diagrams is here, and back. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const steps: Record<JobType, StepDefinition<any>> = {
  'check-portal-account': checkPortalAccount,
  'digitize-components': digitizeComponents,
  'sign-scan': signScan,
  'save-to-warehouse': saveToWarehouse,
  'request-supplement': requestSupplement,
  'refuse-dossier': refuseDossier,
  'request-review-supplement': requestReviewSupplement,
  'stop-processing': stopProcessing,
  'withdraw-dossier': withdrawDossier,
  'issue-apology': issueApology,
  'remind-approval': remindApproval,
  'request-consultation': requestConsultation,
  'remind-consultation': remindConsultation,
  'escalate-approval': escalateApproval,
  'render-draft': renderDraft,
  'request-leader-signature': requestLeaderSignature,
  'apply-leader-signature': applyLeaderSignature,
  'issue-result': issueResult,
  'store-result': storeResult,
  'return-result': returnResult,
  'record-handover': recordHandover,
  'post-result': postResult,
  'request-payment': requestPayment,
  'remind-payment': remindPayment,
  'request-provincial-decision': requestProvincialDecision,
  'remind-provincial-decision': remindProvincialDecision,
  'send-provincial-decision': sendProvincialDecision,
};
