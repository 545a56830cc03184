import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import mongoose from 'mongoose';
import { loadConfig } from '../../core/config';
import { renderTestScan } from '../../core/pdf/render-result';

/**
 * Intake of large scans, on the running local stack (FerretDB and Keycloak): the API runs as a child
 * process of its own (its memory is measured from /proc, nothing else shares it), in a database of its
 * own dropped at the end, with the engine out of reach (dossiers answer 202: only intake is measured).
 *
 *   node --import tsx stack/bench/intake-upload.ts [megabytes=29] [concurrent=10]
 *
 * Prints: the upload's size; the latency of single submissions (median of 3); the wall time of N at
 * once; the API's resident memory idle, at its peak during the N uploads, and the peak's growth as a
 * share of the bytes in flight (a server holding every upload in memory would be above 100 %).
 */
const MB = 1024 * 1024;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function token(issuer: string): Promise<string> {
  const res = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'dossier-desk', username: 'dakla.motcua', password: 'demo' }),
  });
  if (!res.ok) throw new Error(`Keycloak refused the demo login: ${res.status} (is the stack up? npm start)`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A scan of about `megabytes` MB: 300 dpi A4 pages until the size is reached (the last page is not cut). */
async function largeScan(megabytes: number): Promise<{ scan: Buffer; pages: number }> {
  const onePage = (await renderTestScan(1, 'Giấy chứng sinh (benchmark)', { dpi: 300 })).length;
  const pages = Math.max(1, Math.floor((megabytes * MB) / onePage));
  return { scan: await renderTestScan(pages, 'Giấy chứng sinh (benchmark)', { dpi: 300 }), pages };
}

function form(scan: Buffer, toKhai: Buffer, n: number): FormData {
  const data = new FormData();
  data.set('data', JSON.stringify({
    procedureCode: '1.001193.000.00.00.H34', agencyCode: 'H34.29.2', channel: 'in-person',
    applicant: { idType: 'CCCD', idNumber: '001203004567', fullName: 'Võ Đặng Ngọc Giang' },
    subject: { fullName: `Võ Đặng Minh Khang`, dateOfBirth: '2026-11-10' },
    note: n,
  }));
  data.set('to-khai', new Blob([toKhai], { type: 'application/pdf' }), 'to-khai.pdf');
  data.set('giay-chung-sinh', new Blob([scan], { type: 'application/pdf' }), 'giay-chung-sinh.pdf');
  return data;
}

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? 29);
  const concurrent = Number(process.argv[3] ?? 10);
  const config = loadConfig();
  const { scan, pages } = await largeScan(megabytes);
  const toKhai = await renderTestScan(1, 'Tờ khai (benchmark)');
  if (scan.length > config.UPLOAD_MAX_BYTES) throw new Error(`scan of ${scan.length} bytes is above UPLOAD_MAX_BYTES`);
  const database = new URL(config.MONGODB_URI);
  database.pathname = `/bench_intake_${Date.now()}`;
  const port = await freePort();
  const api = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    env: { ...process.env, API_PORT: String(port), MONGODB_URI: database.toString(), LOG_LEVEL: 'warn', ZEEBE_REST_ADDRESS: 'http://127.0.0.1:9', ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:9' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}/api`;
  try {
    for (let i = 0; ; i++) {
      if (await fetch(`${base}/health`).then(() => true, () => false)) break;
      if (i > 200) throw new Error('the API did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const bearer = `Bearer ${await token(config.OIDC_ISSUER)}`;
    const submit = async (n: number): Promise<number> => {
      const started = performance.now();
      const res = await fetch(`${base}/dossiers`, { method: 'POST', headers: { authorization: bearer, 'idempotency-key': `bench-${Date.now()}-${n}` }, body: form(scan, toKhai, n) });
      if (res.status !== 202 && res.status !== 201) throw new Error(`submission ${n}: ${res.status} ${await res.text()}`);
      return performance.now() - started;
    };
    await submit(0); // warm-up: first worker thread, first GridFS bucket
    const idle = rssMb(api.pid!);
    const single = [await submit(1), await submit(2), await submit(3)].sort((a, b) => a - b);

    let peak = rssMb(api.pid!);
    const sampler = setInterval(() => { peak = Math.max(peak, rssMb(api.pid!)); }, 20);
    const wallStart = performance.now();
    await Promise.all(Array.from({ length: concurrent }, (_, i) => submit(100 + i)));
    const wall = performance.now() - wallStart;
    clearInterval(sampler);
    const inFlight = (scan.length + toKhai.length) * concurrent / MB;

    console.log(`upload: ${(scan.length / MB).toFixed(1)} MB scan (${pages} A4 pages at 300 dpi) + ${(toKhai.length / MB).toFixed(1)} MB form per submission`);
    console.log(`single submission latency: median ${(single[1]! / 1000).toFixed(2)} s (samples ${single.map((s) => (s / 1000).toFixed(2)).join(', ')} s)`);
    console.log(`${concurrent} submissions at once: ${(wall / 1000).toFixed(2)} s wall (${(wall / concurrent / 1000).toFixed(2)} s each on average)`);
    console.log(`API resident memory: idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB during the ${concurrent} uploads (+${(peak - idle).toFixed(0)} MB)`);
    console.log(`peak growth / bytes in flight: ${(((peak - idle) / inFlight) * 100).toFixed(0)} % of ${inFlight.toFixed(0)} MB (a server buffering every upload whole would exceed 100 %)`);
  } finally {
    api.kill('SIGTERM');
    await mongoose.connect(database.toString(), { serverSelectionTimeoutMS: 5000 });
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
