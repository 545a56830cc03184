import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { createDevCertificate } from '../../core/adapters/signer/dev-certificate';
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

/** Real PKCS#12 certificates made for this test run only, in a fresh temporary folder. */
export function makeTestCertificates(passphrase = 'test-pass'): { dir: string; passphrase: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'certs-'));
  const holders = { 'officer.p12': 'Nguyễn Văn An', 'leader.p12': 'Trần Thị Bình', 'organization.p12': 'UBND xã Đắk La' } as const;
  for (const [file, commonName] of Object.entries(holders)) {
    writeFileSync(path.join(dir, file), createDevCertificate({ commonName, passphrase }).p12);
  }
  return { dir, passphrase };
}

export function testConfig(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  return loadConfig({ ...process.env, LOG_LEVEL: 'silent', ...overrides });
}
