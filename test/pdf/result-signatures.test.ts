import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDevCa, createDevCertificate } from '../../core/adapters/signer/dev-certificate';
import { renderDevSignaturePng, DEV_SIGNATURE_SIZE } from '../../core/adapters/signer/dev-signature-image';
import { createP12Signer } from '../../core/adapters/signer/signer';
import { handwrittenImageRect, MM, sealArea } from '../../core/adapters/signer/visuals';
import { createTimestampAuthority } from '../../core/adapters/timestamp-authority';
import { issueBlanks, RESULT_LAYOUT, renderBirthExtract } from '../../core/pdf/render-result';
import { createTsaSimulator } from '../../stack/simulators/timestamp-authority';
import { pdfsig, signatureTimestamps } from '../helpers/pdfsig';
import { pdftotext, pdfWords, signatureWidgets } from './poppler';

const run = promisify(execFile);

/**
 * An issued result as Decree 30/2020 Annex I draws it (DOMAIN.md §10): the leader's signature with their
 * signature image centred under the signer's title and their name below; then, by incremental update,
 * the organization's signature with the red seal at real size over the left third of that image, and the
 * number and date filled in; both signatures timestamped by an RFC 3161 authority (PAdES B-T). Checked
 * by independent tools: pdfsig (signatures), openssl ts (timestamps), pdftotext (text), pdftoppm (ink).
 */
const passphrase = 'result-signatures-test';
const ca = createDevCa({ commonName: 'Result Signatures Test CA' });
const leader = createDevCertificate({ commonName: 'Trần Thị Bình', organization: 'UBND xã Đắk La', passphrase, ca });
const organization = createDevCertificate({ commonName: 'UBND xã Đắk La', organization: 'UBND xã Đắk La', passphrase, ca });
const tsaCert = createDevCertificate({ commonName: 'Test TSA', organization: 'Development only', passphrase, ca, purpose: 'timestamping' });
const dir = mkdtempSync(path.join(tmpdir(), 'result-signatures-'));
const caFile = path.join(dir, 'ca.pem');
writeFileSync(caFile, ca.certPem);
const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
const signatureImage = renderDevSignaturePng('Trần Thị Bình');
const imageRect = handwrittenImageRect(RESULT_LAYOUT.signature, DEV_SIGNATURE_SIZE.width, DEV_SIGNATURE_SIZE.height);
const seal = sealArea(imageRect, 36);

let server: Server;
let draft: Buffer;
let byLeader: Buffer;
let issued: Buffer;

beforeAll(async () => {
  const tsaSim = createTsaSimulator({ p12: tsaCert.p12, passphrase });
  server = tsaSim.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const tsa = createTimestampAuthority(`http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`, { timeoutMs: 5000 });
  draft = await renderBirthExtract({
    symbol: 'TLKS-BS',
    issuedAt: signedAt,
    agencyName: 'UBND xã Đắk La',
    childName: 'Võ Đặng Minh Khang',
    childDateOfBirth: '2026-11-10',
    applicantName: 'Võ Đặng Ngọc Giang',
    dossierCode: 'H34.29.2-261121-0001',
    signerTitle: 'CHỦ TỊCH',
  });
  byLeader = await createP12Signer({ p12: leader.p12, passphrase }).signPdf(draft, {
    signerName: 'Trần Thị Bình', reason: 'Phê duyệt', signedAt, placement: 'bottom-right',
    visual: { kind: 'handwritten', area: RESULT_LAYOUT.signature, image: signatureImage, name: 'Trần Thị Bình' },
  }, tsa);
  issued = await createP12Signer({ p12: organization.p12, passphrase }).signPdf(byLeader, {
    signerName: 'UBND xã Đắk La', reason: 'Ban hành', signedAt, placement: 'top-right',
    visual: { kind: 'seal', area: seal, agencyName: 'Ủy ban nhân dân xã Đắk La' },
    filledLines: issueBlanks(15, signedAt),
  }, tsa);
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Page 1 rendered by poppler at 72 dpi (1 pixel = 1 point), as RGB rows from the top. */
async function renderPage(pdf: Buffer): Promise<{ width: number; height: number; at: (x: number, y: number) => [number, number, number] }> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pdftoppm-')), 'doc.pdf');
  writeFileSync(file, pdf);
  await run('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', file, path.join(path.dirname(file), 'page')]);
  const ppm = readFileSync(path.join(path.dirname(file), 'page-1.ppm'));
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'));
  const [width, height] = [Number(header![1]), Number(header![2])];
  const data = ppm.subarray(header![0].length);
  return {
    width, height,
    // PDF coordinates (origin bottom-left) → pixel
    at: (x, y) => {
      const i = (Math.round(height - y) * width + Math.round(x)) * 3;
      return [data[i]!, data[i + 1]!, data[i + 2]!];
    },
  };
}

function countPixels(page: Awaited<ReturnType<typeof renderPage>>, area: { x: number; y: number; width: number; height: number }, test: (rgb: [number, number, number]) => boolean): number {
  let n = 0;
  for (let y = Math.ceil(area.y); y < area.y + area.height; y++) for (let x = Math.ceil(area.x); x < area.x + area.width; x++) if (test(page.at(x, y))) n++;
  return n;
}
const red = ([r, g, b]: [number, number, number]) => r > 150 && g < 110 && b < 110;
const blue = ([r, g, b]: [number, number, number]) => b > 120 && r < 110 && b > g + 40;

