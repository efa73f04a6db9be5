/**
 * Releases held files: each file whose layout no profile read is ingested
 * again through the same use case as a drop, under the same run id. A file a
 * profile now reads completes its run; one that still matches nothing stays
 * held and its run is not rewritten. Nobody drops the file again.
 *
 * Run on a schedule (functions/release-held-files.ts) and by
 * `lablink runs release-held`, after a deployment brings the district's new
 * profiles into every function's bundle.
 */
import { LablinkError } from '../errors.js';
import type { IngestRun } from '../model.js';
import { ingestObject, type ObjectIngestDeps } from './ingest-object.js';

export interface HeldFileRelease {
  /** Runs a profile now reads, completed. */
  released: IngestRun[];
  /** Runs still of an unknown layout; their markers stay. */
  stillHeld: IngestRun[];
  /** Runs that failed once their file was read, or could not be read. */
  failed: IngestRun[];
}

/**
 * Ingests every held file again. Its marker is deleted once the run is no
 * longer waiting for a profile, except after writes lost to throttling, which
 * the next release re-drives like the ingest function's own retry. A file
 * whose run throws keeps its marker and does not stop the others; the
 * release then throws, naming the runs, so the caller (Lambda) retries it.
 */
export async function releaseHeldFiles(deps: ObjectIngestDeps): Promise<HeldFileRelease> {
  const result: HeldFileRelease = { released: [], stillHeld: [], failed: [] };

  // One at a time: a released file is a whole run (reading, writing,
  // mastery), and the ingest function's reserved concurrency bounds the same
  // work when files are dropped.
  const thrown: string[] = [];
  for (const file of await deps.heldFiles.listHeldFiles()) {
    let run: IngestRun;
    try {
      run = await ingestObject(deps, file.source);
    } catch (error) {
      deps.log.error('held file release failed', {
        runId: file.runId,
        error: (error as Error).message,
      });
      thrown.push(file.runId);
      continue;
    }
    if (run.status === 'held') {
      result.stillHeld.push(run);
      continue;
    }
    if (run.status === 'completed') result.released.push(run);
    else result.failed.push(run);
    // A failed run (the object was deleted, could not be read, or its rows
    // broke the profile) is the operator's to fix like any failed run, and
    // raises the same alarm; it no longer waits for a profile.
    if (run.counts.unwritten === 0) await deps.heldFiles.deleteHeldFile(file.runId);
  }

  deps.log.info('held files released', {
    released: result.released.length,
    stillHeld: result.stillHeld.length,
    failed: result.failed.length,
  });
  if (thrown.length > 0) {
    throw new LablinkError(`releasing held files failed for runs ${thrown.join(', ')}`, {
      runIds: thrown,
    });
  }
  return result;
}
