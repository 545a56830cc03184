import { z } from 'zod';
import { JobType, type CheckPortalAccountOutput } from '../../core/process/steps';
import { getDossier, recordStep } from '../../core/repositories/dossiers';
import { defineStep } from '../step';

/**
 * Kiểm tra tài khoản DVCQG — look up the applicant's account on the national public-service portal
 * (seed 003 step 2; seed 001 §1). Routes only: completes with `hasPortalAccount` and the diagram
 * (or the officer, in the form) decides. An outage of the portal is technical: retried with backoff.
 * With a power of attorney the account is the authorizer's, not the applicant's (DOMAIN §4.2).
 */
export const checkPortalAccount = defineStep({
  type: JobType.checkPortalAccount,
  description: 'Look up the applicant account on the national public-service portal',
  input: z.object({ dossierCode: z.string().min(1) }),
  outputs: ['hasPortalAccount', 'portalAccountText'],
  async handle({ dossierCode }, { deps }) {
    const dossier = await getDossier(dossierCode);
    const owner = dossier.authorizer ?? dossier.applicant;
    const account = await deps.portal.findAccount(owner.idType, owner.idNumber);
    await recordStep(
      dossierCode,
      JobType.checkPortalAccount,
      {
        note: `${account.exists ? `Có tài khoản DVCQG (${account.verifiedBy})` : 'Chưa có tài khoản DVCQG'}${dossier.authorizer ? ' — tài khoản của người ủy quyền' : ''}`,
        set: { portalAccount: { exists: account.exists, accountId: account.accountId, ...(account.verifiedBy ? { verifiedBy: account.verifiedBy } : {}), checkedAt: deps.now() } },
      },
      deps.now(),
    );
    const output: CheckPortalAccountOutput = {
      hasPortalAccount: account.exists,
      // shown to the one-stop officer in the check-components form
      portalAccountText: account.exists
        ? 'Đã có tài khoản Cổng DVCQG'
        : 'Chưa có tài khoản Cổng DVCQG — tạo tài khoản cho người nộp (bước "Tạo tài khoản")',
    };
    return { ...output };
  },
});
