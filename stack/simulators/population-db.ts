import express from 'express';
import type { CitizenIdentity } from '../../core/adapters/population-db';

/**
 * Local simulator of the national population database's identity check, for development and tests only
 * (the real service is reached through core/adapters/population-db.ts with POPULATION_DB_BASE_URL).
 * A citizen matches when the ID number, the full name (letters and diacritics as written, case and spaces
 * aside) and the date of birth all agree. The seeded citizens are the demo applicants without a portal
 * account (IDs ending in 000, see national-portal.ts); tests add their own.
 */
export const SEEDED_CITIZENS: CitizenIdentity[] = [
  { idNumber: '066190001000', fullName: 'Y Niê Kdăm', dateOfBirth: '1990-04-12', sex: 'Nam', nationality: 'Việt Nam', placeOfResidence: 'Thôn 2, xã Đắk La, tỉnh Kon Tum' },
  { idNumber: '064185002000', fullName: 'Rơ Mah Hờ Nhi', dateOfBirth: '1985-09-30', sex: 'Nữ', nationality: 'Việt Nam', placeOfResidence: 'Làng Ia Pết, xã Đắk La, tỉnh Kon Tum' },
  { idNumber: '079192003000', fullName: 'Trần Thị Mỹ Duyên', dateOfBirth: '1992-01-05', sex: 'Nữ', nationality: 'Việt Nam', placeOfResidence: 'Tổ 5, phường Thống Nhất, thành phố Pleiku, tỉnh Gia Lai' },
];

const sameName = (a: string, b: string) => a.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi') === b.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');

export function createPopulationDbSimulator(options: { citizens?: CitizenIdentity[]; failing?: boolean } = {}): express.Express {
  const citizens = [...SEEDED_CITIZENS, ...(options.citizens ?? [])];
  const app = express();
  app.use(express.json({ limit: '16kb' }));
  app.get('/health', (_req, res) => {
    res.json({ status: 'UP' });
  });
  app.post('/api/citizens/verify', (req, res) => {
    if (options.failing) {
      res.status(503).json({ error: 'simulated outage' });
      return;
    }
    const { idNumber, fullName, dateOfBirth } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof idNumber !== 'string' || typeof fullName !== 'string' || typeof dateOfBirth !== 'string') {
      res.status(400).json({ error: 'idNumber, fullName and dateOfBirth are required' });
      return;
    }
    const citizen = citizens.find((c) => c.idNumber === idNumber && c.dateOfBirth === dateOfBirth && sameName(c.fullName, fullName));
    res.json(citizen ? { match: true, citizen } : { match: false });
  });
  // a birth being registered: a new personal ID number, once per request id (Circular 07/2016 layout:
  // province code, century-and-sex digit, year of birth, six digits in the order of registration)
  const births = new Map<string, string>();
  app.post('/api/citizens/birth-registrations', (req, res) => {
    if (options.failing) {
      res.status(503).json({ error: 'simulated outage' });
      return;
    }
    const { requestId, fullName, dateOfBirth, sex, provinceCode } = (req.body ?? {}) as Record<string, unknown>;
    const born = typeof dateOfBirth === 'string' ? /^(\d{2})(\d{2})-\d{2}-\d{2}$/.exec(dateOfBirth) : null;
    if (typeof requestId !== 'string' || !requestId || typeof fullName !== 'string' || !born || (sex !== 'Nam' && sex !== 'Nữ') || typeof provinceCode !== 'string' || !/^\d{3}$/.test(provinceCode)) {
      res.status(400).json({ error: 'requestId, fullName, dateOfBirth (YYYY-MM-DD), sex (Nam|Nữ) and a 3-digit provinceCode are required' });
      return;
    }
    let number = births.get(requestId);
    if (!number) {
      const century = Number(born[1]) - 19; // 1900s → 0, 2000s → 1, …
      const sexDigit = String(century * 2 + (sex === 'Nữ' ? 1 : 0));
      number = `${provinceCode}${sexDigit}${born[2]}${String(births.size + 1).padStart(6, '0')}`;
      births.set(requestId, number);
      citizens.push({ idNumber: number, fullName, dateOfBirth: String(dateOfBirth), sex, nationality: 'Việt Nam', placeOfResidence: '' });
    }
    res.json({ personalIdNumber: number });
  });
  return app;
}

if (require.main === module) {
  const port = Number(process.env.POPULATION_SIM_PORT ?? 8730);
  createPopulationDbSimulator({ failing: process.env.POPULATION_SIM_FAIL === '1' }).listen(port, '127.0.0.1', () => {
    console.log(JSON.stringify({ level: 'info', msg: 'population database simulator listening', port }));
  });
}
