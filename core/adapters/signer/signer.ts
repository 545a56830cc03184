import { signPdf } from './pdf-signer';
import type { StampPlacement } from './stamp';

/**
 * Port for every way the project applies a digital signature to a PDF.
 *
 * Today: a local PKCS#12 file (dev certificates from stack/make-dev-certs.ts, or a real .p12).
 * Later: remote hash-signing services (VNPT SmartCA `signatures/sign`, Viettel MySign `signatures/signHash`,
 * a USB token via a local plugin) implement the same interface: prepare the placeholder and stamp exactly
 * as pdf-signer.ts does, send the digest of the byte range to the service, wait for approval on the
 * signer's phone, then embed the returned CMS. Callers never learn which one they hold.
 */
export interface SignRequest {
  /** shown in the visible stamp ("Ký bởi: …"); normally the certificate holder's common name */
  signerName: string;
  /** /Reason of the signature dictionary, e.g. "Số hóa từ bản giấy", "Phê duyệt", "Ban hành" */
  reason: string;
  location?: string;
  signedAt: Date;
  /** top-left: digitizer's personal signature (seed 004); top-right: organization (Decree 30/2020 Annex I) */
  placement: StampPlacement;
  /** extra stamp lines, e.g. number/symbol or document identifier */
  lines?: string[];
  /** zero-based page index; default 0 (first page) */
  page?: number;
  fieldName?: string;
}

export interface Signer {
  signPdf(input: Buffer, req: SignRequest): Promise<Buffer>;
}

export interface P12SignerConfig {
  p12: Buffer;
  passphrase: string;
}

export function createP12Signer({ p12, passphrase }: P12SignerConfig): Signer {
  return {
    signPdf: (input, req) => signPdf(input, { ...req, p12, passphrase }),
  };
}

export type { StampPlacement };
