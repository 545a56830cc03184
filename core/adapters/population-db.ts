import { fetchWithin, postJson } from './http';

/**
 * National population database (Cơ sở dữ liệu quốc gia về dân cư): the identity check the one-stop
 * desk makes before creating a portal account — ID number, full name and date of birth must match one
 * citizen, whose record then pre-fills the form for the officer to confirm. The contract is the local
 * simulator's (stack/simulators/population-db.ts) until the province's integration (via the national
 * data-sharing platform NDXP) is wired in.
 */
export interface CitizenIdentity {
  idNumber: string;
  fullName: string;
  dateOfBirth: string;
  sex: 'Nam' | 'Nữ';
  nationality: string;
  placeOfResidence: string;
}

export type IdentityCheck = { match: true; citizen: CitizenIdentity } | { match: false };

export interface PopulationDb {
  verify(query: { idNumber: string; fullName: string; dateOfBirth: string }): Promise<IdentityCheck>;
}

export class PopulationDbUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PopulationDbUnavailableError';
  }
}

export function createPopulationDb(baseUrl: string, timeoutMs: number): PopulationDb {
  return {
    async verify(query) {
      const res = await fetchWithin(new URL('/api/citizens/verify', baseUrl), postJson(query), timeoutMs, (m) => new PopulationDbUnavailableError(m), 'population database');
      if (!res.ok) throw new PopulationDbUnavailableError(`population database answered HTTP ${res.status}`);
      const body = (await res.json()) as { match?: unknown; citizen?: CitizenIdentity };
      return body.match === true && body.citizen ? { match: true, citizen: body.citizen } : { match: false };
    },
  };
}
