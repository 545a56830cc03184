import { randomBytes } from 'node:crypto';
import { fetchWithin } from './http';
import { timestampRequest, tokenFromResponse, TimestampError, type TstInfo } from './signer/timestamp';

/**
 * A timestamp authority (RFC 3161 over HTTP, RFC 3161 §3.4: POST application/timestamp-query, answer
 * application/timestamp-reply). Every result signature gets a token over its signature value, so the
 * issued PDF reaches PAdES B-T. Development and tests use stack/simulators/timestamp-authority.ts;
 * production sets TSA_BASE_URL to a licensed authority's endpoint.
 */
export interface TimestampAuthority {
  /** A token (CMS ContentInfo, DER) over a SHA-256 digest, checked to be about that digest. */
  timestamp(digest: Buffer): Promise<{ token: Buffer; info: TstInfo }>;
}

export class TimestampUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimestampUnavailableError';
  }
}

export function createTimestampAuthority(url: string, options: { timeoutMs: number }): TimestampAuthority {
  return {
    async timestamp(digest) {
      const nonce = randomBytes(8);
      const res = await fetchWithin(new URL(url), {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
        body: timestampRequest(digest, nonce),
      }, options.timeoutMs, (m) => new TimestampUnavailableError(m), 'timestamp authority');
      if (!res.ok) throw new TimestampUnavailableError(`timestamp authority answered HTTP ${res.status}`);
      try {
        return tokenFromResponse(Buffer.from(await res.arrayBuffer()), digest, nonce);
      } catch (err) {
        if (err instanceof TimestampError) throw new TimestampUnavailableError(err.message);
        throw err;
      }
    },
  };
}
