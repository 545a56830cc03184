import { z } from 'zod';
import { startMessageName } from '../../core/adapters/camunda';
import { provinceOf } from '../../core/data/agencies';
import { IncidentError } from '../../core/errors';
import { JobType, ProcessId } from '../../core/process/steps';
import { getDossier, recordStep } from '../../core/repositories/dossiers';
import { defineStep } from '../step';

/** The message that answers the request: the committee's decision, or the submission returned. */
export const PROVINCIAL_DECISION_ANSWERED = 'provincial-decision.answered';

/**
 * Trình UBND tỉnh quyết định — inter-agency hand-over (liên thông, seed 003): the department's issued
 * submission starts the Provincial People's Committee's own process instance (bpmn/province/
 * provincial-decision.bpmn) by its start message, correlated by the dossier code. The message id is the
 * submission's number: a re-delivered job publishes nothing new, and a submission the committee returned
 * and the department issued again (a new number) opens a new instance. The lead agency's due date goes
 * with it: the committee's steps count against the same date.
 */
export const requestProvincialDecision = defineStep({
  type: JobType.requestProvincialDecision,
  description: "Hand the department's submission to the Provincial People's Committee's process",
  input: z.object({
    dossierCode: z.string().min(1),
    procedureName: z.string().min(1),
    applicantName: z.string().min(1),
    applicantIdMasked: z.string().optional().nullable(),
    dueAt: z.string().min(1),
    dueAtText: z.string().optional().nullable(),
    lateNoticeAt: z.string().min(1),
  }),
  outputs: [],
  async handle(input, { deps }) {
    const { dossierCode } = input;
    const dossier = await getDossier(dossierCode);
    const submission = dossier.submission?.issued;
    if (!submission?.documentNumber || !submission.signature) {
      throw new IncidentError(`dossier ${dossierCode} has no issued submission to hand to the provincial committee`);
    }
    const committee = provinceOf(dossier.agencyCode);
    if (!committee) throw new IncidentError(`agency ${dossier.agencyCode} belongs to no province whose committee could decide`);
    const { duplicate } = await deps.messages.publishMessageOnce({
      name: startMessageName(ProcessId.provincialDecision),
      correlationKey: dossierCode,
      messageId: `${ProcessId.provincialDecision}:${dossierCode}:${submission.documentNumber}`,
      timeToLiveMs: deps.config.PROCESS_START_DEDUP_MS,
      variables: {
        dossierCode, dossierRef: String(dossier._id), procedureCode: dossier.procedureCode, procedureName: input.procedureName,
        // the lead agency stays the dossier's; the committee approves and numbers the result
        agencyCode: dossier.agencyCode, issuingAgencyCode: committee.code,
        applicantName: input.applicantName, ...(input.applicantIdMasked ? { applicantIdMasked: input.applicantIdMasked } : {}),
        dueAt: input.dueAt, ...(input.dueAtText ? { dueAtText: input.dueAtText } : {}), lateNoticeAt: input.lateNoticeAt,
        submissionNumber: submission.documentNumber,
      },
    });
    if (duplicate) deps.log.info({ dossierCode }, 'the provincial committee already has this submission');
    await recordStep(dossierCode, `${JobType.requestProvincialDecision}:${submission.documentNumber}`, {
      note: `Trình ${committee.name} quyết định (Tờ trình ${submission.documentNumber})`,
    }, deps.now());
    return {};
  },
});
