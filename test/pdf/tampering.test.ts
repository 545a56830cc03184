import { createDevCertificate } from '../../core/adapters/signer/dev-certificate';
import { createP12Signer } from '../../core/adapters/signer/signer';
import { renderBirthExtract } from '../../core/pdf/render-result';
import { pdfsig } from './poppler';

const passphrase = 'test-pass';
const leader = createDevCertificate({ commonName: 'Trần Thị Bình', passphrase });
let signed: Buffer;

/** The signed byte ranges: [start1, length1, start2, length2]. */
function byteRange(pdf: Buffer): number[] {
  const match = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)/.exec(pdf.toString('latin1'));
  if (!match) throw new Error('no /ByteRange');
  return match.slice(1).map(Number);
}

beforeAll(async () => {
  const draft = await renderBirthExtract({
    documentNumber: '15/TLKS',
    issuedAt: new Date(),
    agencyName: 'UBND xã Đắk La',
    childName: 'Võ Đặng Minh Khang',
    childDateOfBirth: '10/11/2026',
    applicantName: 'Võ Đặng Ngọc Giang',
    dossierCode: 'H34.29.2-261121-0001',
  });
  signed = await createP12Signer({ p12: leader.p12, passphrase }).signPdf(draft, {
    signerName: 'Trần Thị Bình',
    reason: 'Phê duyệt',
    signedAt: new Date(),
    placement: 'bottom-right',
  });
});

describe('tampering', () => {
  it('when the untouched signed file is checked, then the signature is valid (control)', async () => {
    expect((await pdfsig(signed)).signatures).toEqual([{ signerName: 'Trần Thị Bình', valid: true }]);
  });

  it('when one byte inside the signed content is flipped, then pdfsig reports the signature invalid', async () => {
    const [, length1 = 0] = byteRange(signed);
    const tampered = Buffer.from(signed);
    const at = Math.floor(length1 / 2); // middle of the first signed range (page content and fonts)
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    const report = await pdfsig(tampered);
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]!.valid).toBe(false);
    expect(report.raw).not.toContain('Signature is Valid');
    expect(report.raw).toContain('Signature Validation: Digest Mismatch.');
  });

  it('when bytes are appended after signing, then pdfsig no longer reports the whole document as signed', async () => {
    const appended = Buffer.concat([signed, Buffer.from('\n% appended later\n')]);
    const report = await pdfsig(appended);
    expect(report.raw).toContain('Not total document signed');
  });
});
