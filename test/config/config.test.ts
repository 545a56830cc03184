import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configSchema, loadConfig } from '../../core/config';

describe('configuration', () => {
  it('when the README is read, then its configuration table lists exactly the variables core/config.ts reads', () => {
    const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Testing'));
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(configSchema.shape).sort());
  });

  it('when nothing is set, then the defaults point at the local stack', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ MONGODB_URI: 'mongodb://127.0.0.1:27017/dossiers', API_PORT: 3000, CAMUNDA_AUTH_STRATEGY: 'COOKIE', CAMUNDA_OPERATE_BASE_URL: 'http://localhost:8081' });
  });

  it('when a value is invalid, then start-up fails naming every bad variable', () => {
    expect(() => loadConfig({ API_PORT: '70000', MONGODB_URI: 'not a url', TZ_OFFSET: '7' })).toThrow(
      /API_PORT[\s\S]*MONGODB_URI|MONGODB_URI[\s\S]*API_PORT/,
    );
    expect(() => loadConfig({ TZ_OFFSET: '7' })).toThrow(/TZ_OFFSET/);
  });
});
