import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { inflateSync } from 'node:zlib';
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

  it.each(people.filter(signsDocuments).map((p) => [p.username, p] as const))('when %s signs, then a transparent blue signature image of their own is filed next to their certificate', (_u, person) => {
    const png = readFileSync(path.join(dir, 'people', `${person.id}.signature.png`));
    const { width, height, colorType, pixels } = decodePng(png);
    expect(colorType).toBe(6); // truecolour with alpha
    const opaque = [] as number[];
    for (let i = 0; i < width * height; i++) if (pixels[i * 4 + 3]! > 200) opaque.push(i);
    // ink on a few percent of the pixels, the rest transparent; the ink is blue
    expect(opaque.length / (width * height)).toBeGreaterThan(0.01);
    expect(opaque.length / (width * height)).toBeLessThan(0.3);
    expect(pixels[3]).toBe(0);
    const i = opaque[0]! * 4;
    expect(pixels[i + 2]!).toBeGreaterThan(pixels[i]! + 80);
    const others = people.filter(signsDocuments).filter((p) => p.name !== person.name);
    for (const other of others) expect(readFileSync(path.join(dir, 'people', `${other.id}.signature.png`)).equals(png)).toBe(false);
  });

  it('when the local timestamp authority signs, then its certificate is issued by the CA for timestamping only, marked critical', () => {
    const { certificates } = openP12(readFileSync(path.join(dir, 'tsa.p12')), passphrase);
    const tsa = new X509Certificate(certificates[0]!);
    expect(tsa.verify(ca().publicKey)).toBe(true);
    expect(tsa.keyUsage).toEqual(['1.3.6.1.5.5.7.3.8']);
    const text = execFileSync('openssl', ['x509', '-noout', '-ext', 'extendedKeyUsage'], { input: tsa.toString() }).toString();
    expect(text).toMatch(/Extended Key Usage: critical\s+Time Stamping/);
  });

  it('when setup runs again, then nothing is issued twice; with another passphrase, what it cannot open is issued again', () => {
    const signers = people.filter(signsDocuments).length;
    const agencies = new Set(people.map((p) => p.agencyCode)).size;
    // a certificate per signer, per agency and for the timestamp authority; an image per signer
    expect(first.length).toBe(signers + agencies + 1 + signers);
    expect(makeDevCertificates(dir, passphrase)).toEqual([]);
    const again = makeDevCertificates(dir, 'a-new-passphrase-0000');
    expect(again).toHaveLength(signers + agencies + 1);
    expect(() => openP12(readFileSync(path.join(dir, 'people', `${people[0]!.id}.p12`)), 'a-new-passphrase-0000')).not.toThrow();
  });
});

/** Reads an 8-bit PNG without filters other than 0 (what encodePng writes): size, colour type, samples. */
function decodePng(png: Buffer): { width: number; height: number; colorType: number; pixels: Buffer } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const colorType = png[25]!;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const stride = width * (colorType === 6 ? 4 : 3);
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    expect(rows[y * (stride + 1)]).toBe(0);
    rows.copy(pixels, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  }
  return { width, height, colorType, pixels };
}
