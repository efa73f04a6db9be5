/**
 * The ingest use case: one dropped object becomes evidence, a run record and
 * a rejects file, whatever delivered it (an S3 event, the CLI, a re-drive).
 *
 * Nothing is lost: every parsed record ends accepted, duplicate, rejected
 * (with line, field, reason and fix) or held, and the run's counts add up.
 * Re-running changes nothing: the run id comes from the object's identity, a
 * completed run is not repeated, and evidence ids are deterministic.
 *
 * A file of a layout no profile reads is held, not failed: its run ends
 * `held` with the closest profiles named, and a marker (shared/ingest/
 * held-file.ts) lets a release read it once a profile matches. A file that
 * is not text at all (a spreadsheet or zip saved as .csv) fails at once:
 * no profile will ever read it.
 */
import { ConfigError, LablinkError, UnknownLayoutError } from '../errors.js';
import { deterministicId } from '../ids.js';
import type { Log } from '../log.js';
import {
  countsAddUp,
  emptyCounts,
  type IngestRun,
  type RunCounts,
  type RunStatus,
} from '../model.js';
import type {
  EvidenceStore,
  HeldStore,
  MasteryStore,
  ObjectStore,
  RosterStore,
  RunStore,
} from '../ports.js';
import { findProgram, programIdFromKey, RUNS_PREFIX } from '../programs.js';
import {
  AUTO_PROGRAM,
  chooseProfile,
  loadProfile,
  readRecords,
} from '../profiles/index.js';
import { loadCrosswalk } from '../crosswalks/index.js';
import { updateStudents } from '../rollup/index.js';
import type { MasteryPolicy } from '../mastery/index.js';
import type { IdentityStore } from '../identity/ports.js';
import { createEvidenceSink, type EvidenceSink } from './evidence-sink.js';
import type { HeldFileStore } from './held-file.js';
import { RejectsFile } from './rejects-file.js';

export interface IngestDeps {
  evidence: EvidenceStore;
  mastery: MasteryStore;
  roster: RosterStore;
  runs: RunStore;
  objects: ObjectStore;
  log: Log;
  /** The district's time zone, for vendor times without an offset. */
  timeZone: string;
  policy?: MasteryPolicy;
  now?: () => Date;
  /** Where evidence of unresolved students waits; needed unless ids are Lablink ids. */
  held?: HeldStore;
  /** Mapping tables and the roster's identity index (shared/identity). */
  identity?: IdentityStore;
}

/** What reading a dropped object needs: held files wait in `heldFiles`. */
export interface ObjectIngestDeps extends IngestDeps {
  heldFiles: HeldFileStore;
}

/** The identity of a dropped object, as an S3 event or a PUT response gives it. */
export interface SourceObject {
  bucket: string;
  /** The decoded key (never the form-encoded form an S3 event carries). */
  key: string;
  versionId?: string;
  eTag?: string;
}

const unquote = (eTag?: string) => eTag?.replace(/^"|"$/g, '');

/**
 * The run id of an object: the same object (bucket, key and version, or
 * content hash when the bucket is unversioned) always maps to the same run,
 * which is how a redelivered event is recognised.
 */
export function runIdFor(source: SourceObject): string {
  const version = source.versionId ?? `etag:${unquote(source.eTag) ?? ''}`;
  return deterministicId('s3', source.bucket, source.key, version);
}

export async function ingestObject(
  deps: ObjectIngestDeps,
  source: SourceObject,
): Promise<IngestRun> {
  const runId = runIdFor(source);
  const startedAt = (deps.now?.() ?? new Date()).toISOString();
  const programInKey = programIdFromKey(source.key);
  let programId = programInKey ?? AUTO_PROGRAM;
  const log = deps.log;

  // The header picks the profile when the key names no program, and must
  // match the program's profile when it does; either failure stops the run
  // with the closest profiles named, before any record is read.
  let profileId = 'unknown';
  let setupError: LablinkError | undefined;
  try {
    ({ programId, profileId } = await chooseProfile(programInKey, source.key, () =>
      deps.objects.openRead(source.bucket, source.key, source.versionId),
    ));
  } catch (error) {
    setupError = error as LablinkError;
  }
  if (setupError instanceof UnknownLayoutError) {
    const unchanged = await stillHeld(deps, runId, setupError);
    if (unchanged) return unchanged;
  }

  const claim = await deps.runs.claimRun({
    runId,
    source: { ...source, eTag: unquote(source.eTag) },
    programId,
    profileId,
    status: 'running',
    counts: emptyCounts(),
    rejectReasons: {},
    unmappedSkills: [],
    startedAt,
  });
  if (claim.outcome === 'already_completed') {
    log.info('object already ingested; nothing to do', { runId, key: source.key });
    return claim.run;
  }
  if (setupError && setupStatus(setupError) === 'held') {
    log.warn('run held: unknown layout', { runId, error: setupError.message });
    // The marker first: a held run without one would never be released.
    await deps.heldFiles.putHeldFile({
      runId,
      source: { ...source, eTag: unquote(source.eTag) },
      programId,
      heldAt: startedAt,
    });
    return deps.runs.finishRun(runId, {
      ...failed(emptyCounts(), setupError.message),
      status: 'held',
    });
  }
  if (setupError) {
    log.warn('run failed before reading', { runId, error: setupError.message });
    return deps.runs.finishRun(runId, failed(emptyCounts(), setupError.message));
  }

  const rejects = await RejectsFile.create();
  try {
    return await readAndWrite(deps, source, runId, { programId, profileId }, rejects);
  } finally {
    await rejects.remove();
  }
}

