import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The staff of the realm file (stack/keycloak/realm-dossiers.json) as the rest of the stack needs them:
 * the Keycloak id (the tokens' subject, fixed in the file so certificates can be filed under it), the
 * name, the agency and the groups. Service accounts are left out.
 */
export interface RealmPerson {
  id: string;
  username: string;
  name: string;
  agencyCode: string;
  groups: string[];
}

export const REALM_FILE = path.resolve(__dirname, 'realm-dossiers.json');

interface RealmUser {
  id?: string;
  username: string;
  firstName?: string;
  lastName?: string;
  attributes?: { agency?: string[] };
  groups?: string[];
  serviceAccountClientId?: string;
}

export function realmPeople(file = REALM_FILE): RealmPerson[] {
  const realm = JSON.parse(readFileSync(file, 'utf8')) as { users: RealmUser[] };
  return realm.users
    .filter((u) => !u.serviceAccountClientId)
    .map((u) => {
      const agencyCode = u.attributes?.agency?.[0];
      if (!u.id || !agencyCode) throw new Error(`realm user ${u.username} needs a fixed id and an agency`);
      return {
        id: u.id,
        username: u.username,
        name: [u.firstName, u.lastName].filter(Boolean).join(' '),
        agencyCode,
        groups: (u.groups ?? []).map((g) => g.replace(/^\//, '')),
      };
    });
}

/** Groups whose members sign documents with their own certificate (DOMAIN §2). Administrators do not. */
export const SIGNING_GROUPS = ['one-stop-officers', 'civil-status-officers', 'specialists', 'leaders', 'clerks'] as const;

export function signsDocuments(person: RealmPerson): boolean {
  return person.groups.some((g) => (SIGNING_GROUPS as readonly string[]).includes(g));
}
