import { createP12DigestSigner, type DigestSigner } from './digest-signer';
import { signPdfWith, type PdfSignatureRequest } from './pdf-signer';
import type { StampPlacement } from './stamp';
import type { TimestampAuthority } from '../timestamp-authority';

/**
 * A PDF signer = the PDF and CMS work of pdf-signer.ts around a DigestSigner (digest-signer.ts).
 * Keys held by this process sign at once through this interface; a person's remote signing service
 * (request → confirmation on the phone → signature) uses the two halves of pdf-signer.ts across a BPMN
 * wait state instead (workers/request-leader-signature, workers/apply-leader-signature).
 */
export type SignRequest = PdfSignatureRequest;

export interface Signer {
  /** with a timestamp authority, the signature gets its token (PAdES B-T) */
  signPdf(input: Buffer, req: SignRequest, tsa?: TimestampAuthority): Promise<Buffer>;
}

export function createPdfSigner(digestSigner: DigestSigner): Signer {
  return { signPdf: (input, req, tsa) => signPdfWith(digestSigner, input, req, tsa) };
}

export interface P12SignerConfig {
  p12: Buffer;
  passphrase: string;
}

export function createP12Signer({ p12, passphrase }: P12SignerConfig): Signer {
  return createPdfSigner(createP12DigestSigner(p12, passphrase));
}

export type { StampPlacement };
