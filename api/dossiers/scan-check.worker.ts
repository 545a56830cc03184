import { parentPort, workerData } from 'node:worker_threads';
import { findProcedure } from '../../core/data/procedures';
import { checkScans } from './intake-scans';
import type { ScanCheckInput } from './scan-check';

/**
 * Worker thread entry of the scan check (scan-check.ts runs it): parsing PDFs and images stays off the
 * request-serving event loop, inside this thread's own memory limit and time limit.
 */
const input = workerData as ScanCheckInput;
const procedure = findProcedure(input.procedureCode);
if (!procedure) throw new Error(`procedure ${input.procedureCode} is not in the catalog`);
checkScans(procedure, input.files, input.declarations, input.outDir, input.electronic ?? false)
  .then((result) => parentPort?.postMessage(result))
  .catch((err: unknown) => parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) }));
