import { createDevCertificate } from '../../core/adapters/signer/dev-certificate';
import { createP12Signer } from '../../core/adapters/signer/signer';
import { renderBirthExtract } from '../../core/pdf/render-result';
import { pdfsig, pdftotext, signatureWidgets } from './poppler';

/**
 * A result carries two signatures (Decree 30/2020 Annex I): the leader approves and signs (ký phê duyệt),
 * then the clerk issues it with the organization's signature top-right of page 1. The second must be an
 * incremental update so that the first stays valid.
 */
const passphrase = 'test-pass';
const leader = createDevCertificate({ commonName: 'Trần Thị Bình', organization: 'UBND xã Đắk La', passphrase });
const organization = createDevCertificate({ commonName: 'UBND xã Đắk La', organization: 'UBND xã Đắk La', passphrase });
const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000);

let byLeader: Buffer;
let issued: Buffer;

beforeAll(async () => {
  const draft = await renderBirthExtract({
    documentNumber: '15/TLKS',
    issuedAt: signedAt,
    agencyName: 'UBND xã Đắk La',
    childName: 'Võ Đặng Minh Khang',
    childDateOfBirth: '10/11/2026',
    applicantName: 'Võ Đặng Ngọc Giang',
    dossierCode: 'H34.29.2-261121-0001',
  });
  byLeader = await createP12Signer({ p12: leader.p12, passphrase }).signPdf(draft, {
    signerName: 'Trần Thị Bình', reason: 'Phê duyệt — Chủ tịch', signedAt, placement: 'bottom-right', lines: ['15/TLKS'],
  });
  issued = await createP12Signer({ p12: organization.p12, passphrase }).signPdf(byLeader, {
    signerName: 'UBND xã Đắk La', reason: 'Ban hành', signedAt, placement: 'top-right',
    lines: ['15/TLKS', '000.00.14.H21-2026-15.TLKS'],
  });
});

describe('two signatures on one result', () => {
  it('when the organization signs after the leader, then pdfsig shows two valid signatures', async () => {
    const report = await pdfsig(issued);
    expect(report.signatures).toEqual([
      { signerName: 'Trần Thị Bình', valid: true },
      { signerName: 'UBND xã Đắk La', valid: true },
    ]);
    // the leader's signature covers its own revision, the organization's covers the whole file
    const [first, second] = report.raw.split(/^Signature #2:$/m);
    expect(first).toContain('Not total document signed');
    expect(second).toContain('Total document signed');
    expect(second).not.toContain('Not total document signed');
  });

  it('when the organization signs, then the leader-signed file is kept byte for byte as the first revision', () => {
    expect(issued.length).toBeGreaterThan(byLeader.length);
    expect(issued.subarray(0, byLeader.length).equals(byLeader)).toBe(true);
  });

  it('when both have signed, then the widgets are separate fields at bottom-right and top-right of page 1', async () => {
    const { widgets, pageSize } = await signatureWidgets(issued, 0);
    expect(widgets.map((w) => w.fieldName)).toEqual(['Signature1', 'Signature2']);
    const [leaderRect, orgRect] = widgets.map((w) => w.rect);
    expect(leaderRect![2]).toBeGreaterThan(pageSize.width - 30); // right edge
    expect(leaderRect![1]).toBeLessThan(30); // bottom edge
    expect(orgRect![2]).toBeGreaterThan(pageSize.width - 30);
    expect(orgRect![3]).toBeGreaterThan(pageSize.height - 30); // top edge
  });

  it('when both have signed, then both stamps and the document text are on page 1', async () => {
    const text = await pdftotext(issued, 1);
    expect(text).toContain('Ký bởi: Trần Thị Bình');
    expect(text).toContain('Ký bởi: UBND xã Đắk La');
    expect(text).toContain('000.00.14.H21-2026-15.TLKS');
    expect(text).toContain('TRÍCH LỤC KHAI SINH');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  });

  it('when a byte of the leader revision is flipped after both signed, then both signatures fail', async () => {
    const tampered = Buffer.from(issued);
    const at = Math.floor(byLeader.indexOf('/ByteRange') / 2);
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    const report = await pdfsig(tampered);
    expect(report.signatures.map((s) => s.valid)).toEqual([false, false]);
  });

  it('when a third party signs the issued file again, then all three signatures stay valid', async () => {
    const officer = createDevCertificate({ commonName: 'Nguyễn Văn An', passphrase });
    const third = await createP12Signer({ p12: officer.p12, passphrase }).signPdf(issued, {
      signerName: 'Nguyễn Văn An', reason: 'Sao y', signedAt, placement: 'top-left',
    });
    expect((await pdfsig(third)).signatures.map((s) => s.valid)).toEqual([true, true, true]);
  });
});