/**
 * How a run that stops before reading ends: held when the file's layout is
 * unknown (a profile added later can read it), failed otherwise (an unknown
 * program, a file that is not text, an unreadable or empty file, a header
 * two profiles tie on).
 */
export function setupStatus(error: unknown): Extract<RunStatus, 'held' | 'failed'> {
  return error instanceof UnknownLayoutError ? 'held' : 'failed';
}

/**
 * The stored run when it is already held for the same reason: a release that
 * finds no new profile rewrites nothing, so the run keeps its place in the
 * run list instead of moving up with every release.
 */
async function stillHeld(
  deps: ObjectIngestDeps,
  runId: string,
  error: UnknownLayoutError,
): Promise<IngestRun | undefined> {
  const run = await deps.runs.getRun(runId);
  return run?.status === 'held' && run.error === error.message ? run : undefined;
}

function failed(counts: RunCounts, error: string) {
  return {
    status: 'failed' as const,
    counts,
    rejectReasons: {},
    unmappedSkills: [],
    error,
  };
}

async function readAndWrite(
  deps: IngestDeps,
  source: SourceObject,
  runId: string,
  choice: { programId: string; profileId: string },
  rejects: RejectsFile,
): Promise<IngestRun> {
  const { log } = deps;
  const { programId, profileId } = choice;
  const program = findProgram(programId);
  const startedMs = Date.now();
  let sink: EvidenceSink | undefined;

  try {
    // The chosen profile: the program's own, or a variant its folder names.
    const profile = loadProfile(profileId);
    const crosswalk = program.crosswalkId
      ? loadCrosswalk(program.crosswalkId)
      : undefined;
    sink = createEvidenceSink(
      deps,
      {
        programId,
        runId,
        sourceUri: `s3://${source.bucket}/${source.key}`,
        sourceIdentity: source.versionId ?? unquote(source.eTag) ?? source.key,
        profile,
        crosswalk,
      },
      rejects,
      (error) =>
        log.error('evidence batch failed', { runId, error: (error as Error).message }),
    );
    const input = await deps.objects.openRead(
      source.bucket,
      source.key,
      source.versionId,
    );
    for await (const record of readRecords(profile, input, { fileName: source.key })) {
      await sink.add(record);
    }
    await sink.flush();
  } catch (error) {
    await sink?.flush().catch(() => undefined);
    const message =
      error instanceof LablinkError || error instanceof ConfigError
        ? error.message
        : `reading ${source.key} failed: ${(error as Error).message}`;
    const counts = sink?.counts ?? emptyCounts();
    log.error('run failed', { runId, error: message, parsed: counts.parsed });
    return deps.runs.finishRun(runId, {
      ...failed(counts, message),
      rejectReasons: sink?.summary().rejectReasons ?? {},
      unmappedSkills: sink?.summary().unmappedSkills ?? [],
    });
  }

  const { counts, touchedStudents } = sink;
  const { rejectReasons, unmappedSkills, matchRate, unwrittenIds } = sink.summary();
  const readDoneAt = Date.now();
  const mastery = await updateStudents(deps, touchedStudents, { runId });
  const timing = { readMs: readDoneAt - startedMs, masteryMs: Date.now() - readDoneAt };

  let rejectsKey: string | undefined;
  await rejects.close();
  if (rejects.size > 0) {
    rejectsKey = `${RUNS_PREFIX}${runId}/rejects.csv`;
    await deps.objects.putFile(source.bucket, rejectsKey, rejects.path, 'text/csv');
  }

  if (!countsAddUp(counts)) {
    // A bug, not bad input: fail loudly rather than report a run that lost records.
    throw new LablinkError('run counts do not add up', { runId, counts });
  }

  const status = counts.unwritten > 0 ? 'failed' : 'completed';
  const error =
    counts.unwritten > 0
      ? `${counts.unwritten} evidence records were not written after retries ` +
        `(first ids: ${unwrittenIds.join(', ')}); re-drive the run by dropping the file again`
      : undefined;
  const run = await deps.runs.finishRun(runId, {
    status,
    counts,
    rejectReasons,
    rejectsKey,
    unmappedSkills,
    error,
    matchRate,
  });
  log.info('run finished', {
    runId,
    status,
    ...counts,
    ...mastery,
    ...timing,
    matched: matchRate.matched,
  });
  return run;
}
