import { readFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import { createNationalPortal, type NationalPortal } from '../core/adapters/national-portal';
import { createP12Signer } from '../core/adapters/signer/signer';
import type { Signer } from '../core/adapters/signer/signer';

/** Who signs: the digitizer's personal signature, the leader's approval, the organization's seal. */
export type SignerRole = 'digitizer' | 'leader' | 'organization';

export interface NamedSigner {
  signer: Signer;
  /** the certificate holder's name, shown in the visible stamp */
  name: string;
}

export interface WorkerDeps {
  config: Config;
  log: Logger;
  portal: NationalPortal;
  signers: Record<SignerRole, NamedSigner>;
  now: () => Date;
}

const certFiles: Record<SignerRole, string> = {
  digitizer: 'officer.p12',
  leader: 'leader.p12',
  organization: 'organization.p12',
};

/** Reads the common name of a PKCS#12 file's certificate, so stamps show the real holder. */
export function certificateHolder(p12: Buffer, passphrase: string): string {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
  const parsed = forge.pkcs12.pkcs12FromAsn1(asn1, passphrase);
  const certBag = forge.pki.oids.certBag as string;
  const bags = parsed.getBags({ bagType: certBag })[certBag] ?? [];
  const cn = bags[0]?.cert?.subject.getField('CN') as { value?: string } | undefined;
  if (!cn?.value) throw new Error('certificate has no common name');
  // node-forge returns the UTF-8 bytes of the name as a binary string
  return forge.util.decodeUtf8(cn.value);
}

export function loadSigners(config: Config): Record<SignerRole, NamedSigner> {
  const load = (role: SignerRole): NamedSigner => {
    const file = path.resolve(config.SIGNING_CERT_DIR, certFiles[role]);
    let p12: Buffer;
    try {
      p12 = readFileSync(file);
    } catch {
      throw new Error(`signing certificate missing: ${file} (run: npx tsx stack/make-dev-certs.ts ${config.SIGNING_CERT_DIR})`);
    }
    const passphrase = config.SIGNING_CERT_PASSPHRASE;
    return { signer: createP12Signer({ p12, passphrase }), name: certificateHolder(p12, passphrase) };
  };
  return { digitizer: load('digitizer'), leader: load('leader'), organization: load('organization') };
}

export function createWorkerDeps(config: Config, log: Logger): WorkerDeps {
  return {
    config,
    log,
    portal: createNationalPortal(config.PORTAL_BASE_URL, config.PORTAL_TIMEOUT_MS),
    signers: loadSigners(config),
    now: () => new Date(),
  };
}
