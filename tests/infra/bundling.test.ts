/**
 * Proves the real handlers bundle for Lambda. Slow (esbuild runs once per
 * function), so it is the only infra test that keeps bundling on.
 */
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ROUTES } from '../../infra/routes';
import { EVENT_ENTRIES, REPOSITORY_ROOT } from '../../infra/lablink-stack';
import { buildApp } from './synth';

const BUNDLING_TIMEOUT_MS = 180_000;

const ENTRIES = [...Object.values(EVENT_ENTRIES), ...ROUTES.map((route) => route.entry)];

describe('Bundling', () => {
  it.each(ENTRIES)('finds the handler entry %s', (entry) => {
    expect(existsSync(path.join(REPOSITORY_ROOT, entry))).toBe(true);
  });

  it(
    'bundles every real handler into one index.js with its source map',
    () => {
      const { app } = buildApp({ bundle: true, props: { functionsDir: undefined } });
      const assembly = app.synth();
      const bundles = readdirSync(assembly.directory)
        .filter((name) => name.startsWith('asset.'))
        .map((name) => path.join(assembly.directory, name))
        .filter((dir) => existsSync(path.join(dir, 'index.js')));

      expect(bundles).toHaveLength(ENTRIES.length);
      for (const dir of bundles) {
        expect(existsSync(path.join(dir, 'index.js.map'))).toBe(true);
      }
    },
    BUNDLING_TIMEOUT_MS,
  );
});
