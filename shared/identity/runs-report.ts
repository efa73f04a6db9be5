/**
 * What district data staff read about runs: pages of the latest runs (file,
 * bundle, push and release runs together) and a run's rejects and held
 * records with their reasons.
 */
import { NotFoundError } from '../errors.js';
import type { HeldRecord, IngestRun } from '../model.js';
import type { HeldStore, ObjectStore, RunStore } from '../ports.js';

export interface RunPages {
  listRunsPage(
    limit: number,
    cursor?: string,
  ): Promise<{ runs: IngestRun[]; nextCursor?: string }>;
}

export const DEFAULT_RUNS_PAGE = 20;
export const MAX_RUNS_PAGE = 100;

export async function requireRun(runs: RunStore, runId: string): Promise<IngestRun> {
  const run = await runs.getRun(runId);
  if (!run) throw new NotFoundError(`no run ${runId}`, { runId });
  return run;
}

/** Held records a run left, with why each waits; the payload stays out. */
export async function heldOfRun(
  held: HeldStore,
  run: IngestRun,
): Promise<Omit<HeldRecord, 'payload'>[]> {
  const records = await held.listHeld(run.programId);
  return records
    .filter((r) => r.runId === run.runId)
    .map(({ payload: _payload, ...rest }) => rest);
}

/** The bytes of a run's rejects file, or an empty CSV when it had none. */
export async function rejectsOfRun(
  objects: ObjectStore,
  bucket: string,
  run: IngestRun,
): Promise<AsyncIterable<Buffer | string> | undefined> {
  if (!run.rejectsKey) return undefined;
  return objects.openRead(bucket, run.rejectsKey);
}
