import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createStaffTokenVerifier, TokenRefused } from '../../core/auth/staff-token';
import { grantToken, issuer, stackSecret, staffToken } from '../helpers/staff';

/**
 * The staff realm on the real Keycloak of the local stack (stack/lib/keycloak.sh imports
 * stack/keycloak/realm-dossiers.json): every person of the realm file can log in, and the API's
 * verifier reads from their token who they are, their agency, roles and candidate groups; tokens
 * that are not for the API, from another realm, tampered with or expired are refused with the reason.
 */
interface RealmFile {
  users: { id: string; username: string; firstName?: string; lastName?: string; attributes?: { agency?: string[] }; groups?: string[]; serviceAccountClientId?: string }[];
  groups: { name: string; realmRoles: string[] }[];
}
const realm = JSON.parse(readFileSync(path.resolve(__dirname, '../../stack/keycloak/realm-dossiers.json'), 'utf8')) as RealmFile;
const people = realm.users.filter((u) => !u.serviceAccountClientId);

const verifier = createStaffTokenVerifier({ issuer, audience: 'dossier-api' });

describe('the staff realm', () => {
  it('has people of three agencies at different levels: every role where dossiers are received, the deciding committee without a desk', () => {
    const agencies = new Set(people.map((u) => u.attributes?.agency?.[0]));
    expect([...agencies].sort()).toEqual(['000.00.00.H21', '000.00.14.H21', 'H34.29.2']);
    const rolesOf = (agency: string) => new Set(people.filter((u) => u.attributes?.agency?.[0] === agency)
      .flatMap((u) => (u.groups ?? []).flatMap((g) => realm.groups.find((x) => `/${x.name}` === g)?.realmRoles ?? [])));
    for (const agency of ['000.00.14.H21', 'H34.29.2']) expect(rolesOf(agency)).toEqual(new Set(['intake', 'review', 'approve', 'issue', 'administer']));
    // the Provincial People's Committee decides what its departments submit: its office reviews, a leader signs, its clerk numbers
    expect(rolesOf('000.00.00.H21')).toEqual(new Set(['review', 'approve', 'issue']));
  });

  it.each(people.map((u) => [u.username, u] as const))('when %s logs in, then the token says who, which agency, which roles and groups', async (username, user) => {
    const member = await verifier.verify(await staffToken(username));
    const groups = (user.groups ?? []).map((g) => g.replace(/^\//, ''));
    expect(member).toMatchObject({
      username, name: `${user.firstName} ${user.lastName}`, agency: user.attributes?.agency?.[0], groups,
    });
    // the realm file fixes each person's id: their signing certificate is filed under it (stack/make-dev-certs.ts)
    expect(member.subject).toBe(user.id);
    expect(member.roles).toEqual(expect.arrayContaining(groups.flatMap((g) => realm.groups.find((x) => x.name === g)?.realmRoles ?? [])));
  });

  it('when the workers log in with their client secret, then their token is for the API and carries no agency', async () => {
    const secret = stackSecret('dossier-workers-client-secret');
    const member = await verifier.verify(await grantToken('dossiers', { grant_type: 'client_credentials', client_id: 'dossier-workers', client_secret: secret }));
    expect(member.agency).toBeUndefined();
    expect(member.username).toBe('service-account-dossier-workers');
    await expect(grantToken('dossiers', { grant_type: 'client_credentials', client_id: 'dossier-workers', client_secret: 'wrong' })).rejects.toThrow(/401/);
  });

  it('when a token is not for the API, from another realm, tampered with or expired, then it is refused with that reason', async () => {
    const reason = async (t: string, v = verifier) => v.verify(t).then(() => 'accepted', (e: unknown) => (e instanceof TokenRefused ? e.reason : String(e)));
    // the realm's own admin-cli client issues tokens without the API's audience
    expect(await reason(await grantToken('dossiers', { grant_type: 'password', client_id: 'admin-cli', username: 'dakla.motcua', password: 'demo' }))).toBe('audience');
    // the master realm (Keycloak's administrators) is another issuer with other keys
    const adminPassword = stackSecret('keycloak-admin-password');
    expect(await reason(await grantToken('master', { grant_type: 'password', client_id: 'admin-cli', username: 'admin', password: adminPassword }))).toMatch(/^(issuer|signature)$/);
    // one changed character in the payload breaks the signature
    const good = await staffToken('dakla.lanhdao');
    const [h, p, s] = good.split('.') as [string, string, string];
    const forged = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    forged.agency = '000.00.14.H21';
    expect(await reason(`${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}`)).toBe('signature');
    expect(await reason('not-a-token')).toBe('malformed');
    // an hour later the same token has expired
    const later = createStaffTokenVerifier({ issuer, audience: 'dossier-api', now: () => new Date(Date.now() + 3600_000) });
    expect(await reason(good, later)).toBe('expired');
    expect(await reason(good)).toBe('accepted');
  });
});
