import forge from 'node-forge';
import { CMS_OID } from './cms';

/**
 * RFC 3161 (Time-Stamp Protocol) messages, the part a client needs: the request it sends and what it
 * checks in the answer. A signature with a token over its value, from a trusted timestamp authority,
 * proves it existed at that time: PAdES baseline B-T (ETSI EN 319 142-1 §6.3). The authority is an
 * adapter (core/adapters/timestamp-authority.ts); stack/simulators/timestamp-authority.ts answers locally.
 */
const { asn1 } = forge;
const T = asn1.Type;
const UNIVERSAL = asn1.Class.UNIVERSAL;
const SHA256 = '2.16.840.1.101.3.4.2.1';

type Node = forge.asn1.Asn1;
const seq = (items: Node[]) => asn1.create(UNIVERSAL, T.SEQUENCE, true, items);
const children = (node: Node | undefined): Node[] => (Array.isArray(node?.value) ? (node.value as Node[]) : []);
const bytes = (node: Node | undefined): Buffer => Buffer.from(typeof node?.value === 'string' ? node.value : '', 'binary');
export const derOf = (node: Node) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
export const parseDer = (der: Buffer): Node =>
  (asn1.fromDer as unknown as (b: forge.util.ByteStringBuffer, o: object) => Node)(forge.util.createBuffer(der.toString('binary')), { strict: true, parseAllBytes: true });
const oidOf = (node: Node | undefined) => (node ? asn1.derToOid(forge.util.createBuffer(node.value as string)) : '');

export class TimestampError extends Error {}

/** TimeStampReq for a SHA-256 digest, asking for the authority's certificate in the token. */
export function timestampRequest(digest: Buffer, nonce: Buffer): Buffer {
  if (digest.length !== 32) throw new TimestampError('a timestamp request carries a SHA-256 digest');
  return derOf(
    seq([
      asn1.create(UNIVERSAL, T.INTEGER, false, asn1.integerToDer(1).getBytes()),
      seq([seq([asn1.create(UNIVERSAL, T.OID, false, asn1.oidToDer(SHA256).getBytes()), asn1.create(UNIVERSAL, T.NULL, false, '')]), asn1.create(UNIVERSAL, T.OCTETSTRING, false, digest.toString('binary'))]),
      asn1.create(UNIVERSAL, T.INTEGER, false, positive(nonce).toString('binary')),
      asn1.create(UNIVERSAL, T.BOOLEAN, false, String.fromCharCode(0xff)), // certReq
    ]),
  );
}

/** An INTEGER's content octets for unsigned bytes (a leading 0x00 when the top bit is set). */
export function positive(value: Buffer): Buffer {
  return (value[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value;
}

export interface TstInfo {
  policy: string;
  digestAlgorithm: string;
  digest: Buffer;
  serialNumber: string;
  genTime: Date;
  nonce?: Buffer;
}

/** The TSTInfo inside a token (ContentInfo of SignedData with eContentType id-ct-TSTInfo). */
export function tstInfoOf(token: Buffer): TstInfo {
  const signedData = children(children(parseDer(token))[1])[0];
  const encap = children(signedData)[2];
  if (oidOf(children(encap)[0]) !== CMS_OID.tstInfo) throw new TimestampError('the token does not carry a TSTInfo');
  const info = children(parseDer(bytes(children(children(encap)[1])[0])));
  const [, policy, imprint, serial, genTime, ...rest] = info;
  const nonceNode = rest.find((n) => n.tagClass === UNIVERSAL && n.type === T.INTEGER);
  return {
    policy: oidOf(policy),
    digestAlgorithm: oidOf(children(children(imprint)[0])[0]),
    digest: bytes(children(imprint)[1]),
    serialNumber: bytes(serial).toString('hex'),
    genTime: asn1.generalizedTimeToDate(String(genTime?.value ?? '')),
    ...(nonceNode ? { nonce: bytes(nonceNode) } : {}),
  };
}

/**
 * The token from a TimeStampResp, after checking that it was granted and is about this digest and this
 * request (nonce), as RFC 3161 §2.4.2 asks of the requester.
 */
export function tokenFromResponse(response: Buffer, digest: Buffer, nonce: Buffer): { token: Buffer; info: TstInfo } {
  let parts: Node[];
  try {
    parts = children(parseDer(response));
  } catch {
    throw new TimestampError('the timestamp authority answered with something that is not a TimeStampResp');
  }
  const status = bytes(children(parts[0])[0]);
  // PKIStatus 0 granted, 1 grantedWithMods
  if (status.length !== 1 || status[0]! > 1 || !parts[1]) throw new TimestampError(`the timestamp authority refused the request (status ${status.toString('hex') || '?'})`);
  const token = derOf(parts[1]);
  const info = tstInfoOf(token);
  if (info.digestAlgorithm !== SHA256 || !info.digest.equals(digest)) throw new TimestampError('the timestamp token is about another digest');
  if (!info.nonce || !info.nonce.equals(positive(nonce))) throw new TimestampError('the timestamp token answers another request (nonce)');
  return { token, info };
}

