import express from 'express';

/**
 * Local simulator of the national portal's account look-up, for development and tests only
 * (the real portal is reached through core/adapters/national-portal.ts with PORTAL_BASE_URL).
 * Every well-formed ID has an account except IDs ending in "000"; a few demo IDs are VNeID
 * accounts, the rest are matched in the population database. `failing: true` answers 503.
 */
export interface PortalSimulatorOptions {
  vneidAccounts?: string[];
  failing?: boolean;
}

export function createPortalSimulator(options: PortalSimulatorOptions = {}): express.Express {
  const vneid = new Set(['001203004567', '079088001234', 'B1234567', ...(options.vneidAccounts ?? [])]);
  const app = express();
  app.use(express.json());
  app.get('/health', (_req, res) => {
    res.json({ status: 'UP' });
  });
  app.post('/api/accounts/lookup', (req, res) => {
    if (options.failing) {
      res.status(503).json({ error: 'simulated outage' });
      return;
    }
    const { idType, idNumber } = (req.body ?? {}) as { idType?: unknown; idNumber?: unknown };
    if (typeof idType !== 'string' || typeof idNumber !== 'string') {
      res.status(400).json({ error: 'idType and idNumber are required' });
      return;
    }
    if (idNumber.endsWith('000')) {
      res.status(404).json({ error: 'no account' });
      return;
    }
    res.json({ accountId: `DVCQG-${idNumber}`, verifiedBy: vneid.has(idNumber) ? 'vneid' : 'population-db' });
  });
  return app;
}

if (require.main === module) {
  const port = Number(process.env.PORTAL_SIM_PORT ?? 8710);
  const app = createPortalSimulator({
    vneidAccounts: (process.env.PORTAL_SIM_ACCOUNTS ?? '').split(',').filter(Boolean),
    failing: process.env.PORTAL_SIM_FAIL === '1',
  });
  app.listen(port, '127.0.0.1', () => {
    console.log(JSON.stringify({ level: 'info', msg: 'national portal simulator listening', port }));
  });
}
