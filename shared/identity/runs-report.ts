/**
 * What district data staff read about runs: pages of the latest runs (file,
 * bundle, push and release runs together) and a run's rejects and held
 * records with their reasons.
 */
import { NotFoundError } from '../errors.js';
import type { HeldRecord, IngestRun } from '../model.js';
import type { HeldStore, ObjectStore, RunStore } from '../ports.js';
import type { MatchRate } from './match-rate.js';
import { programsWithIdentity } from './release.js';

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

/** A run's match rate as the district reads it: which run, which file. */
export interface MatchRateOfRun {
  runId: string;
  /** The object key of a file run, `xapi/<requestId>` of a push. */
  key: string;
  matchRate: MatchRate;
}

/**
 * The match rates of `programId`'s runs among the latest `scanned` runs,
 * newest first. A program this deployment does not know (the district's
 * configuration, the builtin file and push programs) is a NotFoundError
 * naming the known ones, never an empty answer that reads as "no runs".
 */
export async function matchRatesOf(
  runs: Pick<RunStore, 'listRuns'>,
  programId: string,
  scanned: number,
): Promise<MatchRateOfRun[]> {
  const known = programsWithIdentity();
  if (!known.includes(programId)) {
    throw new NotFoundError(
      `unknown program "${programId}"; known programs: ${known.join(', ')}`,
      { programId, known },
    );
  }
  const latest = await runs.listRuns(scanned);
  return latest.flatMap((r) =>
    r.programId === programId && r.matchRate
      ? [{ runId: r.runId, key: r.source.key, matchRate: r.matchRate }]
      : [],
  );
}
