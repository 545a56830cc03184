import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createStaffTokenVerifier } from '../../core/auth/staff-token';

/**
 * Real tokens of the staff realm on the local Keycloak (stack/keycloak/realm-dossiers.json; every
 * demo password is "demo"), fetched once per person and test file.
 */
export const issuer = process.env.OIDC_ISSUER ?? 'http://localhost:8180/realms/dossiers';
export const staffVerifier = () => createStaffTokenVerifier({ issuer, audience: process.env.OIDC_AUDIENCE ?? 'dossier-api' });

/** An access token of any realm of the local Keycloak, by any OAuth grant (form fields as sent). */
export async function grantToken(realm: string, form: Record<string, string>): Promise<string> {
  const res = await fetch(`${new URL(issuer).origin}/realms/${realm}/protocol/openid-connect/token`, { method: 'POST', body: new URLSearchParams(form) });
  const body = (await res.json()) as { access_token?: string; error?: string };
  if (!res.ok || !body.access_token) throw new Error(`no token for ${form.username ?? form.client_id} in ${realm}: ${res.status} ${body.error ?? ''}`);
  return body.access_token;
}

/** A secret the stack made at its first start (stack/lib/keycloak.sh): $STACK_HOME/secrets/<name>. */
export function stackSecret(name: string): string {
  return readFileSync(path.join(process.env.STACK_HOME ?? path.resolve(__dirname, '../../.local'), 'secrets', name), 'utf8').trim();
}

const cache = new Map<string, Promise<string>>();

export function staffToken(username: string): Promise<string> {
  let token = cache.get(username);
  if (!token) {
    token = grantToken('dossiers', { grant_type: 'password', client_id: 'dossier-desk', username, password: 'demo' });
    cache.set(username, token);
  }
  return token;
}

/** The Authorization header of a person of the realm. */
export const bearer = async (username: string) => `Bearer ${await staffToken(username)}`;

/** The one-stop officer of the commune that receives the birth registrations in the fixtures. */
export const COMMUNE_DESK = 'dakla.motcua';
