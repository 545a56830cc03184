import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createTimestampAuthority, type TimestampAuthority } from '../../core/adapters/timestamp-authority';
import { createTsaSimulator } from '../../stack/simulators/timestamp-authority';

/**
 * The local timestamp authority for one test file, signing with the tsa.p12 that setup (and
 * makeTestCertificates) issues from the test run's CA; listening before the file's tests run.
 */
export function useTestTsa(certs: { dir: string; passphrase: string }): { url: () => string; authority: TimestampAuthority } {
  let server: Server | undefined;
  let url = '';
  beforeAll(async () => {
    const sim = createTsaSimulator({ p12: readFileSync(path.join(certs.dir, 'tsa.p12')), passphrase: certs.passphrase });
    server = sim.app.listen(0, '127.0.0.1');
    await new Promise((r) => server!.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  });
  afterAll(() => new Promise((r) => (server ? server.close(r) : r(undefined))));
  return {
    url: () => url,
    // resolves the address at call time: it is known once the server listens
    authority: { timestamp: (digest) => createTimestampAuthority(url, { timeoutMs: 5000 }).timestamp(digest) },
  };
}
