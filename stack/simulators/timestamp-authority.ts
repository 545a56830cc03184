import { createHash, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import forge from 'node-forge';
import { loadConfig, requireSecret } from '../../core/config';
import { assembleSignedData, CMS_OID, signedAttributes } from '../../core/adapters/signer/cms';
import { openP12 } from '../../core/adapters/signer/digest-signer';
import { derOf, parseDer, positive } from '../../core/adapters/signer/timestamp';

/**
 * Local RFC 3161 timestamp authority, for development and tests only (results are timestamped through
 * core/adapters/timestamp-authority.ts at TSA_BASE_URL; production points it at a licensed TSA).
 * POST /tsa with an application/timestamp-query body answers an application/timestamp-reply: a TSTInfo
 * (policy, the request's message imprint and nonce, a serial number, the time) in a CMS SignedData signed
 * with the key in SIGNING_CERT_DIR/tsa.p12 (EKU timeStamping, issued by the development CA), so that
 * `openssl ts -verify` and PDF readers check it against that CA. `failing: true` answers 503.
 */
export interface TsaSimulatorOptions {
  /** the authority's PKCS#12 (certificate first, then its chain) and passphrase */
  p12: Buffer;
  passphrase: string;
  failing?: boolean;
  now?: () => Date;
}

/** 2.999 is the arc ITU-T X.660 keeps for examples: never mistaken for a real authority's policy. */
export const DEV_TSA_POLICY = '2.999.3161.1';
const SHA256 = '2.16.840.1.101.3.4.2.1';
const { asn1 } = forge;
const T = asn1.Type;
const U = asn1.Class.UNIVERSAL;
type Node = forge.asn1.Asn1;
const seq = (items: Node[]) => asn1.create(U, T.SEQUENCE, true, items);
const integer = (content: Buffer) => asn1.create(U, T.INTEGER, false, content.toString('binary'));
const children = (node: Node | undefined): Node[] => (Array.isArray(node?.value) ? (node.value as Node[]) : []);

export interface TsaSimulator {
  app: express.Express;
  issued: () => number;
  setFailing(failing: boolean): void;
}

export function createTsaSimulator(options: TsaSimulatorOptions): TsaSimulator {
  const { certificates, key } = openP12(options.p12, options.passphrase);
  const now = options.now ?? (() => new Date());
  let failing = options.failing ?? false;
  let serial = 0;
  const app = express();
  app.get('/health', (_req, res) => {
    res.json({ status: 'UP' });
  });
  app.post('/tsa', express.raw({ type: 'application/timestamp-query', limit: '16kb' }), (req, res) => {
    if (failing) {
      res.status(503).send('simulated outage');
      return;
    }
    const reply = (status: number, token?: Node) =>
      res.type('application/timestamp-reply').send(derOf(seq([seq([integer(Buffer.from([status]))]), ...(token ? [token] : [])])));
    let imprint: Node;
    let nonce: Node | undefined;
    try {
      const fields = children(parseDer(req.body as Buffer));
      imprint = fields[1]!;
      const algorithm = asn1.derToOid(forge.util.createBuffer(children(children(imprint)[0])[0]!.value as string));
      const digest = children(imprint)[1]!.value as string;
      if (algorithm !== SHA256 || digest.length !== 32) {
        reply(2); // rejection: only SHA-256 imprints (RFC 3161 PKIFailureInfo badAlg)
        return;
      }
      nonce = fields.slice(2).find((n) => n.tagClass === U && n.type === T.INTEGER);
    } catch {
      reply(2); // rejection: badDataFormat
      return;
    }
    serial += 1;
    const genTime = now();
    const tstInfo = derOf(
      seq([
        integer(Buffer.from([1])),
        asn1.create(U, T.OID, false, asn1.oidToDer(DEV_TSA_POLICY).getBytes()),
        imprint,
        integer(positive(Buffer.concat([randomBytes(8), Buffer.from([serial & 0xff])]))),
        asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(genTime)),
        ...(nonce ? [nonce] : []),
      ]),
    );
    const attrs = signedAttributes({
      contentDigest: createHash('sha256').update(tstInfo).digest(),
      certificate: certificates[0]!,
      contentType: CMS_OID.tstInfo,
    });
    const token = assembleSignedData({
      signedAttributes: attrs,
      signature: sign('sha256', attrs, key),
      certificates,
      encapsulated: { type: CMS_OID.tstInfo, content: tstInfo },
    });
    reply(0, parseDer(token));
  });
  return { app, issued: () => serial, setFailing: (f) => { failing = f; } };
}

if (require.main === module) {
  const config = loadConfig();
  const port = Number(process.env.TSA_SIM_PORT ?? 8750);
  const sim = createTsaSimulator({
    p12: readFileSync(path.join(config.SIGNING_CERT_DIR, 'tsa.p12')),
    passphrase: requireSecret(config, 'SIGNING_CERT_PASSPHRASE'),
    failing: process.env.TSA_SIM_FAIL === '1',
  });
  sim.app.listen(port, '127.0.0.1', () => {
    console.log(JSON.stringify({ level: 'info', msg: 'timestamp authority simulator listening', port }));
  });
}
