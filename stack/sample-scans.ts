import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderTestScan } from '../core/pdf/render-result';

/**
 * Two sample scans for trying the API by hand (README, "Submit a dossier"): the birth registration
 * declaration (1 page) and the hospital's birth certificate (2 pages), as generated PDFs.
 *   node --import tsx stack/sample-scans.ts [folder=.]
 */
async function main(): Promise<void> {
  const dir = path.resolve(process.argv[2] ?? '.');
  const files = {
    'to-khai.pdf': await renderTestScan(1, 'Tờ khai đăng ký khai sinh'),
    'giay-chung-sinh.pdf': await renderTestScan(2, 'Giấy chứng sinh'),
  };
  for (const [name, bytes] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), bytes);
    console.log(`${path.join(dir, name)} (${bytes.length} bytes)`);
  }
}

main().catch((err: unknown) => {
  console.error(String(err));
  process.exit(1);
});
