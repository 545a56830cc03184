/**
 * One call to a national system with a time limit. A network failure or timeout becomes the adapter's
 * own "unavailable" error (retried by the caller), naming the origin and the kind of failure only —
 * never the request, which may carry ID or phone numbers.
 */
export async function fetchWithin(url: URL, init: RequestInit, timeoutMs: number, unavailable: (message: string) => Error, system: string): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw unavailable(`${system} unreachable at ${url.origin}: ${(err as Error).name}`);
  }
}

/** A JSON POST body. */
export const postJson = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
