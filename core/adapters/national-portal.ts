import type { IdType } from '../rules/identity';
import type { PortalDossierPackage } from '../rules/portal-package';
import { fetchWithin, postJson } from './http';

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

/** The account-creation flow at the desk (seed 001 §1): the portal texts a 6-digit OTP to the applicant's phone. */
export interface RegistrationRequest {
  idType: IdType;
  idNumber: string;
  fullName: string;
  dateOfBirth: string;
  phone: string;
  idCardScan: { fileName: string; mimeType: string; bytes: Buffer };
}
export type RegistrationOutcome =
  | { ok: true; accountId: string }
  | { ok: false; reason: 'otp-wrong'; attemptsLeft: number }
  | { ok: false; reason: 'otp-expired' | 'otp-attempts' | 'unknown-registration' };

export interface NationalPortal {
  findAccount(idType: IdType, idNumber: string): Promise<PortalAccount>;
  /** Starts an account for the person; the portal sends the OTP (valid 2 minutes) to `phone`. */
  startRegistration(request: RegistrationRequest): Promise<{ registrationId: string; otpExpiresAt: Date }>;
  /** A new OTP for the same registration; the previous one stops working. */
  resendOtp(registrationId: string): Promise<{ otpExpiresAt: Date }>;
  /** The applicant's OTP, read to the officer; the account exists once this says ok. */
  confirmRegistration(registrationId: string, otp: string): Promise<RegistrationOutcome>;
}

/** The portal refused what was sent (its answer names the field); not an outage, no retry helps. */
export class PortalRefusedError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'PortalRefusedError';
  }
}

export class PortalUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortalUnavailableError';
  }
}

export function createNationalPortal(baseUrl: string, timeoutMs: number): NationalPortal {
  /** One call; an unreachable portal or a 5xx is PortalUnavailableError, a 4xx with a field PortalRefusedError. */
  const unavailable = (message: string) => new PortalUnavailableError(message);
  const call = async (path: string, init: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetchWithin(new URL(path, baseUrl), init, timeoutMs, unavailable, 'national portal');
    if (res.status >= 500) throw new PortalUnavailableError(`national portal answered HTTP ${res.status}`);
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: res.status, body };
  };
  const expiry = (body: Record<string, unknown>): Date => {
    const at = new Date(String(body.otpExpiresAt));
    if (Number.isNaN(at.getTime())) throw new PortalUnavailableError('national portal answered without otpExpiresAt');
    return at;
  };
  return {
    async startRegistration(r) {
      const form = new FormData();
      form.set('data', JSON.stringify({ idType: r.idType, idNumber: r.idNumber, fullName: r.fullName, dateOfBirth: r.dateOfBirth, phone: r.phone }));
      form.set('idCardScan', new Blob([r.idCardScan.bytes], { type: r.idCardScan.mimeType }), r.idCardScan.fileName);
      const { status, body } = await call('/api/accounts/registrations', { method: 'POST', body: form });
      if (status === 400 || status === 409 || status === 422) throw new PortalRefusedError(String(body.field ?? 'registration'), String(body.error ?? `HTTP ${status}`));
      if (status !== 201 || typeof body.registrationId !== 'string') throw new PortalUnavailableError(`national portal answered HTTP ${status} to a registration`);
      return { registrationId: body.registrationId, otpExpiresAt: expiry(body) };
    },
    async resendOtp(registrationId) {
      const { status, body } = await call(`/api/accounts/registrations/${encodeURIComponent(registrationId)}/otp`, postJson({}));
      if (status === 404) throw new PortalRefusedError('registration', 'unknown registration');
      if (status === 409 || status === 429) throw new PortalRefusedError('otp', String(body.error ?? `HTTP ${status}`));
      if (status !== 200) throw new PortalUnavailableError(`national portal answered HTTP ${status} to a resend`);
      return { otpExpiresAt: expiry(body) };
    },
    async confirmRegistration(registrationId, otp) {
      const { status, body } = await call(`/api/accounts/registrations/${encodeURIComponent(registrationId)}/confirm`, postJson({ otp }));
      if (status === 200 && typeof body.accountId === 'string') return { ok: true, accountId: body.accountId };
      if (status === 404) return { ok: false, reason: 'unknown-registration' };
      if (body.error === 'otp-wrong') return { ok: false, reason: 'otp-wrong', attemptsLeft: Number(body.attemptsLeft ?? 0) };
      if (body.error === 'otp-expired' || body.error === 'otp-attempts') return { ok: false, reason: body.error };
      throw new PortalUnavailableError(`national portal answered HTTP ${status} to a confirmation`);
    },
    async findAccount(idType, idNumber) {
      const { status, body } = await call('/api/accounts/lookup', postJson({ idType, idNumber }));
      if (status === 404) return { exists: false };
      if (status !== 200) throw new PortalUnavailableError(`national portal answered HTTP ${status}`);
      if (typeof body.accountId !== 'string') throw new PortalUnavailableError('national portal answered without accountId');
      const verifiedBy = body.verifiedBy === 'population-db' ? 'population-db' : 'vneid';
      return { exists: true, accountId: body.accountId, verifiedBy };
    },
  };
}

/**
 * The per-dossier sync to the national portal (DOMAIN §10): the whole package of a dossier under a
 * version that grows with each change; the portal keeps the highest version it has seen, so an older
 * package arriving late changes nothing ('stale'). A refusal names the field it could not take.
 */
export interface PortalDossierSync {
  syncDossier(pkg: PortalDossierPackage, version: number): Promise<'accepted' | 'stale'>;
}

export function createPortalDossierSync(baseUrl: string, timeoutMs: number): PortalDossierSync {
  return {
    async syncDossier(pkg, version) {
      const res = await fetchWithin(new URL('/api/sync/dossiers', baseUrl), postJson({ version, data: pkg }), timeoutMs,
        (m) => new PortalUnavailableError(m), 'national portal');
      const body = (await res.json().catch(() => ({}))) as { status?: unknown; field?: unknown; error?: unknown };
      if (res.status === 400 || res.status === 422) throw new PortalRefusedError(String(body.field ?? 'data'), `national portal refused the package: ${String(body.error ?? res.status)}`.slice(0, 300));
      if (!res.ok) throw new PortalUnavailableError(`national portal answered HTTP ${res.status} to a sync`);
      return body.status === 'stale' ? 'stale' : 'accepted';
    },
  };
}
