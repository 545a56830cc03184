import forge from 'node-forge';
import { Signer, SignPdfError } from '@signpdf/utils';

/**
 * CMS (adbe.pkcs7.detached) signer for a PKCS#12 file: the same output as @signpdf/signer-p12's P12Signer
 * (SHA-256, signed attributes contentType, signingTime, messageDigest in that order), with one fix.
 *
 * node-forge re-encodes a parsed UTF8String name as UTF-8 a second time (forge issue #847, unmerged PR #731,
 * node-signpdf issue #111). P12Signer passes the certificate to forge, so a Vietnamese issuer name such as
 * "CN=Nguyễn Văn An" (every self-signed dev certificate) ends up garbled in the SignerInfo's
 * issuerAndSerialNumber; verifiers then cannot find the signer certificate and pdfsig reports
 * "Unknown Validation Failure". Here the issuer attributes are decoded before forge encodes them.
 */
const oid = (name: string): string => {
  const value = forge.pki.oids[name];
  if (!value) throw new Error(`node-forge has no OID named ${name}`);
  return value;
};

export class P12CmsSigner extends Signer {
  constructor(
    private readonly p12: Buffer,
    private readonly passphrase: string,
  ) {
    super();
  }

  override async sign(content: Buffer, signingTime?: Date): Promise<Buffer> {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(this.p12.toString('binary')));
    const p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, this.passphrase);
    const certBag = oid('certBag');
    const keyBag = oid('pkcs8ShroudedKeyBag');
    const certs = (p12.getBags({ bagType: certBag })[certBag] ?? [])
      .map((bag) => bag.cert)
      .filter((cert): cert is forge.pki.Certificate => cert !== undefined);
    const key = p12.getBags({ bagType: keyBag })[keyBag]?.[0]?.key as forge.pki.rsa.PrivateKey | undefined;
    if (!key) throw new SignPdfError('PKCS#12 file has no private key.', SignPdfError.TYPE_INPUT);
    const certificate = certs.find((c) => {
      const pub = c.publicKey as forge.pki.rsa.PublicKey;
      return pub.n.compareTo(key.n) === 0 && pub.e.compareTo(key.e) === 0;
    });
    if (!certificate) throw new SignPdfError('No certificate matches the private key.', SignPdfError.TYPE_INPUT);

    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(content.toString('binary'));
    certs.forEach((cert) => p7.addCertificate(cert));
    const issuer = certificate.issuer.attributes.map((attr) =>
      attr.valueTagClass === (forge.asn1.Type.UTF8 as number) && typeof attr.value === 'string'
        ? { ...attr, value: forge.util.decodeUtf8(attr.value) }
        : attr,
    );
    p7.addSigner({
      key,
      issuer,
      serialNumber: certificate.serialNumber,
      digestAlgorithm: oid('sha256'),
      authenticatedAttributes: [
        { type: oid('contentType'), value: oid('data') },
        { type: oid('signingTime'), value: (signingTime ?? new Date()) as unknown as string },
        { type: oid('messageDigest') }, // filled in by forge
      ],
    } as unknown as Parameters<typeof p7.addSigner>[0]);
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}
