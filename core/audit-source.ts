import { AsyncLocalStorage } from 'node:async_hooks';
import { hostname } from 'node:os';
import type { AuditSource } from './rules/audit-chain';

/**
 * Where the current change comes from, for the audit log (the "from where" of who/when/where/what):
 * the API sets the caller's address and user agent around each request, the worker host the job type,
 * job key and host around each job. Repositories read it when they append to the audit log, so no
 * function between needs to pass it along.
 */
const storage = new AsyncLocalStorage<AuditSource>();

export function withAuditSource<T>(source: AuditSource, fn: () => T): T {
  return storage.run(source, fn);
}

export function currentAuditSource(): AuditSource {
  return storage.getStore() ?? { host: hostname() };
}

export const workerSource = (worker: string, jobKey: string): AuditSource => ({ worker, jobKey, host: hostname() });
