import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { callbackIsAuthentic, createRemoteSigning } from '../../core/adapters/remote-signing';
import { verifyDigestSignature } from '../../core/adapters/signer/digest-signer';
import { createRemoteSigningSimulator } from '../../stack/simulators/remote-signing';
import { makeTestCertificates, realmPerson } from '../helpers/fixtures';

/**
 * The remote signing simulator through the application's client, over HTTP: the protocol's shape
 * (request → pending → confirmed / rejected / expired), idempotent requests, signed callbacks.
 */
const certs = makeTestCertificates();
const secret = 'remote-signing-test-secret';
const leader = realmPerson('dakla.lanhdao');
const sim = createRemoteSigningSimulator({ keyDir: certs.dir, passphrase: certs.passphrase, clientSecret: secret, ttlMs: 1500, callbackBackoffMs: [200] });
const callbacks: { status: string; authentic: boolean }[] = [];
const receiver = express();
receiver.post('/cb', express.raw({ type: '*/*' }), (req, res) => {
  callbacks.push({ status: JSON.parse(req.body.toString()).status as string, authentic: callbackIsAuthentic(req.body as Buffer, req.get('x-signature'), secret) });
  res.status(204).end();
});
const servers: Server[] = [];
let baseUrl: string;
let callbackUrl: string;
const listen = async (app: express.Express) => {
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  baseUrl = await listen(sim.app);
  callbackUrl = `${await listen(receiver)}/cb`;
});
afterAll(async () => {
  sim.close();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

const client = () => createRemoteSigning({ baseUrl, clientId: 'dossier-digitization', clientSecret: secret });
const digest = (text: string) => createHash('sha256').update(text).digest();

describe('remote signing (SmartCA shape) against the local simulator', () => {
  it('when the application asks for a person\'s certificate, then it gets the one issued to their Keycloak id, and nothing for a stranger', async () => {
    const [cert] = (await client().certificates(leader.id))!;
    expect(cert?.equals(new X509Certificate(readFileSync(path.join(certs.dir, 'people', `${leader.id}.pem`))).raw)).toBe(true);
    expect(await client().certificates('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(await client().certificates('../../etc/passwd')).toBeUndefined();
  });

  it('when the client secret is wrong, then the service refuses the application', async () => {
    await expect(createRemoteSigning({ baseUrl, clientId: 'dossier-digitization', clientSecret: 'wrong' }).certificates(leader.id)).rejects.toThrow(/refused this application \(401\)/);
  });

  it('when the same request is sent twice, then it is one transaction; the same id for another hash is refused', async () => {
    const req = { userId: leader.id, transactionId: 'T-1', description: 'Ký phê duyệt', digest: digest('a'), callbackUrl };
    const first = await client().requestSignature(req);
    const again = await client().requestSignature(req);
    expect(again.tranId).toBe(first.tranId);
    expect(first.status).toBe('pending');
    await expect(client().requestSignature({ ...req, digest: digest('b') })).rejects.toThrow(/409|already used/);
  });

  it('when the person confirms, then the signature of the digest arrives with a signed callback and verifies with their certificate', async () => {
    const tx = await client().requestSignature({ userId: leader.id, transactionId: 'T-2', description: 'Ký', digest: digest('c'), callbackUrl });
    const res = await fetch(`${baseUrl}/app/transactions/${tx.tranId}/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: leader.id, pin: '123456' }) });
    expect(res.status).toBe(200);
    const done = await client().transaction(tx.tranId);
    expect(done?.status).toBe('confirmed');
    const [cert] = (await client().certificates(leader.id))!;
    expect(verifyDigestSignature(cert!, digest('c'), done!.signature!)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(callbacks).toContainEqual({ status: 'confirmed', authentic: true });
  });

  it('when nobody answers within the service\'s time, then the request expires, says so in a callback, and can no longer be confirmed', async () => {
    const tx = await client().requestSignature({ userId: leader.id, transactionId: 'T-3', description: 'Ký', digest: digest('d'), callbackUrl });
    await new Promise((r) => setTimeout(r, 1800));
    expect((await client().transaction(tx.tranId))?.status).toBe('expired');
    const late = await fetch(`${baseUrl}/app/transactions/${tx.tranId}/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: leader.id, pin: '123456' }) });
    expect(late.status).toBe(409);
    expect(callbacks).toContainEqual({ status: 'expired', authentic: true });
    expect((await client().transaction(tx.tranId))?.signature).toBeUndefined();
  });
});
