import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Client of a remote signing service in the shape of VNPT SmartCA (DOMAIN §10): the service holds the
 * person's key; this application sends a hash (`signatures/sign`), the person confirms or rejects on
 * their phone, and the signature is collected by transaction (`…/status`) or announced by a callback
 * signed with this application's secret. Viettel MySign's CSC-style API fits the same four calls.
 * The local simulator is stack/simulators/remote-signing.ts.
 */
export type RemoteSigningStatus = 'pending' | 'confirmed' | 'rejected' | 'expired';
export const REMOTE_SIGNING_STATUSES: readonly RemoteSigningStatus[] = ['pending', 'confirmed', 'rejected', 'expired'];

export interface RemoteSignatureRequest {
  /** the person at the signing service; here their Keycloak id */
  userId: string;
  /** this application's id of the request: a repeat returns the same transaction */
  transactionId: string;
  /** what the person reads on the phone before confirming */
  description: string;
  /** SHA-256 digest to sign */
  digest: Buffer;
  callbackUrl?: string;
}

export interface RemoteTransaction {
  tranId: string;
  status: RemoteSigningStatus;
  expiresAt: string;
  /** RSASSA-PKCS1-v1_5 signature of the digest, once confirmed */
  signature?: Buffer;
}

export interface RemoteSigning {
  /** the person's certificate first, then its chain (DER); undefined when the service does not know them */
  certificates(userId: string): Promise<Buffer[] | undefined>;
  requestSignature(req: RemoteSignatureRequest): Promise<RemoteTransaction>;
  transaction(tranId: string): Promise<RemoteTransaction | undefined>;
}

export class RemoteSigningError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

export interface RemoteSigningSettings {
  baseUrl: string;
  /** this application's id and secret at the service (SmartCA: sp_id, sp_password) */
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
}

interface Envelope<T> {
  code: number;
  message?: string;
  content?: T;
}

export function createRemoteSigning(settings: RemoteSigningSettings): RemoteSigning {
  const call = async <T>(path: string, body: Record<string, unknown>): Promise<{ status: number; envelope: Envelope<T> }> => {
    let res: Response;
    try {
      res = await fetch(new URL(path, settings.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sp_id: settings.clientId, sp_password: settings.clientSecret, ...body }),
        signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new RemoteSigningError(`remote signing service unreachable: ${(err as Error).message}`);
    }
    const envelope = (await res.json().catch(() => ({ code: -1, message: `HTTP ${res.status}` }))) as Envelope<T>;
    if (res.status >= 500) throw new RemoteSigningError(`remote signing service answered ${res.status}: ${envelope.message ?? ''}`, res.status);
    if (res.status === 401 || res.status === 403) throw new RemoteSigningError(`remote signing service refused this application (${res.status})`, res.status);
    return { status: res.status, envelope };
  };
  const toTransaction = (c: { tran_id: string; status: RemoteSigningStatus; expired_at: string; signatures?: { signature_value: string }[] }): RemoteTransaction => ({
    tranId: c.tran_id,
    status: c.status,
    expiresAt: c.expired_at,
    ...(c.signatures?.[0] ? { signature: Buffer.from(c.signatures[0].signature_value, 'base64') } : {}),
  });
  return {
    async certificates(userId) {
      const { status, envelope } = await call<{ user_certificates: { cert_data: string; chain_data?: string[] }[] }>('/v1/credentials/get_certificate', { user_id: userId });
      if (status === 404) return undefined;
      const cert = envelope.content?.user_certificates[0];
      if (status !== 200 || !cert) throw new RemoteSigningError(`get_certificate failed: ${envelope.message ?? status}`, status);
      return [cert.cert_data, ...(cert.chain_data ?? [])].map((b64) => Buffer.from(b64, 'base64'));
    },
    async requestSignature(req) {
      const { status, envelope } = await call<Parameters<typeof toTransaction>[0]>('/v1/signatures/sign', {
        user_id: req.userId,
        transaction_id: req.transactionId,
        transaction_desc: req.description,
        callback_url: req.callbackUrl,
        sign_files: [{ doc_id: req.transactionId, file_type: 'pdf', sign_type: 'hash', data_to_be_signed: req.digest.toString('hex') }],
      });
      if (status !== 200 || !envelope.content) throw new RemoteSigningError(`sign request refused: ${envelope.message ?? status}`, status);
      return toTransaction(envelope.content);
    },
    async transaction(tranId) {
      const { status, envelope } = await call<Parameters<typeof toTransaction>[0]>(`/v1/signatures/sign/${encodeURIComponent(tranId)}/status`, {});
      if (status === 404) return undefined;
      if (status !== 200 || !envelope.content) throw new RemoteSigningError(`status failed: ${envelope.message ?? status}`, status);
      return toTransaction(envelope.content);
    },
  };
}

/** Callbacks carry `X-Signature: sha256=<hex HMAC of the raw body with the client secret>`. */
export function callbackSignature(rawBody: Buffer, clientSecret: string): string {
  return `sha256=${createHmac('sha256', clientSecret).update(rawBody).digest('hex')}`;
}

export function callbackIsAuthentic(rawBody: Buffer, header: string | undefined, clientSecret: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(callbackSignature(rawBody, clientSecret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
