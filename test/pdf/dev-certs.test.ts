import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openP12 } from '../../core/adapters/signer/digest-signer';
import { realmPeople, signsDocuments } from '../../stack/keycloak/realm-people';
import { makeDevCertificates } from '../../stack/make-dev-certs';

/**
 * What setup issues (stack/make-dev-certs.ts): a development CA, then one certificate per signing
 * person of the realm, filed under their Keycloak id and in their own name, and one per agency.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'dev-certs-'));
const passphrase = 'dev-certs-test-passphrase';
let first: string[];
beforeAll(() => {
  first = makeDevCertificates(dir, passphrase);
});

describe('development certificates made at setup', () => {
  const people = realmPeople();
  const ca = () => new X509Certificate(readFileSync(path.join(dir, 'ca.pem')));

  it.each(people.filter(signsDocuments).map((p) => [p.username, p] as const))('when %s signs, then their own certificate, issued by the CA, is filed under their Keycloak id', (_u, person) => {
    const { certificates } = openP12(readFileSync(path.join(dir, 'people', `${person.id}.p12`)), passphrase);
    const own = new X509Certificate(certificates[0]!);
    expect(own.subject).toContain(`CN=${person.name}`);
    expect(own.verify(ca().publicKey)).toBe(true);
  });

  it('when a person does not sign documents (administrators), then no certificate is issued to them', () => {
    const admins = people.filter((p) => !signsDocuments(p));
    expect(admins.length).toBeGreaterThan(0);
    for (const p of admins) expect(existsSync(path.join(dir, 'people', `${p.id}.p12`))).toBe(false);
  });

  it('when every agency of the realm is listed, then each has an organization certificate in its name', () => {
    for (const code of new Set(people.map((p) => p.agencyCode))) {
      const { certificates } = openP12(readFileSync(path.join(dir, 'agencies', `${code}.p12`)), passphrase);
      expect(new X509Certificate(certificates[0]!).verify(ca().publicKey)).toBe(true);
    }
  });

  it('when setup runs again, then nothing is issued twice; with another passphrase, what it cannot open is issued again', () => {
    expect(first.length).toBe(people.filter(signsDocuments).length + new Set(people.map((p) => p.agencyCode)).size);
    expect(makeDevCertificates(dir, passphrase)).toEqual([]);
    const again = makeDevCertificates(dir, 'a-new-passphrase-0000');
    expect(again).toHaveLength(first.length);
    expect(() => openP12(readFileSync(path.join(dir, 'people', `${people[0]!.id}.p12`)), 'a-new-passphrase-0000')).not.toThrow();
  });
});
