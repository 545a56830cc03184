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

/** A newborn registered at a commune: the database assigns the child's personal ID number (Luật Căn cước 2023 Art. 12). */
export interface BirthRegistration {
  /** the same id again is the same registration: the same number comes back */
  requestId: string;
  fullName: string;
  dateOfBirth: string;
  sex: 'Nam' | 'Nữ';
  /** the 3-digit province code of the registering province (Circular 07/2016 Annex) */
  provinceCode: string;
}

export interface PopulationDb {
  verify(query: { idNumber: string; fullName: string; dateOfBirth: string }): Promise<IdentityCheck>;
  /** The personal ID number of a child whose birth is being registered. Never logged. */
  registerBirth(registration: BirthRegistration): Promise<{ personalIdNumber: string }>;
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
    async registerBirth(registration) {
      const res = await fetchWithin(new URL('/api/citizens/birth-registrations', baseUrl), postJson(registration), timeoutMs, (m) => new PopulationDbUnavailableError(m), 'population database');
      if (!res.ok) throw new PopulationDbUnavailableError(`population database answered HTTP ${res.status} to a birth registration`);
      const body = (await res.json()) as { personalIdNumber?: unknown };
      if (typeof body.personalIdNumber !== 'string' || !/^\d{12}$/.test(body.personalIdNumber)) throw new PopulationDbUnavailableError('population database answered a birth registration without a 12-digit number');
      return { personalIdNumber: body.personalIdNumber };
    },
  };
}
