import { Camunda8 } from '@camunda8/sdk';
import type { Config } from '../config';

/**
 * The engine as the API and the tooling see it: Camunda 8 REST API v2 through @camunda8/sdk.
 * Job workers use the same client's gRPC side (workers/host.ts).
 */
export function createCamunda(config: Config): Camunda8 {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: config.ZEEBE_GRPC_ADDRESS,
    ZEEBE_REST_ADDRESS: config.ZEEBE_REST_ADDRESS,
    CAMUNDA_AUTH_STRATEGY: config.CAMUNDA_AUTH_STRATEGY,
    CAMUNDA_OAUTH_DISABLED: config.CAMUNDA_AUTH_STRATEGY === 'NONE',
    CAMUNDA_LOG_LEVEL: 'error',
  });
}

export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | 'UNKNOWN';

export interface Engine {
  startProcess(processId: string, variables: Record<string, unknown>): Promise<{ processInstanceKey: string }>;
  cancelProcess(processInstanceKey: string): Promise<void>;
  /** Active instance of `processId` whose variable `dossierCode` is `code` (as far as search sees yet). */
  findActiveInstanceOfDossier(processId: string, code: string): Promise<string | undefined>;
  /** undefined when the engine's secondary storage has not seen the instance (yet). */
  findProcessInstance(processInstanceKey: string): Promise<{ state: ProcessInstanceState; startDate?: string; endDate?: string } | undefined>;
  isUp(): Promise<boolean>;
}

export function createEngine(c8: Camunda8, restAddress: string): Engine {
  const rest = c8.getCamundaRestClient();
  return {
    async startProcess(processId, variables) {
      const res = await rest.createProcessInstance({ processDefinitionId: processId, variables });
      return { processInstanceKey: String(res.processInstanceKey) };
    },
    async cancelProcess(processInstanceKey) {
      await rest.cancelProcessInstance({ processInstanceKey });
    },
    async findActiveInstanceOfDossier(processId, code) {
      const res = await rest.searchProcessInstances({
        filter: { processDefinitionId: processId, state: 'ACTIVE', variables: [{ name: 'dossierCode', value: JSON.stringify(code) }] },
        page: { from: 0, limit: 1 },
      });
      const first = res.items[0] as { processInstanceKey?: unknown } | undefined;
      return first?.processInstanceKey === undefined ? undefined : String(first.processInstanceKey);
    },
    async findProcessInstance(processInstanceKey) {
      const res = await rest.searchProcessInstances({ filter: { processInstanceKey }, page: { from: 0, limit: 1 } });
      const item = (res.items ?? [])[0] as { state?: string; startDate?: string; endDate?: string } | undefined;
      if (!item) return undefined;
      const state = (['ACTIVE', 'COMPLETED', 'TERMINATED'] as const).find((s) => s === item.state) ?? 'UNKNOWN';
      return { state, startDate: item.startDate, endDate: item.endDate };
    },
    /** One quick look at the topology, without the SDK's retries: health checks must answer fast. */
    async isUp() {
      try {
        const res = await fetch(new URL('/v2/topology', restAddress), { signal: AbortSignal.timeout(1500) });
        // any answer below 500 means the engine is there (401 when its API is protected)
        return res.status < 500;
      } catch {
        return false;
      }
    },
  };
}
