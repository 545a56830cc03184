import { loadConfig } from '../core/config';
import { connectDatabase, disconnectDatabase } from '../core/db';
import { createCamunda } from '../core/adapters/camunda';
import { createLogger } from '../core/logger';
import { createWorkerDeps } from './deps';
import { startWorkers } from './host';

/** Entry point of the job workers: `npx tsx workers/index.ts`. Stops cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('workers', config.LOG_LEVEL);
  await connectDatabase(config.MONGODB_URI);
  const c8 = createCamunda(config);
  const host = startWorkers(c8, createWorkerDeps(config, log, c8), log);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping job workers');
    await host.stop();
    await disconnectDatabase();
    log.info('job workers stopped');
    log.flush(() => process.exit(0));
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', msg: 'workers failed to start', err: String(err) }));
  process.exit(1);
});
