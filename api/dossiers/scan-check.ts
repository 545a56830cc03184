import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PageDeclaration } from '../../core/rules/scan-pages';
import type { ScanCheck } from './intake-scans';

export interface ScanCheckInput {
  procedureCode: string;
  files: { fieldname: string; originalname: string; path: string }[];
  declarations: Record<string, PageDeclaration>;
  outDir: string;
  /** an online dossier's files: checked, not measured as scans */
  electronic?: boolean;
}

export interface ScanCheckLimits {
  /** heap of the worker thread: a PDF that needs more is refused, the API itself is not touched */
  maxHeapMb: number;
  timeoutMs: number;
}

/** The scan check failed for want of resources, not for a rule: the file is too heavy to check. */
export class ScanTooComplex extends Error {}

/** At most one scan check per core at a time; the others wait their turn (memory stays bounded). */
const slots = { free: Math.max(2, availableParallelism()), waiting: [] as (() => void)[] };

async function withSlot<T>(task: () => Promise<T>): Promise<T> {
  if (slots.free > 0) slots.free--;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  try {
    return await task();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

/**
 * Runs checkScans (intake-scans.ts) in a worker thread with its own heap limit and a deadline, one per
 * core at a time. Source (.ts, through tsx) and compiled (.js) builds alike; the worker is ended on timeout.
 */
export function runScanCheck(input: ScanCheckInput, limits: ScanCheckLimits): Promise<ScanCheck> {
  return withSlot(() => runInWorker(input, limits));
}

function runInWorker(input: ScanCheckInput, limits: ScanCheckLimits): Promise<ScanCheck> {
  const compiled = __filename.endsWith('.js');
  const entry = path.join(__dirname, `scan-check.worker.${compiled ? 'js' : 'ts'}`);
  // from source, the thread registers tsx's require hook itself (a worker cannot take --import)
  const source = `${compiled ? '' : "require('tsx/cjs');"} require(${JSON.stringify(entry)});`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, {
      eval: true,
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 32 },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      settle(() => reject(new ScanTooComplex(`scan check took longer than ${limits.timeoutMs} ms`)));
      void worker.terminate();
    }, limits.timeoutMs);
    worker.once('message', (message: ScanCheck | { error: string }) => {
      settle(() => ('error' in message ? reject(new Error(message.error)) : resolve(message)));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      const outOfMemory = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      settle(() => reject(outOfMemory ? new ScanTooComplex('scan check ran out of memory') : err));
    });
    worker.once('exit', (code) => settle(() => reject(new Error(`scan check ended with code ${code}`))));
  });
}
