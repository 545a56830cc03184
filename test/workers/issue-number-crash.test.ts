import { spawn } from 'node:child_process';
import path from 'node:path';
import { createLogger } from '../../core/logger';
import { DossierModel } from '../../core/models/dossier.model';
import { SequenceModel } from '../../core/models/sequence.model';
import { renderBirthExtract } from '../../core/pdf/render-result';
import { getDossier } from '../../core/repositories/dossiers';
import { findFileByKey, putFile } from '../../core/repositories/files';
import { issueResult } from '../../workers/issue-result/issue-result.worker';
import { createKeyStore, type WorkerDeps } from '../../workers/deps';
import { runStep, type JobLike } from '../../workers/step';
import { useTestDatabase } from '../helpers/db';
import { makeTestCertificates, testConfig } from '../helpers/fixtures';
import { useTestTsa } from '../helpers/tsa';

/**
 * The clerk's number (issue-result) on the real database: a workers process killed with SIGKILL between
 * reserving the number and using it leaves a reserved number and no document; the next delivery uses that
 * same number, the next dossier gets the one after it (no gap, nothing issued twice), and two deliveries
 * of one job at the same moment issue one number.
 */
const { uri } = useTestDatabase();
jest.setTimeout(120_000);

const certs = makeTestCertificates();
const config = testConfig({ SIGNING_CERT_DIR: certs.dir, SIGNING_CERT_PASSPHRASE: certs.passphrase });
const tsa = useTestTsa(certs);
const deps = { config, log: createLogger('test', 'silent'), keys: createKeyStore(config), tsa: tsa.authority, now: () => new Date() } as unknown as WorkerDeps;

function job(dossierCode: string): JobLike & { outcomes: string[] } {
  const outcomes: string[] = [];
  return {
    key: `job-${Math.random().toString(16).slice(2)}`, type: 'issue-result', processInstanceKey: 'pi', elementInstanceKey: 'ei', retries: 3, variables: { dossierCode }, outcomes,
    complete: async (v) => outcomes.push(`complete ${JSON.stringify(v)}`), error: async () => outcomes.push('error'), fail: async (f) => outcomes.push(`fail ${f.errorMessage}`),
  };
}

/** A dossier whose draft the leader has signed (the state apply-leader-signature leaves). */
async function leaderSignedDossier(code: string): Promise<void> {
  const draft = await renderBirthExtract({
    symbol: 'TLKS', issuedAt: new Date(), agencyName: 'UBND xã Đắk La', childName: 'Võ Đặng Minh Khang', childDateOfBirth: '2026-11-10', applicantName: 'Võ Đặng Ngọc Giang', dossierCode: code,
  });
  const file = await putFile(draft, `${code}.pdf`, { key: `leader-signed:${code}`, kind: 'leader-signed' });
  await DossierModel.create({
    code, intakeKey: `k-${code}`, procedureCode: '1.001193.000.00.00.H34', agencyCode: 'H34.29.2', channel: 'in-person',
    applicant: { idType: 'CCCD', idNumber: '001203004567', fullName: 'Võ Đặng Ngọc Giang' }, officerName: 'Nguyễn Văn An', status: 'digitized',
    receivedAt: new Date(), dueAt: new Date(), components: [], history: [],
    leaderSignature: { state: 'signed', requestId: `t-${code}`, signerSubject: 'leader', signerName: 'Lê Văn Lãnh Đạo', requestedAt: new Date(), signedAt: new Date(), fileId: file.id, sha256: file.sha256,
      imageRect: { x: 320, y: 100, width: 200, height: 70 } },
  });
}

function runCrashingWorker(code: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'issue-result-crash.ts'), uri(), code], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => child.on('exit', (exitCode, signal) => resolve({ code: exitCode, signal, stderr })));
}

const numbersOf = async () => (await SequenceModel.find({ scope: { $regex: '^docnum:H34\\.29\\.2:' } }).sort({ value: 1 }).lean()).map((r) => [r.sourceKey, r.value]);

