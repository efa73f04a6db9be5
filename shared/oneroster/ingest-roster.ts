/**
 * A OneRoster bundle as an ingest run: a zip dropped under
 * `incoming/oneroster/` (or a folder given to `lablink roster import`) gets
 * the same run record, counts, rejects file and redelivery rule as a vendor
 * file; held evidence of every program (file records and pushed events) is
 * released afterwards, since the roster may name students it was waiting for.
 */
import { createHash } from 'node:crypto';
import { LablinkError } from '../errors.js';
import { deterministicId } from '../ids.js';
import { countsAddUp, emptyCounts, type IngestRun } from '../model.js';
import type { MasteryStore, ObjectStore, RunStore } from '../ports.js';
import { ONEROSTER_PROGRAM_ID, RUNS_PREFIX } from '../programs.js';
import { updateStudents } from '../rollup/index.js';
import type { EventRecordStore } from '../events/model.js';
import { releaseAllHeld } from '../identity/release.js';
import { RejectsFile } from '../ingest/rejects-file.js';
import { runIdFor, type SourceObject } from '../ingest/ingest-object.js';
import { applyBundle, type RosterImportDeps } from './apply.js';
import { readBundleFolder, readBundleZip, type Bundle } from './bundle.js';

export interface RosterRunDeps extends RosterImportDeps {
  runs: RunStore;
  mastery: MasteryStore;
  objects: ObjectStore;
  /**
   * Event records of pushed events: with it, the release after the import
   * also maps held Caliper and xAPI events the roster now resolves; without
   * it they stay held until a mapping load.
   */
  events?: EventRecordStore;
}

export const ONEROSTER_PROFILE_ID = 'oneroster-csv';

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks);
}

/** Ingests a zipped bundle from the bucket; the run id is the object's. */
export async function ingestRosterObject(
  deps: RosterRunDeps,
  source: SourceObject,
): Promise<IngestRun> {
  return runBundle(deps, runIdFor(source), source, async () => {
    const bytes = await readAll(
      await deps.objects.openRead(source.bucket, source.key, source.versionId),
    );
    return readBundleZip(source.key, bytes);
  });
}

/**
 * Imports a bundle folder in place (the CLI's local path). The run id comes
 * from the folder and its bytes, so importing the same folder twice is one
 * run; its rejects go to `bucket` like any run's.
 */
export async function importRosterFolder(
  deps: RosterRunDeps,
  dir: string,
  bucket: string,
): Promise<IngestRun> {
  const bundle = await readBundleFolder(dir);
  const hash = createHash('sha256');
  for (const [name, bytes] of [...bundle.files].sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(name).update(bytes);
  }
  const source = { bucket, key: `folder:${dir}`, eTag: hash.digest('hex') };
  return runBundle(
    deps,
    deterministicId('folder', dir, source.eTag),
    source,
    async () => bundle,
  );
}

async function runBundle(
  deps: RosterRunDeps,
  runId: string,
  source: SourceObject,
  load: () => Promise<Bundle>,
): Promise<IngestRun> {
  const claim = await deps.runs.claimRun({
    runId,
    source,
    programId: ONEROSTER_PROGRAM_ID,
    profileId: ONEROSTER_PROFILE_ID,
    status: 'running',
    counts: emptyCounts(),
    rejectReasons: {},
    unmappedSkills: [],
    startedAt: (deps.now?.() ?? new Date()).toISOString(),
  });
  if (claim.outcome === 'already_completed') return claim.run;

  const sourceUri = `s3://${source.bucket}/${source.key}`;
  let outcome;
  try {
    outcome = await applyBundle(deps, await load(), { runId, sourceUri });
  } catch (error) {
    const message =
      error instanceof LablinkError ? error.message : (error as Error).message;
    deps.log.error('roster run failed', { runId, error: message });
    return deps.runs.finishRun(runId, {
      status: 'failed',
      counts: emptyCounts(),
      rejectReasons: {},
      unmappedSkills: [],
      error: message,
    });
  }

  const rejectReasons: Record<string, number> = {};
  const rejects = await RejectsFile.create();
  let rejectsKey: string | undefined;
  try {
    for (const r of outcome.rejects) {
      const field = `${r.file}:${r.column}`;
      const reason = `${field}: ${r.reason}`;
      rejectReasons[reason] = (rejectReasons[reason] ?? 0) + 1;
      await rejects.add({
        line: r.row,
        field,
        value: r.value,
        reason: r.reason,
        fix: r.fix,
      });
    }
    await rejects.close();
    if (rejects.size > 0) {
      rejectsKey = `${RUNS_PREFIX}${runId}/rejects.csv`;
      await deps.objects.putFile(source.bucket, rejectsKey, rejects.path, 'text/csv');
    }
  } finally {
    await rejects.remove();
  }
  if (!countsAddUp(outcome.counts)) {
    throw new LablinkError('roster run counts do not add up', {
      runId,
      counts: outcome.counts,
    });
  }
  await updateStudents(deps, outcome.touchedStudents);

  const run = await deps.runs.finishRun(runId, {
    status: outcome.counts.unwritten > 0 ? 'failed' : 'completed',
    counts: outcome.counts,
    rejectReasons,
    rejectsKey,
    unmappedSkills: [...new Set(outcome.unknownStandards)].sort(),
    matchRate: outcome.matchRate,
    fileCounts: outcome.fileCounts,
  });
  deps.log.info('roster run finished', {
    runId,
    version: outcome.version,
    ...outcome.counts,
  });
  if (deps.held) await releaseAllHeld({ ...deps, held: deps.held }, runId);
  return run;
}
