import { createHash } from 'node:crypto';
import forge from 'node-forge';

/**
 * CMS SignedData (RFC 5652) for PDF signatures, split in the two halves a remote signing service needs:
 *  1. `signedAttributes` — what is signed: contentType, messageDigest (SHA-256 of the PDF's byte range)
 *     and signingCertificateV2 (RFC 5035, binds the signer's certificate). That is the PAdES baseline B
 *     set (ETSI EN 319 142-1): the claimed signing time goes into the PDF signature dictionary's /M,
 *     and a CMS signingTime attribute is left out;
 *     its SHA-256 is the digest handed to the signer (a local key, a USB token, VNPT SmartCA, Viettel MySign);
 *  2. `assembleSignedData` — wraps the returned RSA signature with the certificates into the detached CMS.
 * The issuer and serial number are copied byte for byte from the certificate's DER: node-forge re-encodes
 * UTF8String names (forge #847), which made verifiers miss the signer certificate of Vietnamese issuers.
 */
const { asn1 } = forge;
const T = asn1.Type;
const UNIVERSAL = asn1.Class.UNIVERSAL;
const CONTEXT = asn1.Class.CONTEXT_SPECIFIC;

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  /** RFC 3161 Appendix A: the timestamp token over a signature value, an unsigned attribute (PAdES B-T) */
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;
export const CMS_OID = OID;

