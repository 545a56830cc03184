import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { signerCertificateOf } from '../../core/adapters/signer/cms';

const run = promisify(execFile);

export interface PdfSigReport {
  raw: string;
  signatures: { signerName: string; valid: boolean }[];
}

/**
 * Verifies a PDF's signatures with poppler's `pdfsig`, a verifier independent of the code that
 * signed it. Certificate trust is not asserted (test certificates are self-signed).
 */
export async function pdfsig(pdf: Buffer): Promise<PdfSigReport> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pdfsig-')), 'doc.pdf');
  writeFileSync(file, pdf);
  // pdfsig exits non-zero when a signature does not verify; the report is still on stdout
  const { stdout } = await run('pdfsig', [file]).catch((err: { stdout?: string; code?: unknown }) => {
    if (typeof err.stdout === 'string' && err.stdout.length > 0) return { stdout: err.stdout };
    throw err;
  });
  const blocks = stdout.split(/^Signature #\d+:$/m).slice(1);
  return {
    raw: stdout,
    signatures: blocks.map((b) => ({
      signerName: /Signer Certificate Common Name: (.*)$/m.exec(b)?.[1]?.trim() ?? '',
      valid: /Signature Validation: Signature is Valid\./.test(b),
    })),
  };
}

/**
 * The signer certificate of each signature, in order, as poppler extracts the CMS (`pdfsig -dump`),
 * so a test can check whose key signed — not only the name printed in the certificate.
 */
export async function signerCertificates(pdf: Buffer): Promise<Buffer[]> {
  return (await dumpedSignatures(pdf)).map((d) => signerCertificateOf(d.cms));
}

/** Each signature's CMS as poppler extracts it (`pdfsig -dump`), in order, with the folder it was dumped to. */
async function dumpedSignatures(pdf: Buffer): Promise<{ cms: Buffer; name: string; dir: string }[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdfsig-dump-'));
  const file = path.join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  await run('pdfsig', ['-nocert', '-dump', file], { cwd: dir }).catch((err: { stdout?: string }) => {
    if (typeof err.stdout !== 'string') throw err;
  });
  const dumps = readdirSync(dir).filter((f) => /\.sig\d+$/.test(f)).sort((a, b) => Number(a.split('.sig')[1]) - Number(b.split('.sig')[1]));
  return dumps.map((name) => ({ cms: readFileSync(path.join(dir, name)), name, dir }));
}

export interface SignatureTimestamp {
  /** `openssl ts -verify` of the token against the signature value and the CA: "Verification: OK" */
  verified: boolean;
  /** the token's time, as openssl prints it */
  genTime: string;
  /** openssl's whole answer, for failure messages */
  report: string;
}

/**
 * The RFC 3161 timestamp of each signature (unsigned attribute signatureTimeStampToken), verified by
 * OpenSSL (`openssl ts -verify`): the token must be about the SHA-256 of that signature's value and chain
 * to `caFile`. The CMS is extracted by poppler (`pdfsig -dump`); a signature without a token gives null.
 */
export async function signatureTimestamps(pdf: Buffer, caFile: string): Promise<(SignatureTimestamp | null)[]> {
  const out: (SignatureTimestamp | null)[] = [];
  for (const { cms, name, dir } of await dumpedSignatures(pdf)) {
    const { signature, token } = signatureAndToken(cms);
    if (!token) {
      out.push(null);
      continue;
    }
    const tokenFile = path.join(dir, `${name}.tst`);
    writeFileSync(tokenFile, token);
    const digest = createHash('sha256').update(signature).digest('hex');
    const verify = await run('openssl', ['ts', '-verify', '-digest', digest, '-in', tokenFile, '-token_in', '-CAfile', caFile])
      .then((r) => r.stdout + r.stderr)
      .catch((err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`);
    const text = (await run('openssl', ['ts', '-reply', '-in', tokenFile, '-token_in', '-text'])).stdout;
    out.push({ verified: /Verification: OK/.test(verify), genTime: /Time stamp: (.*)$/m.exec(text)?.[1]?.trim() ?? '', report: verify });
  }
  return out;
}

/** The first SignerInfo's signature value and its signatureTimeStampToken attribute, read with node-forge. */
function signatureAndToken(cms: Buffer): { signature: Buffer; token?: Buffer } {
  const { asn1 } = forge;
  const root = asn1.fromDer(forge.util.createBuffer(cms.toString('binary')), { strict: false, parseAllBytes: false } as unknown as boolean);
  const kids = (n: forge.asn1.Asn1 | undefined) => (n?.value ?? []) as forge.asn1.Asn1[];
  const signedData = kids(kids(root)[1])[0];
  const signerInfos = kids(signedData)[kids(signedData).length - 1];
  const signerInfo = kids(signerInfos)[0];
  const parts = kids(signerInfo);
  const signature = parts.find((p, i) => i > 3 && p.tagClass === asn1.Class.UNIVERSAL && p.type === asn1.Type.OCTETSTRING);
  const unsigned = parts.find((p) => p.tagClass === asn1.Class.CONTEXT_SPECIFIC && p.type === 1);
  const attr = kids(unsigned).find((a) => asn1.derToOid(forge.util.createBuffer(kids(a)[0]!.value as string)) === '1.2.840.113549.1.9.16.2.14');
  const tokenNode = kids(kids(attr)[1])[0];
  return {
    signature: Buffer.from(signature!.value as string, 'binary'),
    ...(tokenNode ? { token: Buffer.from(asn1.toDer(tokenNode).getBytes(), 'binary') } : {}),
  };
}