describe('an issued result: the leader\'s and the organization\'s signatures as Decree 30/2020 draws them', () => {
  it('when both have signed, then pdfsig finds two valid signatures, the last covering the whole file', async () => {
    const report = await pdfsig(issued);
    expect(report.signatures).toEqual([
      { signerName: 'Trần Thị Bình', valid: true },
      { signerName: 'UBND xã Đắk La', valid: true },
    ]);
    const [first, second] = report.raw.split(/^Signature #2:$/m);
    expect(first).toContain('Not total document signed');
    expect(second).toContain('Total document signed');
    expect(second).not.toContain('Not total document signed');
    expect(issued.subarray(0, byLeader.length).equals(byLeader)).toBe(true);
  });

  it('when both have signed, then each signature carries an RFC 3161 timestamp over its own value that openssl verifies against the CA', async () => {
    const stamps = await signatureTimestamps(issued, caFile);
    expect(stamps).toHaveLength(2);
    for (const stamp of stamps) {
      expect(stamp?.report).toContain('Verification: OK');
      expect(stamp!.verified).toBe(true);
      expect(Math.abs(new Date(stamp!.genTime).getTime() - Date.now())).toBeLessThan(120_000);
    }
  });

  it('when a timestamp is checked against another CA, then openssl refuses it', async () => {
    const otherCa = path.join(dir, 'other-ca.pem');
    writeFileSync(otherCa, createDevCa({ commonName: 'Someone Else CA' }).certPem);
    const stamps = await signatureTimestamps(issued, otherCa);
    expect(stamps.map((s) => s?.verified)).toEqual([false, false]);
  });

  it('when the leader signs, then the widget is the signature block under the title, with the image above the leader\'s name', async () => {
    const { widgets } = await signatureWidgets(issued, 0);
    const { x, y, width, height } = RESULT_LAYOUT.signature;
    expect(widgets[0]!.rect).toEqual([x, y, x + width, y + height]);
    expect(y + height).toBeLessThan(RESULT_LAYOUT.signerTitleY - 10); // below the title and its note
    const text = await pdftotext(byLeader, 1);
    expect(text).toMatch(/CHỦ TỊCH[\s\S]*Trần Thị Bình/);
    const page = await renderPage(byLeader);
    // blue ink inside the image's box, none outside the widget
    expect(countPixels(page, imageRect, blue)).toBeGreaterThan(200);
    expect(countPixels(page, { x: 0, y: 0, width: x, height: 842 }, blue)).toBe(0);
    expect(countPixels(page, seal, red)).toBe(0); // no seal before issuance
  });

  it('when the organization signs, then its seal is 36 mm across, over the left third of the signature image and centred on it', async () => {
    const { widgets } = await signatureWidgets(issued, 0);
    const [x1, y1, x2, y2] = widgets[1]!.rect;
    expect(x2 - x1).toBeCloseTo(36 * MM, 5);
    expect(y2 - y1).toBeCloseTo(36 * MM, 5);
    expect(x2).toBeCloseTo(imageRect.x + imageRect.width / 3, 5);
    expect((y1 + y2) / 2).toBeCloseTo(imageRect.y + imageRect.height / 2, 5);
    const page = await renderPage(issued);
    expect(countPixels(page, seal, red)).toBeGreaterThan(300);
    // the right two thirds of the image keep their blue ink, uncovered
    const rightPart = { ...imageRect, x: imageRect.x + imageRect.width / 3 + 1, width: (imageRect.width * 2) / 3 - 1 };
    expect(countPixels(page, rightPart, blue)).toBeGreaterThan(100);
    expect(countPixels(page, rightPart, red)).toBe(0);
  });

  it('when the organization signs, then the number and date are filled in under its signature and nothing is left in the top-right corner', async () => {
    const text = await pdftotext(issued, 1);
    const vn = new Date(signedAt.getTime() + 7 * 3600_000);
    const [d, m, y] = [vn.getUTCDate(), vn.getUTCMonth() + 1, vn.getUTCFullYear()].map((n) => String(n).padStart(2, '0'));
    // the number in its blank: on the line of "Số:" and "/TLKS-BS", between them
    const words = await pdfWords(issued, 1);
    const [label, number, symbol] = ['Số:', '15', '/TLKS-BS'].map((w) => words.find((x) => x.word === w)!);
    expect([label, number, symbol].every(Boolean)).toBe(true);
    expect(Math.abs(number!.yMax - label!.yMax)).toBeLessThan(1);
    expect(Math.abs(symbol!.yMax - label!.yMax)).toBeLessThan(1);
    expect(label!.xMax).toBeLessThan(number!.xMin);
    expect(number!.xMax).toBeLessThan(symbol!.xMin);
    expect(text).toMatch(new RegExp(`Ngày\\s*${d}\\s*tháng\\s*${m}\\s*năm\\s*${y}`));
    expect(text).not.toContain('Ký bởi:');
    // the draft leaves both blank
    const draftWords = await pdfWords(draft, 1);
    const lineOf = (word: string) => {
      const at = draftWords.find((w) => w.word === word)!;
      return draftWords.filter((w) => Math.abs(w.yMax - at.yMax) < 1 && Math.abs(w.xMin - at.xMin) < 150).map((w) => w.word);
    };
    expect(lineOf('Số:')).toEqual(['Số:', '/TLKS-BS']);
    expect(lineOf('Ngày')).toEqual(['Ngày', 'tháng', 'năm']);
  });
});