const seq = (items: forge.asn1.Asn1[]) => asn1.create(UNIVERSAL, T.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(UNIVERSAL, T.SET, true, items);
const oid = (value: string) => asn1.create(UNIVERSAL, T.OID, false, asn1.oidToDer(value).getBytes());
const octets = (bytes: Buffer) => asn1.create(UNIVERSAL, T.OCTETSTRING, false, bytes.toString('binary'));
const int = (n: number) => asn1.create(UNIVERSAL, T.INTEGER, false, asn1.integerToDer(n).getBytes());
const nullValue = () => asn1.create(UNIVERSAL, T.NULL, false, '');
const sha256Algorithm = () => seq([oid(OID.sha256), nullValue()]);
// forge's typings know only fromDer(bytes, strict); its options object is documented in asn1.js
const fromDer = (der: Buffer, parseAllBytes = true): forge.asn1.Asn1 =>
  (asn1.fromDer as unknown as (b: forge.util.ByteStringBuffer, o: object) => forge.asn1.Asn1)(
    forge.util.createBuffer(der.toString('binary')), { strict: true, parseAllBytes });
const toDer = (node: forge.asn1.Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');

/** UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5, which CMS signingTime follows). */
function time(at: Date): forge.asn1.Asn1 {
  return at.getUTCFullYear() < 2050
    ? asn1.create(UNIVERSAL, T.UTCTIME, false, asn1.dateToUtcTime(at))
    : asn1.create(UNIVERSAL, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(at));
}

/** issuer Name and serialNumber of a certificate, as parsed DER nodes (never re-encoded). */
function issuerAndSerial(certDer: Buffer): { issuer: forge.asn1.Asn1; serial: forge.asn1.Asn1 } {
  const tbs = (fromDer(certDer).value as forge.asn1.Asn1[])[0];
  const fields = tbs?.value as forge.asn1.Asn1[] | undefined;
  if (!fields) throw new Error('not an X.509 certificate');
  // TBSCertificate: [0] version (optional), serialNumber, signature, issuer, …
  const offset = fields[0]?.tagClass === CONTEXT ? 1 : 0;
  const serial = fields[offset];
  const issuer = fields[offset + 2];
  if (!serial || !issuer) throw new Error('certificate without serial number or issuer');
  return { issuer, serial };
}

const attribute = (type: string, value: forge.asn1.Asn1) => seq([oid(type), set([value])]);

export interface SignedAttributesInput {
  /** SHA-256 of the signed content (for a PDF: its byte range) */
  contentDigest: Buffer;
  /** only for plain CMS signatures; PAdES carries the time in the PDF (/M) instead */
  signingTime?: Date;
  /** the signer's certificate, DER */
  certificate: Buffer;
  /** what the content is: data (a PDF's byte range) unless a timestamp authority signs a TSTInfo */
  contentType?: string;
}

/** DER of the signed attributes as a SET — the bytes whose SHA-256 the signer signs (RFC 5652 §5.4). */
export function signedAttributes({ contentDigest, signingTime, certificate, contentType = OID.data }: SignedAttributesInput): Buffer {
  const { issuer, serial } = issuerAndSerial(certificate);
  const certHash = createHash('sha256').update(certificate).digest();
  // ESSCertIDv2 with the default hash algorithm (SHA-256) omitted, as DER requires
  const essCertIdV2 = seq([octets(certHash), seq([seq([asn1.create(CONTEXT, 4, true, [issuer])]), serial])]);
  return toDer(
    set([
      attribute(OID.contentType, oid(contentType)),
      ...(signingTime ? [attribute(OID.signingTime, time(signingTime))] : []),
      attribute(OID.messageDigest, octets(contentDigest)),
      attribute(OID.signingCertificateV2, seq([seq([essCertIdV2])])),
    ]),
  );
}

/** The digest a signer signs: SHA-256 over the signed attributes' DER. */
export function signedAttributesDigest(signedAttributesDer: Buffer): Buffer {
  return createHash('sha256').update(signedAttributesDer).digest();
}

/** DigestInfo (RFC 8017 §9.2) of a SHA-256 digest: what RSASSA-PKCS1-v1_5 encrypts with the private key. */
export function sha256DigestInfo(digest: Buffer): Buffer {
  if (digest.length !== 32) throw new Error(`a SHA-256 digest has 32 bytes, not ${digest.length}`);
  return toDer(seq([sha256Algorithm(), octets(digest)]));
}

export interface SignedDataInput {
  signedAttributes: Buffer;
  /** RSASSA-PKCS1-v1_5 signature over signedAttributesDigest(signedAttributes) */
  signature: Buffer;
  /** signer certificate first, then the rest of its chain (DER) */
  certificates: Buffer[];
  /**
   * an RFC 3161 timestamp token (ContentInfo, DER) over the signature value, carried as the unsigned
   * attribute signatureTimeStampToken: the signature then existed at the token's time (PAdES B-T)
   */
  timestampToken?: Buffer;
  /** content carried inside (a timestamp authority's TSTInfo); absent for a detached signature */
  encapsulated?: { type: string; content: Buffer };
}

/** ContentInfo(SignedData), detached: the value of a PDF signature's /Contents. */
export function assembleSignedData({ signedAttributes: attrsDer, signature, certificates, timestampToken, encapsulated }: SignedDataInput): Buffer {
  const [signerCert] = certificates;
  if (!signerCert) throw new Error('a CMS signature needs the signer certificate');
  const { issuer, serial } = issuerAndSerial(signerCert);
  // signed attributes are signed as a SET and carried as [0] IMPLICIT
  const attrs = fromDer(attrsDer);
  const signerInfo = seq([
    int(1),
    seq([issuer, serial]),
    sha256Algorithm(),
    asn1.create(CONTEXT, 0, true, attrs.value as forge.asn1.Asn1[]),
    seq([oid(OID.rsaEncryption), nullValue()]),
    octets(signature),
    ...(timestampToken ? [asn1.create(CONTEXT, 1, true, [attribute(OID.signatureTimeStampToken, fromDer(timestampToken))])] : []),
  ]);
  const signedData = seq([
    // version 3 when the content is not id-data (RFC 5652 §5.1)
    int(encapsulated ? 3 : 1),
    set([sha256Algorithm()]),
    encapsulated
      ? seq([oid(encapsulated.type), asn1.create(CONTEXT, 0, true, [octets(encapsulated.content)])])
      : seq([oid(OID.data)]),
    asn1.create(CONTEXT, 0, true, certificates.map((der) => fromDer(der))),
    set([signerInfo]),
  ]);
  return toDer(seq([oid(OID.signedData), asn1.create(CONTEXT, 0, true, [signedData])]));
}

/** The signer certificate inside a CMS signature (DER; trailing /Contents padding allowed), to check who signed. */
export function signerCertificateOf(cms: Buffer): Buffer {
  const contentInfo = fromDer(cms, false).value as forge.asn1.Asn1[];
  const signedData = ((contentInfo[1]?.value as forge.asn1.Asn1[])[0]?.value ?? []) as forge.asn1.Asn1[];
  const certsNode = signedData.find((n) => n.tagClass === CONTEXT && n.type === 0);
  const signerInfos = signedData[signedData.length - 1]?.value as forge.asn1.Asn1[] | undefined;
  const sid = (signerInfos?.[0]?.value as forge.asn1.Asn1[] | undefined)?.[1]?.value as forge.asn1.Asn1[] | undefined;
  if (!certsNode || !sid) throw new Error('CMS without certificates or signer');
  const wanted = toDer(sid[1] as forge.asn1.Asn1).toString('hex');
  for (const cert of certsNode.value as forge.asn1.Asn1[]) {
    const der = toDer(cert);
    if (toDer(issuerAndSerial(der).serial).toString('hex') === wanted) return der;
  }
  throw new Error('the signer certificate is not in the CMS');
}
