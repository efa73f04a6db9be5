/**
 * The ingest use case: one dropped object becomes evidence, a run record and
 * a rejects file, whatever delivered it (an S3 event, the CLI, a re-drive).
 *
 * Nothing is lost: every parsed record ends accepted, duplicate, rejected
 * (with line, field, reason and fix) or held, and the run's counts add up.
 * Re-running changes nothing: the run id comes from the object's identity, a
 * completed run is not repeated, and evidence ids are deterministic.
 */
import { ConfigError, LablinkError } from '../errors.js';
import { deterministicId } from '../ids.js';
import type { Log } from '../log.js';
import { countsAddUp, emptyCounts, type IngestRun, type RunCounts } from '../model.js';
import type {
  EvidenceStore,
  MasteryStore,
  ObjectStore,
  RosterStore,
  RunStore,
} from '../ports.js';
import { findProgram, programIdFromKey } from '../programs.js';
import { loadBuiltinProfile, readRecords, createRowMapper } from '../profiles/index.js';
import { loadBuiltinCrosswalk } from '../crosswalks/index.js';
import { updateStudents } from '../rollup/index.js';
import type { MasteryPolicy } from '../mastery/index.js';
import { BoundedPool } from './bounded-pool.js';
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
}

/** The identity of a dropped object, as an S3 event or a PUT response gives it. */
export interface SourceObject {
  bucket: string;
  /** The decoded key (never the form-encoded form an S3 event carries). */
  key: string;
  versionId?: string;
  eTag?: string;
}

/** Evidence writes in flight per run: enough to hide latency, bounded for the table. */
export const WRITE_CONCURRENCY = 32;

/** Evidence ids listed in a failed run's error; the count is always complete. */
const MAX_UNWRITTEN_LISTED = 20;

/** The prefix under which each run's rejects file is written. */
export const RUNS_PREFIX = 'runs/';

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
  deps: IngestDeps,
  source: SourceObject,
): Promise<IngestRun> {
  const runId = runIdFor(source);
  const startedAt = (deps.now?.() ?? new Date()).toISOString();
  const programId = programIdFromKey(source.key) ?? 'unknown';
  const log = deps.log;

  let profileId = 'unknown';
  let setupError: LablinkError | undefined;
  try {
    profileId = findProgram(programId).profileId;
  } catch (error) {
    setupError = error as LablinkError;
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
  if (setupError) {
    log.warn('run failed before reading', { runId, error: setupError.message });
    return deps.runs.finishRun(runId, failed(emptyCounts(), setupError.message));
  }

  const rejects = await RejectsFile.create();
  try {
    return await readAndWrite(deps, source, runId, programId, rejects);
  } finally {
    await rejects.remove();
  }
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
  programId: string,
  rejects: RejectsFile,
): Promise<IngestRun> {
  const { log } = deps;
  const program = findProgram(programId);
  const counts = emptyCounts();
  const rejectReasons: Record<string, number> = {};
  const unmappedSkills = new Set<string>();
  const touchedStudents = new Set<string>();
  const enrolled = new Set<string>();
  const unwritten: string[] = [];
  const pool = new BoundedPool(WRITE_CONCURRENCY);
  const sourceUri = `s3://${source.bucket}/${source.key}`;

  try {
    const profile = loadBuiltinProfile(program.profileId);
    const crosswalk = program.crosswalkId
      ? loadBuiltinCrosswalk(program.crosswalkId)
      : undefined;
    const mapRow = createRowMapper(profile, crosswalk, {
      programId,
      runId,
      sourceUri,
      sourceIdentity: source.versionId ?? unquote(source.eTag) ?? source.key,
      timeZone: deps.timeZone,
    });
    const input = await deps.objects.openRead(source.bucket, source.key, source.versionId);

    for await (const record of readRecords(profile, input, { fileName: source.key })) {
      counts.parsed += 1;
      const result = mapRow(record);
      if (result.kind === 'rejected') {
        counts.rejected += 1;
        const reason = `${result.field}: ${result.reason}`;
        rejectReasons[reason] = (rejectReasons[reason] ?? 0) + 1;
        await rejects.add(result);
        continue;
      }

      const { evidence, enrollment } = result;
      if (evidence.standards.length === 0 && evidence.vendorSkill) {
        unmappedSkills.add(evidence.vendorSkill);
      }
      if (enrollment) {
        const key = `${enrollment.classId}\u0000${enrollment.studentId}`;
        if (!enrolled.has(key)) {
          enrolled.add(key);
          await pool.submit(() =>
            deps.roster.putEnrollment({
              classId: enrollment.classId,
              studentId: enrollment.studentId,
              role: 'student',
            }),
          );
        }
      }
      await pool.submit(async () => {
        try {
          const outcome = await deps.evidence.putEvidence(evidence);
          if (outcome === 'duplicate') counts.duplicates += 1;
          else {
            counts.accepted += 1;
            if (outcome === 'replaced') counts.replaced += 1;
            touchedStudents.add(evidence.studentId);
          }
        } catch (error) {
          counts.unwritten += 1;
          if (unwritten.length < MAX_UNWRITTEN_LISTED) unwritten.push(evidence.evidenceId);
          log.error('evidence write failed', {
            runId,
            evidenceId: evidence.evidenceId,
            error: (error as Error).message,
          });
        }
      });
    }
    await pool.drain();
  } catch (error) {
    await pool.drain();
    const message =
      error instanceof LablinkError || error instanceof ConfigError
        ? error.message
        : `reading ${source.key} failed: ${(error as Error).message}`;
    log.error('run failed', { runId, error: message, parsed: counts.parsed });
    return deps.runs.finishRun(runId, {
      ...failed(counts, message),
      rejectReasons,
      unmappedSkills: [...unmappedSkills].sort(),
    });
  }

  const mastery = await updateStudents(deps, touchedStudents);

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
        `(first ids: ${unwritten.join(', ')}); re-drive the run by dropping the file again`
      : undefined;
  const run = await deps.runs.finishRun(runId, {
    status,
    counts,
    rejectReasons,
    rejectsKey,
    unmappedSkills: [...unmappedSkills].sort(),
    error,
  });
  log.info('run finished', { runId, status, ...counts, ...mastery });
  return run;
}