it('when the workers process dies between reserving the number and using it, then the retry uses that number and the next dossier the one after', async () => {
  await leaderSignedDossier('H34.29.2-261123-0001');
  await leaderSignedDossier('H34.29.2-261123-0002');

  const crashed = await runCrashingWorker('H34.29.2-261123-0001');
  expect(crashed).toMatchObject({ signal: 'SIGKILL' });
  // the number was reserved (one row, one number) and nothing carries it yet
  expect(await numbersOf()).toEqual([['docnum:H34.29.2-261123-0001', 1]]);
  expect(await findFileByKey('result:H34.29.2-261123-0001')).toBeUndefined();
  expect((await getDossier('H34.29.2-261123-0001')).result?.documentNumber).toBeUndefined();

  // the engine hands the job to another worker after its timeout: the same number, once
  const retry = job('H34.29.2-261123-0001');
  await runStep(issueResult, retry, deps);
  expect(retry.outcomes).toEqual([expect.stringContaining('"resultDocumentNumber":"01/TLKS"')]);
  expect((await getDossier('H34.29.2-261123-0001')).result).toMatchObject({ documentNumber: '01/TLKS', documentIdentifier: expect.stringMatching(/^H34\.29\.2-\d{4}-01\.TLKS$/) });

  // the next dossier: 02, no gap, nothing issued twice
  await runStep(issueResult, job('H34.29.2-261123-0002'), deps);
  expect((await getDossier('H34.29.2-261123-0002')).result?.documentNumber).toBe('02/TLKS');
  expect(await numbersOf()).toEqual([['docnum:H34.29.2-261123-0001', 1], ['docnum:H34.29.2-261123-0002', 2]]);
});

it('when one job is delivered twice at the same moment, then one number is issued and both deliveries report it', async () => {
  await leaderSignedDossier('H34.29.2-261123-0003');
  const [a, b] = [job('H34.29.2-261123-0003'), job('H34.29.2-261123-0003')];
  await Promise.all([runStep(issueResult, a, deps), runStep(issueResult, b, deps)]);
  expect([...a.outcomes, ...b.outcomes]).toEqual([expect.stringContaining('"03/TLKS"'), expect.stringContaining('"03/TLKS"')]);
  expect((await numbersOf()).filter(([key]) => key === 'docnum:H34.29.2-261123-0003')).toEqual([['docnum:H34.29.2-261123-0003', 3]]);
});

it('when the applicant withdrew the dossier before the clerk\'s step, then no number is reserved and the job fails until the process is interrupted', async () => {
  await leaderSignedDossier('H34.29.2-261123-0004');
  await DossierModel.updateOne({ code: 'H34.29.2-261123-0004' }, { $set: { withdrawal: { reason: 'Rút hồ sơ', requestedAt: new Date(), requestedBy: 'desk', requestedByName: 'Nguyễn Văn An', message: 'pending' } } });
  const delivery = job('H34.29.2-261123-0004');
  await runStep(issueResult, delivery, deps);
  expect(delivery.outcomes).toEqual([expect.stringMatching(/^fail .*withdrawn; no number is issued/)]);
  expect(await SequenceModel.countDocuments({ sourceKey: 'docnum:H34.29.2-261123-0004' })).toBe(0);
  expect(await findFileByKey('result:H34.29.2-261123-0004')).toBeUndefined();
  expect((await getDossier('H34.29.2-261123-0004')).issuingSince).toBeUndefined();
});

it('when the clerk\'s step has claimed the dossier, then its number is issued and the claim stays', async () => {
  await leaderSignedDossier('H34.29.2-261123-0005');
  await runStep(issueResult, job('H34.29.2-261123-0005'), deps);
  const d = await getDossier('H34.29.2-261123-0005');
  expect(d.result?.documentNumber).toMatch(/^\d{2}\/TLKS$/);
  expect(d.issuingSince).toBeInstanceOf(Date);
});
