import { createStaffTokenVerifier } from '../../core/auth/staff-token';

/**
 * Real tokens of the staff realm on the local Keycloak (stack/keycloak/realm-dossiers.json; every
 * demo password is "demo"), fetched once per person and test file.
 */
export const issuer = process.env.OIDC_ISSUER ?? 'http://localhost:8180/realms/dossiers';
export const staffVerifier = () => createStaffTokenVerifier({ issuer, audience: process.env.OIDC_AUDIENCE ?? 'dossier-api' });

const cache = new Map<string, Promise<string>>();

export function staffToken(username: string): Promise<string> {
  let token = cache.get(username);
  if (!token) {
    token = (async () => {
      const res = await fetch(`${issuer}/protocol/openid-connect/token`, {
        method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: 'dossier-desk', username, password: 'demo' }),
      });
      const body = (await res.json()) as { access_token?: string; error?: string };
      if (!res.ok || !body.access_token) throw new Error(`no token for ${username}: ${res.status} ${body.error ?? ''}`);
      return body.access_token;
    })();
    cache.set(username, token);
  }
  return token;
}

/** The Authorization header of a person of the realm. */
export const bearer = async (username: string) => `Bearer ${await staffToken(username)}`;

/** The one-stop officer of the commune that receives the birth registrations in the fixtures. */
export const COMMUNE_DESK = 'dakla.motcua';
