/** Scheduled: refreshes every class's rollup per standard from its grid cells. */
import middy from '@middy/core';
import { rollupClasses } from '../shared/rollup/index.js';
import { log, tableStore } from './lib/env.js';

async function rollupMastery(): Promise<{ classes: number; rollups: number }> {
  const store = tableStore();
  const result = await rollupClasses({ evidence: store, mastery: store, roster: store });
  log.info('rollup finished', result);
  return result;
}

export const handler = middy(rollupMastery);
