import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../api/app';
import { createCamunda, createEngine } from '../../core/adapters/camunda';
import { createFileKeyStore } from '../../core/adapters/signer/key-store';
import { createLogger } from '../../core/logger';
import { DossierModel } from '../../core/models/dossier.model';
import { WarehouseDocumentModel } from '../../core/models/warehouse-document.model';
import { renderTestScan } from '../../core/pdf/render-result';
import { putFile } from '../../core/repositories/files';
import { useTestDatabase } from '../helpers/db';
import { birthRegistrationScans, makeTestCertificates, testConfig } from '../helpers/fixtures';
import { staffVerifier } from '../helpers/staff';
import { launchBrowser, logInToDesk, newDeskPage, screenshot } from './pages';

/**
 * The one-stop desk page in Debian's headless Chromium, as an officer uses it on a 1366×768 screen:
 * Keycloak's own login page, then intake in person with scans, with a document reused from the
 * applicant's warehouse, and a refusal shown next to the field. The API runs in-process on port 3999
 * (a redirect address of the realm's desk client), on the real database and Keycloak; the engine is
 * out of reach, so dossiers are saved with their process start pending.
 */
useTestDatabase();
jest.setTimeout(180_000);

const PORT = 3999;
const DESK = `http://localhost:${PORT}/desk/`;
const certs = makeTestCertificates();
const config = testConfig({ ZEEBE_REST_ADDRESS: 'http://127.0.0.1:9', ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:9' });
const app = createApp({
  config, engine: createEngine(createCamunda(config), config), log: createLogger('desk-test', 'silent'), now: () => new Date(),
  verifier: staffVerifier(), keys: createFileKeyStore(certs.dir, certs.passphrase),
});
let server: Server;
let browser: Browser;
let page: Page;
let scans: { toKhai: Buffer; giayChungSinh: Buffer };

beforeAll(async () => {
  server = app.listen(PORT, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  scans = await birthRegistrationScans();
  browser = await launchBrowser();
  page = await newDeskPage(browser);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server.close(r));
});

async function fillApplicant(idNumber: string) {
  await page.getByLabel('Số giấy tờ').fill(idNumber);
  await page.getByLabel('Họ và tên').first().fill('Võ Đặng Ngọc Giang');
  await page.locator('#subjectName').fill('Võ Đặng Minh Khang');
  await page.locator('#subjectDateOfBirth').fill('2026-11-10');
}

const pdf = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/pdf', buffer });

describe('the one-stop desk page', () => {
  it('when the officer logs in on Keycloak\'s page and receives a dossier with its scans, then the page shows its code and prints the signed receipt', async () => {
    await logInToDesk(page, DESK, 'dakla.motcua');
    await page.getByText('Nguyễn Văn An — H34.29.2').waitFor();
    await screenshot(page, 'desk-01-logged-in');

    await fillApplicant('001203004567');
    await page.locator('#file-to-khai').setInputFiles(pdf('Tờ khai.pdf', scans.toKhai));
    await page.locator('#file-giay-chung-sinh').setInputFiles(pdf('Giấy chứng sinh.pdf', scans.giayChungSinh));
    await page.locator('#sheets-giay-chung-sinh').fill('2');
    await screenshot(page, 'desk-02-filled');
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await page.getByRole('heading', { name: 'Đã tiếp nhận hồ sơ' }).waitFor();
    const code = await page.locator('#dossierCode').textContent();
    expect(code).toMatch(/^H34\.29\.2-\d{6}-\d{4}$/);
    await expect(page.locator('#dossierDue').textContent()).resolves.toMatch(/^Hẹn trả kết quả: /);
    await screenshot(page, 'desk-03-received');
    const saved = await DossierModel.findOne({ code }).lean();
    expect(saved).toMatchObject({ channel: 'in-person', officerName: 'Nguyễn Văn An', applicant: { fullName: 'Võ Đặng Ngọc Giang' } });
    expect(saved?.components.map((c) => [c.code, c.fileName, c.pageCount])).toEqual([['to-khai', 'Tờ khai.pdf', 1], ['giay-chung-sinh', 'Giấy chứng sinh.pdf', 2]]);

    const [receipt] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'In phiếu tiếp nhận và hẹn trả kết quả' }).click()]);
    expect(receipt.url()).toMatch(/^blob:/);
    expect((await DossierModel.findOne({ code }).lean())?.receipt?.signerName).toBe('Nguyễn Văn An');
  });

  it('when the CCCD is wrong, then the page shows the refusal in Vietnamese next to the field, and nothing is saved', async () => {
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ khác' }).click();
    const before = await DossierModel.countDocuments();
    await fillApplicant('003203004567');
    await page.locator('#file-to-khai').setInputFiles(pdf('Tờ khai.pdf', scans.toKhai));
    await page.locator('#file-giay-chung-sinh').setInputFiles(pdf('Giấy chứng sinh.pdf', scans.giayChungSinh));
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await page.getByRole('alert').getByText('Hồ sơ không đáp ứng quy định của thủ tục').waitFor();
    await expect(page.getByLabel('Số giấy tờ').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.locator('.field-error', { hasText: 'không phải mã tỉnh' }).waitFor();
    await screenshot(page, 'desk-04-refused');
    expect(await DossierModel.countDocuments()).toBe(before);
  });

  it('when the warehouse holds the birth certificate, then the officer opens it, reuses it instead of a scan, and the dossier records the reuse', async () => {
    const owner = '001203008888';
    const file = await putFile(await renderTestScan(2, 'Giấy chứng sinh trong kho'), 'gcs.pdf', { key: 'signed-scan:desk-earlier', kind: 'signed-scan' });
    const doc = await WarehouseDocumentModel.create({
      code: `${owner}.GT.YT.GCS.000001`, ownerIdNumber: owner, ownerIdType: 'CCCD', ownerName: 'Võ Đặng Ngọc Giang', documentTypeCode: 'GT.YT.GCS',
      name: 'Bản chính Giấy chứng sinh', summary: 'Giấy chứng sinh', kind: 'component', validity: {}, fileId: file.id, sha256: file.sha256,
      source: { key: 'desk-earlier:gcs', dossierCode: 'H34.29.2-250101-0001', procedureCode: '1.001193.000.00.00.H34' },
    });
    await page.reload();
    await fillApplicant(owner);
    await page.getByRole('button', { name: 'Tra cứu kho dữ liệu của người nộp' }).click();
    await page.getByText('Kho dữ liệu có 1 giấy tờ còn hiệu lực').waitFor();
    const reuseBox = page.locator('#reuse-giay-chung-sinh');
    await expect(reuseBox.isDisabled()).resolves.toBe(true); // not before it has been opened
    await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: /^Xem Bản chính Giấy chứng sinh \(0012\*{6}88/ }).click()]);
    await reuseBox.check();
    await page.locator('#file-to-khai').setInputFiles(pdf('Tờ khai.pdf', scans.toKhai));
    await screenshot(page, 'desk-05-reuse');
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await page.getByRole('heading', { name: 'Đã tiếp nhận hồ sơ' }).waitFor();
    const code = await page.locator('#dossierCode').textContent();
    const saved = await DossierModel.findOne({ code }).lean();
    expect(saved?.components.find((c) => c.code === 'giay-chung-sinh')?.reusedFrom).toMatchObject({ documentId: String(doc._id), warehouseCode: doc.code });
  });
});
