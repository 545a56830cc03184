import type { IdType } from '../rules/identity';

/**
 * National Public Service Portal (Cổng DVCQG) account look-up (seed 003 step 2; seed 001 §1):
 * a person by CCCD or passport, an organization by tax code. With a power of attorney the caller
 * passes the authorizer's ID. The HTTP contract is the project's own local simulator's
 * (stack/simulators/national-portal.ts) until the province's integration contract is wired in.
 */
export interface PortalAccount {
  exists: boolean;
  accountId?: string;
  /** how the identity was confirmed: VNeID level-2 account, or matched in the population database */
  verifiedBy?: 'vneid' | 'population-db';
}

export interface NationalPortal {
  findAccount(idType: IdType, idNumber: string): Promise<PortalAccount>;
}

export class PortalUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortalUnavailableError';
  }
}

export function createNationalPortal(baseUrl: string, timeoutMs: number): NationalPortal {
  return {
    async findAccount(idType, idNumber) {
      const url = new URL('/api/accounts/lookup', baseUrl);
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ idType, idNumber }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw new PortalUnavailableError(`national portal unreachable at ${url.origin}: ${(err as Error).message}`);
      }
      if (res.status === 404) return { exists: false };
      if (!res.ok) throw new PortalUnavailableError(`national portal answered HTTP ${res.status}`);
      const body = (await res.json()) as { accountId?: unknown; verifiedBy?: unknown };
      if (typeof body.accountId !== 'string') throw new PortalUnavailableError('national portal answered without accountId');
      const verifiedBy = body.verifiedBy === 'population-db' ? 'population-db' : 'vneid';
      return { exists: true, accountId: body.accountId, verifiedBy };
    },
  };
}
