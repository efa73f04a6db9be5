/**
 * Scheduled (and `lablink runs release-held`): reads again every held file, a
 * file whose layout no profile read when it was dropped. A deployment that
 * adds the district's profile makes the next release read it.
 */
import middy from '@middy/core';
import {
  releaseHeldFiles,
  type HeldFileRelease,
} from '../shared/ingest/release-held-files.js';
import { publishHeldFileMetrics, publishRunMetrics } from './lib/run-metrics.js';
import {
  districtTimeZone,
  heldFileStore,
  log,
  objectStore,
  tableStore,
} from './lib/env.js';

async function releaseHeld(): Promise<{
  released: number;
  stillHeld: number;
  failed: number;
}> {
  const store = tableStore();
  const release: HeldFileRelease = await releaseHeldFiles({
    evidence: store,
    mastery: store,
    roster: store,
    runs: store,
    held: store,
    identity: store.identity(),
    objects: objectStore(),
    heldFiles: heldFileStore(),
    log,
    timeZone: districtTimeZone(),
  });

  // Each run that ended is counted like a dropped file's; a file still held
  // was counted when it was held and is only in HeldFilesWaiting.
  for (const run of [...release.released, ...release.failed]) publishRunMetrics(run);
  const counts = {
    released: release.released.length,
    stillHeld: release.stillHeld.length,
  };
  publishHeldFileMetrics(counts);

  // Lost writes are re-driven by the next release (the marker stays), so
  // nothing here asks Lambda for a retry.
  return { ...counts, failed: release.failed.length };
}

export const handler = middy(releaseHeld);
