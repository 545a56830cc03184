import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

/**
 * A member of staff as a verified access token from the realm says: who (subject and name), of
 * which agency (the `agency` claim, a QCVN 102 code), what they may do (realm roles) and which
 * BPMN candidate groups they belong to. Nothing here comes from a request body.
 */
export interface StaffMember {
  subject: string;
  name: string;
  username?: string;
  agency?: string;
  roles: string[];
  groups: string[];
}

export type StaffRole = 'intake' | 'review' | 'approve' | 'issue' | 'administer';

/** Why a token was refused (for the 401 answer; never the token itself). */
export class TokenRefused extends Error {
  constructor(readonly reason: 'malformed' | 'expired' | 'signature' | 'issuer' | 'audience' | 'claims', message: string) {
    super(message);
  }
}

export interface StaffTokenVerifier {
  verify(token: string): Promise<StaffMember>;
}

/**
 * Verifies bearer tokens of the realm with `jose`: the signature against the realm's published keys
 * (fetched and cached, refetched on an unknown key id), the issuer, the audience and the expiry.
 */
export function createStaffTokenVerifier(options: { issuer: string; audience: string; jwksUrl?: string; clockToleranceSec?: number; now?: () => Date }): StaffTokenVerifier {
  const issuer = options.issuer.replace(/\/+$/, '');
  const jwksUrl = options.jwksUrl ?? `${issuer}/protocol/openid-connect/certs`;
  const jwks = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer, audience: options.audience, clockTolerance: options.clockToleranceSec ?? 5, currentDate: options.now?.(),
        }));
      } catch (err) {
        throw refusal(err);
      }
      return toStaffMember(payload);
    },
  };
}

function refusal(err: unknown): TokenRefused {
  if (err instanceof errors.JWTExpired) return new TokenRefused('expired', 'the token has expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return new TokenRefused('issuer', 'the token was not issued by this realm');
    if (err.claim === 'aud') return new TokenRefused('audience', 'the token is not meant for this API');
    return new TokenRefused('claims', `the token's ${err.claim} claim is not valid`);
  }
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey) {
    return new TokenRefused('signature', 'the token is not signed by this realm');
  }
  if (err instanceof errors.JOSEError) return new TokenRefused('malformed', 'the token cannot be read');
  throw err; // the realm's keys could not be fetched: not the caller's fault
}

function toStaffMember(payload: JWTPayload): StaffMember {
  const sub = payload.sub;
  if (!sub) throw new TokenRefused('claims', 'the token has no subject');
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const realmAccess = payload.realm_access as { roles?: unknown } | undefined;
  return {
    subject: sub,
    name: typeof payload.name === 'string' ? payload.name : String(payload.preferred_username ?? sub),
    username: typeof payload.preferred_username === 'string' ? payload.preferred_username : undefined,
    agency: typeof payload.agency === 'string' && payload.agency !== '' ? payload.agency : undefined,
    roles: strings(realmAccess?.roles),
    groups: strings(payload.groups),
  };
}
