/** Scheduled: refreshes every rollup (class, school, program, district) from the grid cells. */
import middy from '@middy/core';
import { refreshRollups } from '../shared/rollup/index.js';
import { log, tableStore } from './lib/env.js';

async function rollupMastery(): Promise<{ classes: number; rollups: number }> {
  const store = tableStore();
  const result = await refreshRollups({ evidence: store, mastery: store, roster: store });
  log.info('rollup finished', result);
  return result;
}

export const handler = middy(rollupMastery);
