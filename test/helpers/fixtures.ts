import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { UploadedFile } from '../../core/rules/intake';
import { makeDevCertificates } from '../../stack/make-dev-certs';
import { realmPeople, type RealmPerson } from '../../stack/keycloak/realm-people';
import { loadConfig, type Config } from '../../core/config';
import { renderTestScan } from '../../core/pdf/render-result';

/** A birth registration submission's JSON part, valid unless a test changes it. */
export function birthRegistration(overrides: Record<string, unknown> = {}) {
  return {
    procedureCode: '1.001193.000.00.00.H34',
    agencyCode: 'H34.29.2',
    channel: 'in-person',
    applicant: { idType: 'CCCD', idNumber: '001203004567', fullName: 'Võ Đặng Ngọc Giang', phone: '0912345678' },
    subject: { fullName: 'Võ Đặng Minh Khang', dateOfBirth: '2026-11-10' },
    ...overrides,
  };
}

/** Generated scans: the declaration (1 page) and the birth certificate from the hospital (2 pages). */
export async function birthRegistrationScans(): Promise<{ toKhai: Buffer; giayChungSinh: Buffer }> {
  return {
    toKhai: await renderTestScan(1, 'Tờ khai đăng ký khai sinh'),
    giayChungSinh: await renderTestScan(2, 'Giấy chứng sinh'),
  };
}

/**
 * Real PKCS#12 certificates made for this test run only, in a fresh temporary folder, the way setup
 * makes them (stack/make-dev-certs.ts): a development CA, one certificate per signing person of the
 * realm filed under their Keycloak id, one per agency.
 */
export function makeTestCertificates(passphrase = `test-${randomBytes(6).toString('hex')}`): { dir: string; passphrase: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'certs-'));
  makeDevCertificates(dir, passphrase);
  return { dir, passphrase };
}

/** A person of the realm file by user name (their id is their tokens' subject). */
export function realmPerson(username: string): RealmPerson {
  const person = realmPeople().find((p) => p.username === username);
  if (!person) throw new Error(`no ${username} in the realm file`);
  return person;
}

export function testConfig(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  return loadConfig({ ...process.env, LOG_LEVEL: 'silent', ...overrides });
}

/** A file as the intake route hands it to the service: on disk (a fresh temporary folder), with its SHA-256. */
export function uploadedFile(fieldname: string, originalname: string, bytes: Buffer): UploadedFile {
  const dir = mkdtempSync(path.join(tmpdir(), 'upload-'));
  const file = path.join(dir, 'upload');
  writeFileSync(file, bytes);
  return { fieldname, originalname, size: bytes.length, path: file, sha256: createHash('sha256').update(bytes).digest('hex') };
}
