/**
 * The shared folder beside the checkout (`../shared`) holds real data and the
 * bug-report cases. CI always has it; elsewhere a suite that needs it skips
 * with a printed reason, and under CI=true its absence fails the run.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED_DIR = resolve(__dirname, '../../../shared');

export function sharedPath(...parts: string[]): string {
  return resolve(SHARED_DIR, ...parts);
}

/** `describe` when the folder exists, else a skipped `describe` that says why. */
export function describeWithShared(folder: string, name: string, body: () => void) {
  const path = sharedPath(folder);
  if (existsSync(path)) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    throw new Error(`${path} is missing; CI must have ../shared beside the checkout`);
  }
  console.warn(`skipping "${name}": ${path} is absent (outside CI)`);
  // The body is not run: collecting its tests may read the absent files.
  describe(name, () => {
    it.skip(`needs ${path}`, () => undefined);
  });
}
