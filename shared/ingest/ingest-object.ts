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
import {
  countsAddUp,
  emptyCounts,
  type Enrollment,
  type IngestRun,
  type RunCounts,
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
  createRowMapper,
  loadProfile,
  readRecords,
} from '../profiles/index.js';
import { loadCrosswalk } from '../crosswalks/index.js';
import { updateStudents } from '../rollup/index.js';
import type { MasteryPolicy } from '../mastery/index.js';
import { HeldBuffer, heldEvidence } from '../identity/held.js';
import { countMatch, emptyMatchRate } from '../identity/match-rate.js';
import type { IdentityStore } from '../identity/ports.js';
import { createStudentResolver } from '../identity/resolver.js';
import { BoundedPool } from './bounded-pool.js';
import { EvidenceWriter } from './evidence-writer.js';
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

/** The identity of a dropped object, as an S3 event or a PUT response gives it. */
export interface SourceObject {
  bucket: string;
  /** The decoded key (never the form-encoded form an S3 event carries). */
  key: string;
  versionId?: string;
  eTag?: string;
}

/** Enrollments per write; each is three items (both sides and the class registry). */
const ENROLLMENT_BATCH = 25;
const ENROLLMENT_CONCURRENCY = 2;

/** Evidence ids listed in a failed run's error; the count is always complete. */
const MAX_UNWRITTEN_LISTED = 20;

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
  const programInKey = programIdFromKey(source.key);
  let programId = programInKey ?? AUTO_PROGRAM;
  const log = deps.log;

  // The header picks the profile when the key names no program, and must
  // match the program's profile when it does; either failure fails the run
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
    return await readAndWrite(deps, source, runId, { programId, profileId }, rejects);
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
  choice: { programId: string; profileId: string },
  rejects: RejectsFile,
): Promise<IngestRun> {
  const { log } = deps;
  const { programId, profileId } = choice;
  const program = findProgram(programId);
  const counts = emptyCounts();
  const rejectReasons: Record<string, number> = {};
  const unmappedSkills = new Set<string>();
  const touchedStudents = new Set<string>();
  const enrolled = new Set<string>();
  const unwritten: string[] = [];
  const newEnrollments: Enrollment[] = [];
  let enrollmentFailure: unknown;
  const noteFailure = (error: unknown) => {
    enrollmentFailure ??= error;
  };
  // Enrollment writes are idempotent puts; a failure fails the run (re-driven).
  const pool = new BoundedPool(ENROLLMENT_CONCURRENCY);
  const writer = new EvidenceWriter(
    deps.evidence,
    (evidence, outcome) => {
      switch (outcome) {
        case 'duplicate':
        case 'stale':
          counts.duplicates += 1;
          return;
        case 'unwritten':
          counts.unwritten += 1;
          if (unwritten.length < MAX_UNWRITTEN_LISTED)
            unwritten.push(evidence.evidenceId);
          return;
        case 'replaced':
          counts.replaced += 1;
        // falls through: a replacement is accepted evidence
        case 'accepted':
          counts.accepted += 1;
          touchedStudents.add(evidence.studentId);
      }
    },
    undefined,
    undefined,
    (error) =>
      log.error('evidence batch failed', { runId, error: (error as Error).message }),
  );
  const sourceUri = `s3://${source.bucket}/${source.key}`;
  const startedMs = Date.now();
  const resolveStudent = createStudentResolver(deps.identity, programId);
  const matchRate = emptyMatchRate();
  const held = new HeldBuffer(deps.held);
  const heldAt = (deps.now?.() ?? new Date()).toISOString();

  try {
    // The chosen profile: the program's own, or a variant its folder names.
    const profile = loadProfile(profileId);
    const crosswalk = program.crosswalkId
      ? loadCrosswalk(program.crosswalkId)
      : undefined;
    const mapRow = createRowMapper(profile, crosswalk, {
      programId,
      runId,
      sourceUri,
      sourceIdentity: source.versionId ?? unquote(source.eTag) ?? source.key,
      timeZone: deps.timeZone,
    });
    const input = await deps.objects.openRead(
      source.bucket,
      source.key,
      source.versionId,
    );

    for await (const record of readRecords(profile, input, { fileName: source.key })) {
      // A wide row yields several records (sub-scores); each is counted.
      for (const result of mapRow(record)) {
        counts.parsed += 1;
        if (result.kind === 'rejected') {
          counts.rejected += 1;
          const reason = `${result.field}: ${result.reason}`;
          rejectReasons[reason] = (rejectReasons[reason] ?? 0) + 1;
          await rejects.add(result);
          continue;
        }

        // The file's id is the vendor's; the evidence id stays derived from it,
        // so a record held now and released later keeps one id.
        const vendorStudentId = result.evidence.studentId;
        const resolution = await resolveStudent(vendorStudentId);
        countMatch(matchRate, vendorStudentId, resolution);
        if (!resolution.ok) {
          counts.held += 1;
          await held.add(
            heldEvidence(result.evidence, result.enrollment, resolution.reason, heldAt),
          );
          continue;
        }
        const studentId = resolution.studentId;
        const evidence = { ...result.evidence, studentId };
        const enrollment = result.enrollment && { ...result.enrollment, studentId };
        if (enrollment) {
          const key = `s\u0000${enrollment.classId}\u0000${enrollment.studentId}`;
          if (!enrolled.has(key)) {
            enrolled.add(key);
            const { classId, schoolId } = enrollment;
            newEnrollments.push({
              classId,
              userId: enrollment.studentId,
              role: 'student',
              schoolId,
            });
            const teacherKey = `t\u0000${classId}\u0000${enrollment.teacherId}`;
            if (enrollment.teacherId && !enrolled.has(teacherKey)) {
              enrolled.add(teacherKey);
              newEnrollments.push({
                classId,
                userId: enrollment.teacherId,
                role: 'teacher',
                schoolId,
              });
            }
            if (newEnrollments.length >= ENROLLMENT_BATCH) {
              const batch = newEnrollments.splice(0);
              await pool.submit(() =>
                deps.roster.putEnrollments(batch).catch(noteFailure),
              );
            }
          }
        }
        await writer.add(evidence);
      }
    }
    await writer.flush();
    await held.flush();
    for (const skill of mapRow.unmappedSkills.keys()) unmappedSkills.add(skill);
    for (const code of mapRow.unknownStandards.keys()) {
      unmappedSkills.add(`standard ${code} (not in the standards catalog)`);
    }
    const rest = newEnrollments.splice(0);
    if (rest.length)
      await pool.submit(() => deps.roster.putEnrollments(rest).catch(noteFailure));
    await pool.drain();
    if (enrollmentFailure) throw enrollmentFailure;
  } catch (error) {
    await writer.flush().catch(() => undefined);
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
        `(first ids: ${unwritten.join(', ')}); re-drive the run by dropping the file again`
      : undefined;
  const run = await deps.runs.finishRun(runId, {
    status,
    counts,
    rejectReasons,
    rejectsKey,
    unmappedSkills: [...unmappedSkills].sort(),
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
