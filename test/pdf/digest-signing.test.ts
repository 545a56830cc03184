import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { createDevCa, createDevCertificate } from '../../core/adapters/signer/dev-certificate';
import { openP12, rsaSignDigest, verifyDigestSignature } from '../../core/adapters/signer/digest-signer';
import { completePdfSignature, preparePdfSignature } from '../../core/adapters/signer/pdf-signer';
import { renderTestScan } from '../../core/pdf/render-result';
import { pdfsig, signerCertificates } from '../helpers/pdfsig';

/**
 * The signature in two halves, as a remote signing service needs it: the PDF is prepared and its digest
 * leaves the process; later a signature comes back and is put into the file. Certificates come from a
 * development CA made here, as stack/make-dev-certs.ts makes them for each person at setup.
 */
const passphrase = 'test-pass';
const ca = createDevCa({ commonName: 'Test Development CA' });
const leader = createDevCertificate({ commonName: 'Phạm Văn Lãnh Đạo', organization: 'UBND xã Đắk La', passphrase, ca });
const stranger = createDevCertificate({ commonName: 'Người Khác', passphrase, ca });
const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
const request = { signerName: 'Phạm Văn Lãnh Đạo', reason: 'Phê duyệt', signedAt, placement: 'bottom-right' as const };

let draft: Buffer;
beforeAll(async () => {
  draft = await renderTestScan(1, 'Trích lục khai sinh (dự thảo)');
});

describe('digest signing in two halves', () => {
  it('when a person certificate is made, then the development CA issued it and the PKCS#12 file carries the chain', () => {
    const { certificates } = openP12(leader.p12, passphrase);
    expect(certificates).toHaveLength(2);
    const [own, issuer] = certificates.map((der) => new X509Certificate(der));
    expect(own!.subject).toContain('CN=Phạm Văn Lãnh Đạo');
    expect(own!.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(own!.checkIssued(issuer!)).toBe(true);
    expect(issuer!.ca).toBe(true);
  });

  it('when the signature of the digest arrives later, then the completed PDF verifies with pdfsig and carries that person\'s certificate', async () => {
    const { key, certificates } = openP12(leader.p12, passphrase);
    const prepared = await preparePdfSignature(draft, request, certificates);
    expect(prepared.digest).toHaveLength(32);
    // … the digest travels to the signing service and the person confirms; the service answers:
    const signature = rsaSignDigest(key, prepared.digest);
    expect(verifyDigestSignature(certificates[0]!, prepared.digest, signature)).toBe(true);
    const signed = completePdfSignature(prepared, signature);

    const report = await pdfsig(signed);
    expect(report.signatures).toEqual([{ signerName: 'Phạm Văn Lãnh Đạo', valid: true }]);
    expect(report.raw).toContain('Total document signed');
    const [signer] = await signerCertificates(signed);
    expect(signer?.equals(certificates[0]!)).toBe(true);
  });

  it('when the signed attributes are read, then they are the PAdES baseline B set: no CMS signing time, the signer certificate bound', async () => {
    const { certificates } = openP12(leader.p12, passphrase);
    const prepared = await preparePdfSignature(draft, request, certificates);
    const oids = (forge.asn1.fromDer(prepared.signedAttributes.toString('binary')).value as forge.asn1.Asn1[])
      .map((attr) => forge.asn1.derToOid((attr.value as forge.asn1.Asn1[])[0]!.value as string));
    expect(oids).toEqual(['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4', '1.2.840.113549.1.9.16.2.47']); // contentType, messageDigest, signingCertificateV2
    const signed = completePdfSignature(prepared, rsaSignDigest(openP12(leader.p12, passphrase).key, prepared.digest));
    const report = await pdfsig(signed);
    expect(report.raw).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report.raw).toMatch(/Signing Time: \w{3} \d{1,2} \d{4}/); // from the PDF's /M
  });

  it('when the signature comes from another person\'s key, then the check refuses it and pdfsig would not accept the file', async () => {
    const { certificates } = openP12(leader.p12, passphrase);
    const other = openP12(stranger.p12, passphrase);
    const prepared = await preparePdfSignature(draft, request, certificates);
    const wrong = rsaSignDigest(other.key, prepared.digest);
    expect(verifyDigestSignature(certificates[0]!, prepared.digest, wrong)).toBe(false);
    const report = await pdfsig(completePdfSignature(prepared, wrong));
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]?.valid).toBe(false);
  });

  it('when the prepared file is changed before the signature is put in, then pdfsig reports the signature invalid', async () => {
    const { key, certificates } = openP12(leader.p12, passphrase);
    const prepared = await preparePdfSignature(draft, request, certificates);
    const signature = rsaSignDigest(key, prepared.digest);
    const at = prepared.pdf.indexOf('Trích') >= 0 ? prepared.pdf.indexOf('Trích') : 200;
    const tampered = Buffer.from(prepared.pdf);
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    const report = await pdfsig(completePdfSignature({ ...prepared, pdf: tampered }, signature));
    expect(report.signatures[0]?.valid).toBe(false);
  });
});
