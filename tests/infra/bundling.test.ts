/**
 * Proves the real handlers bundle for Lambda. Slow (esbuild runs once per
 * function), so it is the only infra test that keeps bundling on.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROUTES } from '../../infra/routes';
import { EVENT_ENTRIES, REPOSITORY_ROOT } from '../../infra/lablink-stack';
import { loadDistrictSetup } from '../../shared/config/load';
import { DISTRICT_FILES_NAME } from '../../shared/config/district-files';
import { buildApp } from './synth';

const BUNDLING_TIMEOUT_MS = 180_000;

const ENTRIES = [...Object.values(EVENT_ENTRIES), ...ROUTES.map((route) => route.entry)];

describe('Bundling', () => {
  it.each(ENTRIES)('finds the handler entry %s', (entry) => {
    expect(existsSync(path.join(REPOSITORY_ROOT, entry))).toBe(true);
  });

  it(
    "bundles every real handler into one index.js with its source map and the district's files",
    () => {
      // The demo district's own profile and crosswalk travel inside every bundle.
      const { files } = loadDistrictSetup(
        path.join(REPOSITORY_ROOT, 'data/demo/district/district.yaml'),
      );
      const { app } = buildApp({
        bundle: true,
        props: { functionsDir: undefined, districtFiles: files },
      });
      const assembly = app.synth();
      const bundles = readdirSync(assembly.directory)
        .filter((name) => name.startsWith('asset.'))
        .map((name) => path.join(assembly.directory, name))
        .filter((dir) => existsSync(path.join(dir, 'index.js')));

      expect(bundles).toHaveLength(ENTRIES.length);
      for (const dir of bundles) {
        expect(existsSync(path.join(dir, 'index.js.map'))).toBe(true);
        const copied = readFileSync(path.join(dir, DISTRICT_FILES_NAME), 'utf8');
        expect(JSON.parse(copied)).toEqual(files);
      }
    },
    BUNDLING_TIMEOUT_MS,
  );
});
