import { z } from 'zod';

/**
 * What the approval route (api/dossiers approveDossier) puts into the process when the logged-in leader
 * approves: who (token subject and name), on which draft, in which approval task. The two leader-signature
 * steps read it; nothing in it comes from a request body.
 */
export const approvalSchema = z.object({
  decision: z.literal('approved'),
  by: z.string().min(1),
  name: z.string().min(1),
  draftSha256: z.string().regex(/^[0-9a-f]{64}$/),
  taskKey: z.string().min(1),
});
export type Approval = z.infer<typeof approvalSchema>;

/** One prepared draft, one signing transaction and one signed draft per approval. */
export const leaderSignatureKeys = (dossierCode: string, taskKey: string) => ({
  prepared: `leader-prepared:${dossierCode}:${taskKey}`,
  signed: `leader-signed:${dossierCode}:${taskKey}`,
  transaction: `${dossierCode}:approval:${taskKey}`,
});
